{#-
    Column lists shared by a per-ticker silver model and its bulk (or other)
    twins, so that they keep the same columns and types, or read by the gold
    model that joins several silver tables into one row (gold_wide_columns).
    Each entry is [FMP field, silver column, type]; see macros/silver_model.sql.
-#}

{#- company_profile, company_profile_bulk -#}
{% macro silver_columns_company_profile() -%}
    {{- return([
        ['symbol',            'symbol',              'varchar'],
        ['companyName',       'company_name',        'varchar'],
        ['cik',               'cik',                 'cik'],
        ['isin',              'isin',                'varchar'],
        ['cusip',             'cusip',               'varchar'],
        ['exchange',          'exchange',            'varchar'],
        ['exchangeFullName',  'exchange_full_name',  'varchar'],
        ['currency',          'currency',            'varchar'],
        ['country',           'country',             'varchar'],
        ['sector',            'sector',              'varchar'],
        ['industry',          'industry',            'varchar'],
        ['ceo',               'ceo',                 'varchar'],
        ['description',       'description',         'varchar'],
        ['website',           'website',             'varchar'],
        ['image',             'image',               'varchar'],
        ['phone',             'phone',               'varchar'],
        ['address',           'address',             'varchar'],
        ['city',              'city',                'varchar'],
        ['state',             'state',               'varchar'],
        ['zip',               'zip',                 'varchar'],
        ['price',             'price',               'double'],
        ['marketCap',         'market_cap',          'double'],
        ['beta',              'beta',                'double'],
        ['lastDividend',      'last_dividend',       'double'],
        ['range',             'price_range',         'varchar'],
        ['change',            'change',              'double'],
        ['changePercentage',  'change_percentage',   'double'],
        ['volume',            'volume',              'bigint'],
        ['averageVolume',     'average_volume',      'bigint'],
        ['fullTimeEmployees', 'full_time_employees', 'integer'],
        ['ipoDate',           'ipo_date',            'date'],
        ['isEtf',             'is_etf',              'boolean'],
        ['isFund',            'is_fund',             'boolean'],
        ['isAdr',             'is_adr',              'boolean'],
        ['isActivelyTrading', 'is_actively_trading', 'boolean'],
        ['defaultImage',      'is_default_image',    'boolean'],
    ]) -}}
{%- endmacro %}


{#- historical_price_eod_full, crypto_price_eod, fx_price_eod, commodities_price_eod -#}
{% macro silver_columns_eod_prices() -%}
    {{- return([
        ['symbol',        'symbol',         'varchar'],
        ['date',          'date',           'date'],
        ['open',          'open',           'double'],
        ['high',          'high',           'double'],
        ['low',           'low',            'double'],
        ['close',         'close',          'double'],
        ['volume',        'volume',         'bigint'],
        ['change',        'change',         'double'],
        ['changePercent', 'change_percent', 'double'],
        ['vwap',          'vwap',           'double'],
    ]) -}}
{%- endmacro %}


{#- income_statement, income_statement_bulk_quarter, income_statement_bulk_annual -#}
{% macro silver_columns_income_statement() -%}
    {{- return([
        ['symbol',                                  'symbol',                                      'varchar'],
        ['date',                                    'date',                                        'date'],
        ['period',                                  'period',                                      'varchar'],
        ['fiscalYear',                              'fiscal_year',                                 'integer'],
        ['reportedCurrency',                        'reported_currency',                           'varchar'],
        ['cik',                                     'cik',                                         'cik'],
        ['filingDate',                              'filing_date',                                 'date'],
        ['acceptedDate',                            'accepted_date',                               'timestamp'],
        ['revenue',                                 'revenue',                                     'double'],
        ['costOfRevenue',                           'cost_of_revenue',                             'double'],
        ['grossProfit',                             'gross_profit',                                'double'],
        ['researchAndDevelopmentExpenses',          'research_and_development_expenses',           'double'],
        ['generalAndAdministrativeExpenses',        'general_and_administrative_expenses',         'double'],
        ['sellingAndMarketingExpenses',             'selling_and_marketing_expenses',              'double'],
        ['sellingGeneralAndAdministrativeExpenses', 'selling_general_and_administrative_expenses', 'double'],
        ['otherExpenses',                           'other_expenses',                              'double'],
        ['operatingExpenses',                       'operating_expenses',                          'double'],
        ['costAndExpenses',                         'cost_and_expenses',                           'double'],
        ['netInterestIncome',                       'net_interest_income',                         'double'],
        ['interestIncome',                          'interest_income',                             'double'],
        ['interestExpense',                         'interest_expense',                            'double'],
        ['depreciationAndAmortization',             'depreciation_and_amortization',               'double'],
        ['ebitda',                                  'ebitda',                                      'double'],
        ['ebit',                                    'ebit',                                        'double'],
        ['nonOperatingIncomeExcludingInterest',     'non_operating_income_excluding_interest',     'double'],
        ['operatingIncome',                         'operating_income',                            'double'],
        ['totalOtherIncomeExpensesNet',             'total_other_income_expenses_net',             'double'],
        ['incomeBeforeTax',                         'income_before_tax',                           'double'],
        ['incomeTaxExpense',                        'income_tax_expense',                          'double'],
        ['netIncomeFromContinuingOperations',       'net_income_from_continuing_operations',       'double'],
        ['netIncomeFromDiscontinuedOperations',     'net_income_from_discontinued_operations',     'double'],
        ['otherAdjustmentsToNetIncome',             'other_adjustments_to_net_income',             'double'],
        ['netIncome',                               'net_income',                                  'double'],
        ['netIncomeDeductions',                     'net_income_deductions',                       'double'],
        ['bottomLineNetIncome',                     'bottom_line_net_income',                      'double'],
        ['eps',                                     'eps',                                         'double'],
        ['epsDiluted',                              'eps_diluted',                                 'double'],
        ['weightedAverageShsOut',                   'weighted_average_shs_out',                    'bigint'],
        ['weightedAverageShsOutDil',                'weighted_average_shs_out_dil',                'bigint'],
    ]) -}}
{%- endmacro %}


{#- balance_sheet_statement, balance_sheet_bulk_quarter, balance_sheet_bulk_annual -#}
{% macro silver_columns_balance_sheet_statement() -%}
    {{- return([
        ['symbol',                                  'symbol',                                      'varchar'],
        ['date',                                    'date',                                        'date'],
        ['period',                                  'period',                                      'varchar'],
        ['fiscalYear',                              'fiscal_year',                                 'integer'],
        ['reportedCurrency',                        'reported_currency',                           'varchar'],
        ['cik',                                     'cik',                                         'cik'],
        ['filingDate',                              'filing_date',                                 'date'],
        ['acceptedDate',                            'accepted_date',                               'timestamp'],
        ['cashAndCashEquivalents',                  'cash_and_cash_equivalents',                   'double'],
        ['shortTermInvestments',                    'short_term_investments',                      'double'],
        ['cashAndShortTermInvestments',             'cash_and_short_term_investments',             'double'],
        ['netReceivables',                          'net_receivables',                             'double'],
        ['accountsReceivables',                     'accounts_receivables',                        'double'],
        ['otherReceivables',                        'other_receivables',                           'double'],
        ['inventory',                               'inventory',                                   'double'],
        ['prepaids',                                'prepaids',                                    'double'],
        ['otherCurrentAssets',                      'other_current_assets',                        'double'],
        ['totalCurrentAssets',                      'total_current_assets',                        'double'],
        ['propertyPlantEquipmentNet',               'property_plant_equipment_net',                'double'],
        ['goodwill',                                'goodwill',                                    'double'],
        ['intangibleAssets',                        'intangible_assets',                           'double'],
        ['goodwillAndIntangibleAssets',             'goodwill_and_intangible_assets',              'double'],
        ['longTermInvestments',                     'long_term_investments',                       'double'],
        ['taxAssets',                               'tax_assets',                                  'double'],
        ['otherNonCurrentAssets',                   'other_non_current_assets',                    'double'],
        ['totalNonCurrentAssets',                   'total_non_current_assets',                    'double'],
        ['otherAssets',                             'other_assets',                                'double'],
        ['totalAssets',                             'total_assets',                                'double'],
        ['totalPayables',                           'total_payables',                              'double'],
        ['accountPayables',                         'account_payables',                            'double'],
        ['otherPayables',                           'other_payables',                              'double'],
        ['accruedExpenses',                         'accrued_expenses',                            'double'],
        ['shortTermDebt',                           'short_term_debt',                             'double'],
        ['capitalLeaseObligationsCurrent',          'capital_lease_obligations_current',           'double'],
        ['taxPayables',                             'tax_payables',                                'double'],
        ['deferredRevenue',                         'deferred_revenue',                            'double'],
        ['otherCurrentLiabilities',                 'other_current_liabilities',                   'double'],
        ['totalCurrentLiabilities',                 'total_current_liabilities',                   'double'],
        ['longTermDebt',                            'long_term_debt',                              'double'],
        ['capitalLeaseObligationsNonCurrent',       'capital_lease_obligations_non_current',       'double'],
        ['deferredRevenueNonCurrent',               'deferred_revenue_non_current',                'double'],
        ['deferredTaxLiabilitiesNonCurrent',        'deferred_tax_liabilities_non_current',        'double'],
        ['otherNonCurrentLiabilities',              'other_non_current_liabilities',               'double'],
        ['totalNonCurrentLiabilities',              'total_non_current_liabilities',               'double'],
        ['otherLiabilities',                        'other_liabilities',                           'double'],
        ['capitalLeaseObligations',                 'capital_lease_obligations',                   'double'],
        ['totalLiabilities',                        'total_liabilities',                           'double'],
        ['treasuryStock',                           'treasury_stock',                              'double'],
        ['preferredStock',                          'preferred_stock',                             'double'],
        ['commonStock',                             'common_stock',                                'double'],
        ['retainedEarnings',                        'retained_earnings',                           'double'],
        ['additionalPaidInCapital',                 'additional_paid_in_capital',                  'double'],
        ['accumulatedOtherComprehensiveIncomeLoss', 'accumulated_other_comprehensive_income_loss', 'double'],
        ['otherTotalStockholdersEquity',            'other_total_stockholders_equity',             'double'],
        ['totalStockholdersEquity',                 'total_stockholders_equity',                   'double'],
        ['totalEquity',                             'total_equity',                                'double'],
        ['minorityInterest',                        'minority_interest',                           'double'],
        ['totalLiabilitiesAndTotalEquity',          'total_liabilities_and_total_equity',          'double'],
        ['totalInvestments',                        'total_investments',                           'double'],
        ['totalDebt',                               'total_debt',                                  'double'],
        ['netDebt',                                 'net_debt',                                    'double'],
    ]) -}}
{%- endmacro %}


{#- cashflow_statement, cashflow_bulk_quarter, cashflow_bulk_annual -#}
{% macro silver_columns_cashflow_statement() -%}
    {{- return([
        ['symbol',                                 'symbol',                                      'varchar'],
        ['date',                                   'date',                                        'date'],
        ['period',                                 'period',                                      'varchar'],
        ['fiscalYear',                             'fiscal_year',                                 'integer'],
        ['reportedCurrency',                       'reported_currency',                           'varchar'],
        ['cik',                                    'cik',                                         'cik'],
        ['filingDate',                             'filing_date',                                 'date'],
        ['acceptedDate',                           'accepted_date',                               'timestamp'],
        ['netIncome',                              'net_income',                                  'double'],
        ['depreciationAndAmortization',            'depreciation_and_amortization',               'double'],
        ['deferredIncomeTax',                      'deferred_income_tax',                         'double'],
        ['stockBasedCompensation',                 'stock_based_compensation',                    'double'],
        ['changeInWorkingCapital',                 'change_in_working_capital',                   'double'],
        ['accountsReceivables',                    'accounts_receivables',                        'double'],
        ['inventory',                              'inventory',                                   'double'],
        ['accountsPayables',                       'accounts_payables',                           'double'],
        ['otherWorkingCapital',                    'other_working_capital',                       'double'],
        ['otherNonCashItems',                      'other_non_cash_items',                        'double'],
        ['netCashProvidedByOperatingActivities',   'net_cash_provided_by_operating_activities',   'double'],
        ['investmentsInPropertyPlantAndEquipment', 'investments_in_property_plant_and_equipment', 'double'],
        ['acquisitionsNet',                        'acquisitions_net',                            'double'],
        ['purchasesOfInvestments',                 'purchases_of_investments',                    'double'],
        ['salesMaturitiesOfInvestments',           'sales_maturities_of_investments',             'double'],
        ['otherInvestingActivities',               'other_investing_activities',                  'double'],
        ['netCashProvidedByInvestingActivities',   'net_cash_provided_by_investing_activities',   'double'],
        ['netDebtIssuance',                        'net_debt_issuance',                           'double'],
        ['longTermNetDebtIssuance',                'long_term_net_debt_issuance',                 'double'],
        ['shortTermNetDebtIssuance',               'short_term_net_debt_issuance',                'double'],
        ['netStockIssuance',                       'net_stock_issuance',                          'double'],
        ['netCommonStockIssuance',                 'net_common_stock_issuance',                   'double'],
        ['commonStockIssuance',                    'common_stock_issuance',                       'double'],
        ['commonStockRepurchased',                 'common_stock_repurchased',                    'double'],
        ['netPreferredStockIssuance',              'net_preferred_stock_issuance',                'double'],
        ['netDividendsPaid',                       'net_dividends_paid',                          'double'],
        ['commonDividendsPaid',                    'common_dividends_paid',                       'double'],
        ['preferredDividendsPaid',                 'preferred_dividends_paid',                    'double'],
        ['otherFinancingActivities',               'other_financing_activities',                  'double'],
        ['netCashProvidedByFinancingActivities',   'net_cash_provided_by_financing_activities',   'double'],
        ['effectOfForexChangesOnCash',             'effect_of_forex_changes_on_cash',             'double'],
        ['netChangeInCash',                        'net_change_in_cash',                          'double'],
        ['cashAtEndOfPeriod',                      'cash_at_end_of_period',                       'double'],
        ['cashAtBeginningOfPeriod',                'cash_at_beginning_of_period',                 'double'],
        ['operatingCashFlow',                      'operating_cash_flow',                         'double'],
        ['capitalExpenditure',                     'capital_expenditure',                         'double'],
        ['freeCashFlow',                           'free_cash_flow',                              'double'],
        ['incomeTaxesPaid',                        'income_taxes_paid',                           'double'],
        ['interestPaid',                           'interest_paid',                               'double'],
    ]) -}}
{%- endmacro %}


{#- key_metrics, key_metrics_bulk_quarter, key_metrics_bulk_annual -#}
{% macro silver_columns_key_metrics() -%}
    {{- return([
        ['symbol',                                 'symbol',                                      'varchar'],
        ['date',                                   'date',                                        'date'],
        ['period',                                 'period',                                      'varchar'],
        ['fiscalYear',                             'fiscal_year',                                 'integer'],
        ['reportedCurrency',                       'reported_currency',                           'varchar'],
        ['marketCap',                              'market_cap',                                  'double'],
        ['enterpriseValue',                        'enterprise_value',                            'double'],
        ['evToSales',                              'ev_to_sales',                                 'double'],
        ['evToOperatingCashFlow',                  'ev_to_operating_cash_flow',                   'double'],
        ['evToFreeCashFlow',                       'ev_to_free_cash_flow',                        'double'],
        ['evToEBITDA',                             'ev_to_ebitda',                                'double'],
        ['netDebtToEBITDA',                        'net_debt_to_ebitda',                          'double'],
        ['currentRatio',                           'current_ratio',                               'double'],
        ['incomeQuality',                          'income_quality',                              'double'],
        ['grahamNumber',                           'graham_number',                               'double'],
        ['grahamNetNet',                           'graham_net_net',                              'double'],
        ['taxBurden',                              'tax_burden',                                  'double'],
        ['interestBurden',                         'interest_burden',                             'double'],
        ['workingCapital',                         'working_capital',                             'double'],
        ['investedCapital',                        'invested_capital',                            'double'],
        ['returnOnAssets',                         'return_on_assets',                            'double'],
        ['operatingReturnOnAssets',                'operating_return_on_assets',                  'double'],
        ['returnOnTangibleAssets',                 'return_on_tangible_assets',                   'double'],
        ['returnOnEquity',                         'return_on_equity',                            'double'],
        ['returnOnInvestedCapital',                'return_on_invested_capital',                  'double'],
        ['returnOnCapitalEmployed',                'return_on_capital_employed',                  'double'],
        ['earningsYield',                          'earnings_yield',                              'double'],
        ['freeCashFlowYield',                      'free_cash_flow_yield',                        'double'],
        ['capexToOperatingCashFlow',               'capex_to_operating_cash_flow',                'double'],
        ['capexToDepreciation',                    'capex_to_depreciation',                       'double'],
        ['capexToRevenue',                         'capex_to_revenue',                            'double'],
        ['salesGeneralAndAdministrativeToRevenue', 'sales_general_and_administrative_to_revenue', 'double'],
        ['researchAndDevelopementToRevenue',       'research_and_development_to_revenue',         'double'],
        ['stockBasedCompensationToRevenue',        'stock_based_compensation_to_revenue',         'double'],
        ['intangiblesToTotalAssets',               'intangibles_to_total_assets',                 'double'],
        ['averageReceivables',                     'average_receivables',                         'double'],
        ['averagePayables',                        'average_payables',                            'double'],
        ['averageInventory',                       'average_inventory',                           'double'],
        ['daysOfSalesOutstanding',                 'days_of_sales_outstanding',                   'double'],
        ['daysOfPayablesOutstanding',              'days_of_payables_outstanding',                'double'],
        ['daysOfInventoryOutstanding',             'days_of_inventory_outstanding',               'double'],
        ['operatingCycle',                         'operating_cycle',                             'double'],
        ['cashConversionCycle',                    'cash_conversion_cycle',                       'double'],
        ['freeCashFlowToEquity',                   'free_cash_flow_to_equity',                    'double'],
        ['freeCashFlowToFirm',                     'free_cash_flow_to_firm',                      'double'],
        ['tangibleAssetValue',                     'tangible_asset_value',                        'double'],
        ['netCurrentAssetValue',                   'net_current_asset_value',                     'double'],
    ]) -}}
{%- endmacro %}


{#- metric_ratios, ratios_bulk_annual -#}
{% macro silver_columns_metric_ratios() -%}
    {{- return([
        ['symbol',                                  'symbol',                                        'varchar'],
        ['date',                                    'date',                                          'date'],
        ['period',                                  'period',                                        'varchar'],
        ['fiscalYear',                              'fiscal_year',                                   'integer'],
        ['reportedCurrency',                        'reported_currency',                             'varchar'],
        ['grossProfitMargin',                       'gross_profit_margin',                           'double'],
        ['ebitMargin',                              'ebit_margin',                                   'double'],
        ['ebitdaMargin',                            'ebitda_margin',                                 'double'],
        ['operatingProfitMargin',                   'operating_profit_margin',                       'double'],
        ['pretaxProfitMargin',                      'pretax_profit_margin',                          'double'],
        ['continuousOperationsProfitMargin',        'continuous_operations_profit_margin',           'double'],
        ['netProfitMargin',                         'net_profit_margin',                             'double'],
        ['bottomLineProfitMargin',                  'bottom_line_profit_margin',                     'double'],
        ['receivablesTurnover',                     'receivables_turnover',                          'double'],
        ['payablesTurnover',                        'payables_turnover',                             'double'],
        ['inventoryTurnover',                       'inventory_turnover',                            'double'],
        ['fixedAssetTurnover',                      'fixed_asset_turnover',                          'double'],
        ['assetTurnover',                           'asset_turnover',                                'double'],
        ['currentRatio',                            'current_ratio',                                 'double'],
        ['quickRatio',                              'quick_ratio',                                   'double'],
        ['solvencyRatio',                           'solvency_ratio',                                'double'],
        ['cashRatio',                               'cash_ratio',                                    'double'],
        ['priceToEarningsRatio',                    'price_to_earnings_ratio',                       'double'],
        ['priceToEarningsGrowthRatio',              'price_to_earnings_growth_ratio',                'double'],
        ['forwardPriceToEarningsGrowthRatio',       'forward_price_to_earnings_growth_ratio',        'double'],
        ['priceToBookRatio',                        'price_to_book_ratio',                           'double'],
        ['priceToSalesRatio',                       'price_to_sales_ratio',                          'double'],
        ['priceToFreeCashFlowRatio',                'price_to_free_cash_flow_ratio',                 'double'],
        ['priceToOperatingCashFlowRatio',           'price_to_operating_cash_flow_ratio',            'double'],
        ['debtToAssetsRatio',                       'debt_to_assets_ratio',                          'double'],
        ['debtToEquityRatio',                       'debt_to_equity_ratio',                          'double'],
        ['debtToCapitalRatio',                      'debt_to_capital_ratio',                         'double'],
        ['longTermDebtToCapitalRatio',              'long_term_debt_to_capital_ratio',               'double'],
        ['financialLeverageRatio',                  'financial_leverage_ratio',                      'double'],
        ['workingCapitalTurnoverRatio',             'working_capital_turnover_ratio',                'double'],
        ['operatingCashFlowRatio',                  'operating_cash_flow_ratio',                     'double'],
        ['operatingCashFlowSalesRatio',             'operating_cash_flow_sales_ratio',               'double'],
        ['freeCashFlowOperatingCashFlowRatio',      'free_cash_flow_operating_cash_flow_ratio',      'double'],
        ['debtServiceCoverageRatio',                'debt_service_coverage_ratio',                   'double'],
        ['interestCoverageRatio',                   'interest_coverage_ratio',                       'double'],
        ['shortTermOperatingCashFlowCoverageRatio', 'short_term_operating_cash_flow_coverage_ratio', 'double'],
        ['operatingCashFlowCoverageRatio',          'operating_cash_flow_coverage_ratio',            'double'],
        ['capitalExpenditureCoverageRatio',         'capital_expenditure_coverage_ratio',            'double'],
        ['dividendPaidAndCapexCoverageRatio',       'dividend_paid_and_capex_coverage_ratio',        'double'],
        ['dividendPayoutRatio',                     'dividend_payout_ratio',                         'double'],
        ['dividendYield',                           'dividend_yield',                                'double'],
        ['dividendYieldPercentage',                 'dividend_yield_percentage',                     'double'],
        ['revenuePerShare',                         'revenue_per_share',                             'double'],
        ['netIncomePerShare',                       'net_income_per_share',                          'double'],
        ['interestDebtPerShare',                    'interest_debt_per_share',                       'double'],
        ['cashPerShare',                            'cash_per_share',                                'double'],
        ['bookValuePerShare',                       'book_value_per_share',                          'double'],
        ['tangibleBookValuePerShare',               'tangible_book_value_per_share',                 'double'],
        ['shareholdersEquityPerShare',              'shareholders_equity_per_share',                 'double'],
        ['operatingCashFlowPerShare',               'operating_cash_flow_per_share',                 'double'],
        ['capexPerShare',                           'capex_per_share',                               'double'],
        ['freeCashFlowPerShare',                    'free_cash_flow_per_share',                      'double'],
        ['netIncomePerEBT',                         'net_income_per_ebt',                            'double'],
        ['ebtPerEbit',                              'ebt_per_ebit',                                  'double'],
        ['priceToFairValue',                        'price_to_fair_value',                           'double'],
        ['debtToMarketCap',                         'debt_to_market_cap',                            'double'],
        ['effectiveTaxRate',                        'effective_tax_rate',                            'double'],
        ['enterpriseValueMultiple',                 'enterprise_value_multiple',                     'double'],
        ['dividendPerShare',                        'dividend_per_share',                            'double'],
    ]) -}}
{%- endmacro %}


{#- technicals_historical_price_eod_dividend_adjusted, technicals_historical_price_eod_non_split_adjusted -#}
{% macro silver_columns_adjusted_eod_prices() -%}
    {{- return([
        ['symbol',   'symbol',    'varchar'],
        ['date',     'date',      'date'],
        ['adjOpen',  'adj_open',  'double'],
        ['adjHigh',  'adj_high',  'double'],
        ['adjLow',   'adj_low',   'double'],
        ['adjClose', 'adj_close', 'double'],
        ['volume',   'volume',    'bigint'],
    ]) -}}
{%- endmacro %}


{#- fred_dgs10, fred_usrecm: FRED observations ("." becomes NULL) -#}
{% macro silver_columns_fred_observations() -%}
    {{- return([
        ['date',           'date',           'date'],
        ['value',          'value',          'double'],
        ['realtime_start', 'realtime_start', 'date'],
        ['realtime_end',   'realtime_end',   'date'],
    ]) -}}
{%- endmacro %}


{#- revenue_product_segmentation, revenue_geographic_segmentation -#}
{% macro silver_columns_revenue_segmentation() -%}
    {{- return([
        ['symbol',           'symbol',            'varchar'],
        ['date',             'date',              'date'],
        ['fiscalYear',       'fiscal_year',       'integer'],
        ['period',           'period',            'varchar'],
        ['reportedCurrency', 'reported_currency', 'varchar'],
        ['data',             'data',              'varchar'],
    ]) -}}
{%- endmacro %}


{#- The body of a revenue segmentation model: FMP sends each period's segments as one
    {segment: revenue} object; silver keeps one row per segment. -#}
{% macro revenue_segments_select(bronze_source) -%}
with

bronze as (
    {{ read_bronze(bronze_source, silver_fmp_fields(silver_columns())) }}
),

typed as (
    {{ silver_typed_select() }}
),

-- one row per entry of the {segment: revenue} object
segments as (
    {{ revenue_segment_entries('typed') }}
)

{{ latest_changed_rows('segments', ['symbol', 'date', 'segment', 'fiscal_year', 'period', 'reported_currency', 'revenue']) }}
{%- endmacro %}


{#- The rows of `relation` (typed revenue segmentation rows) once per {segment: revenue} entry of
    their `data` object: symbol, date, segment, fiscal_year, period, reported_currency, revenue and
    the lineage. -#}
{% macro revenue_segment_entries(relation) -%}
    {{- return(adapter.dispatch('revenue_segment_entries')(relation)) -}}
{%- endmacro %}

{% macro default__revenue_segment_entries(relation) -%}
    select
        symbol,
        "date",
        nullif(trim(entry.key), '') as segment,
        fiscal_year,
        period,
        reported_currency,
        try_cast(entry.value as double) as revenue,
        file_id,
        run_id,
        ingested_at
    from (
        select
            *,
            unnest(map_entries(try_cast(json(data) as map(varchar, varchar)))) as entry
        from {{ relation }}
    ) as entries
{%- endmacro %}

{% macro spark__revenue_segment_entries(relation) -%}
    select
        symbol,
        `date`,
        nullif(trim(entry_key), '') as segment,
        fiscal_year,
        period,
        reported_currency,
        try_cast(entry_value as double) as revenue,
        file_id,
        run_id,
        ingested_at
    from {{ relation }}
    lateral view explode(from_json(data, 'map<string,string>')) entries as entry_key, entry_value
{%- endmacro %}


{#- income_statement_growth -#}
{% macro silver_columns_income_statement_growth() -%}
    {{- return([
        ['symbol',                                    'symbol',                                         'varchar'],
        ['date',                                      'date',                                           'date'],
        ['period',                                    'period',                                         'varchar'],
        ['fiscalYear',                                'fiscal_year',                                    'integer'],
        ['reportedCurrency',                          'reported_currency',                              'varchar'],
        ['growthRevenue',                             'growth_revenue',                                 'double'],
        ['growthCostOfRevenue',                       'growth_cost_of_revenue',                         'double'],
        ['growthGrossProfit',                         'growth_gross_profit',                            'double'],
        ['growthGrossProfitRatio',                    'growth_gross_profit_ratio',                      'double'],
        ['growthResearchAndDevelopmentExpenses',      'growth_research_and_development_expenses',       'double'],
        ['growthGeneralAndAdministrativeExpenses',    'growth_general_and_administrative_expenses',     'double'],
        ['growthSellingAndMarketingExpenses',         'growth_selling_and_marketing_expenses',          'double'],
        ['growthOtherExpenses',                       'growth_other_expenses',                          'double'],
        ['growthOperatingExpenses',                   'growth_operating_expenses',                      'double'],
        ['growthCostAndExpenses',                     'growth_cost_and_expenses',                       'double'],
        ['growthInterestIncome',                      'growth_interest_income',                         'double'],
        ['growthInterestExpense',                     'growth_interest_expense',                        'double'],
        ['growthDepreciationAndAmortization',         'growth_depreciation_and_amortization',           'double'],
        ['growthEBITDA',                              'growth_ebitda',                                  'double'],
        ['growthOperatingIncome',                     'growth_operating_income',                        'double'],
        ['growthIncomeBeforeTax',                     'growth_income_before_tax',                       'double'],
        ['growthIncomeTaxExpense',                    'growth_income_tax_expense',                      'double'],
        ['growthNetIncome',                           'growth_net_income',                              'double'],
        ['growthEPS',                                 'growth_eps',                                     'double'],
        ['growthEPSDiluted',                          'growth_eps_diluted',                             'double'],
        ['growthWeightedAverageShsOut',               'growth_weighted_average_shs_out',                'double'],
        ['growthWeightedAverageShsOutDil',            'growth_weighted_average_shs_out_dil',            'double'],
        ['growthEBIT',                                'growth_ebit',                                    'double'],
        ['growthNonOperatingIncomeExcludingInterest', 'growth_non_operating_income_excluding_interest', 'double'],
        ['growthNetInterestIncome',                   'growth_net_interest_income',                     'double'],
        ['growthTotalOtherIncomeExpensesNet',         'growth_total_other_income_expenses_net',         'double'],
        ['growthNetIncomeFromContinuingOperations',   'growth_net_income_from_continuing_operations',   'double'],
        ['growthOtherAdjustmentsToNetIncome',         'growth_other_adjustments_to_net_income',         'double'],
        ['growthNetIncomeDeductions',                 'growth_net_income_deductions',                   'double'],
    ]) -}}
{%- endmacro %}


{#- balance_sheet_statement_growth -#}
{% macro silver_columns_balance_sheet_statement_growth() -%}
    {{- return([
        ['symbol',                                        'symbol',                                             'varchar'],
        ['date',                                          'date',                                               'date'],
        ['period',                                        'period',                                             'varchar'],
        ['fiscalYear',                                    'fiscal_year',                                        'integer'],
        ['reportedCurrency',                              'reported_currency',                                  'varchar'],
        ['growthCashAndCashEquivalents',                  'growth_cash_and_cash_equivalents',                   'double'],
        ['growthShortTermInvestments',                    'growth_short_term_investments',                      'double'],
        ['growthNetReceivables',                          'growth_net_receivables',                             'double'],
        ['growthAccountsReceivables',                     'growth_accounts_receivables',                        'double'],
        ['growthOtherReceivables',                        'growth_other_receivables',                           'double'],
        ['growthInventory',                               'growth_inventory',                                   'double'],
        ['growthPrepaids',                                'growth_prepaids',                                    'double'],
        ['growthOtherCurrentAssets',                      'growth_other_current_assets',                        'double'],
        ['growthTotalCurrentAssets',                      'growth_total_current_assets',                        'double'],
        ['growthPropertyPlantEquipmentNet',               'growth_property_plant_equipment_net',                'double'],
        ['growthGoodwill',                                'growth_goodwill',                                    'double'],
        ['growthIntangibleAssets',                        'growth_intangible_assets',                           'double'],
        ['growthGoodwillAndIntangibleAssets',             'growth_goodwill_and_intangible_assets',              'double'],
        ['growthLongTermInvestments',                     'growth_long_term_investments',                       'double'],
        ['growthTaxAssets',                               'growth_tax_assets',                                  'double'],
        ['growthOtherNonCurrentAssets',                   'growth_other_non_current_assets',                    'double'],
        ['growthTotalNonCurrentAssets',                   'growth_total_non_current_assets',                    'double'],
        ['growthTotalAssets',                             'growth_total_assets',                                'double'],
        ['growthTotalPayables',                           'growth_total_payables',                              'double'],
        ['growthAccountPayables',                         'growth_account_payables',                            'double'],
        ['growthOtherPayables',                           'growth_other_payables',                              'double'],
        ['growthAccruedExpenses',                         'growth_accrued_expenses',                            'double'],
        ['growthShortTermDebt',                           'growth_short_term_debt',                             'double'],
        ['growthCapitalLeaseObligationsCurrent',          'growth_capital_lease_obligations_current',           'double'],
        ['growthTaxPayables',                             'growth_tax_payables',                                'double'],
        ['growthDeferredRevenue',                         'growth_deferred_revenue',                            'double'],
        ['growthOtherCurrentLiabilities',                 'growth_other_current_liabilities',                   'double'],
        ['growthTotalCurrentLiabilities',                 'growth_total_current_liabilities',                   'double'],
        ['growthLongTermDebt',                            'growth_long_term_debt',                              'double'],
        ['growthCapitalLeaseObligationsNonCurrent',       'growth_capital_lease_obligations_non_current',       'double'],
        ['growthDeferredRevenueNonCurrent',               'growth_deferred_revenue_non_current',                'double'],
        ['growthDeferredTaxLiabilitiesNonCurrent',        'growth_deferred_tax_liabilities_non_current',        'double'],
        ['growthOtherNonCurrentLiabilities',              'growth_other_non_current_liabilities',               'double'],
        ['growthTotalNonCurrentLiabilities',              'growth_total_non_current_liabilities',               'double'],
        ['growthTotalLiabilities',                        'growth_total_liabilities',                           'double'],
        ['growthTreasuryStock',                           'growth_treasury_stock',                              'double'],
        ['growthPreferredStock',                          'growth_preferred_stock',                             'double'],
        ['growthCommonStock',                             'growth_common_stock',                                'double'],
        ['growthRetainedEarnings',                        'growth_retained_earnings',                           'double'],
        ['growthAdditionalPaidInCapital',                 'growth_additional_paid_in_capital',                  'double'],
        ['growthAccumulatedOtherComprehensiveIncomeLoss', 'growth_accumulated_other_comprehensive_income_loss', 'double'],
        ['growthOtherTotalStockholdersEquity',            'growth_other_total_stockholders_equity',             'double'],
        ['growthTotalStockholdersEquity',                 'growth_total_stockholders_equity',                   'double'],
        ['growthTotalEquity',                             'growth_total_equity',                                'double'],
        ['growthMinorityInterest',                        'growth_minority_interest',                           'double'],
        ['growthTotalLiabilitiesAndTotalEquity',          'growth_total_liabilities_and_total_equity',          'double'],
        ['growthTotalInvestments',                        'growth_total_investments',                           'double'],
        ['growthTotalDebt',                               'growth_total_debt',                                  'double'],
        ['growthNetDebt',                                 'growth_net_debt',                                    'double'],
    ]) -}}
{%- endmacro %}


{#- cashflow_statement_growth -#}
{% macro silver_columns_cashflow_statement_growth() -%}
    {{- return([
        ['symbol',                                       'symbol',                                             'varchar'],
        ['date',                                         'date',                                               'date'],
        ['period',                                       'period',                                             'varchar'],
        ['fiscalYear',                                   'fiscal_year',                                        'integer'],
        ['reportedCurrency',                             'reported_currency',                                  'varchar'],
        ['growthNetIncome',                              'growth_net_income',                                  'double'],
        ['growthDepreciationAndAmortization',            'growth_depreciation_and_amortization',               'double'],
        ['growthDeferredIncomeTax',                      'growth_deferred_income_tax',                         'double'],
        ['growthStockBasedCompensation',                 'growth_stock_based_compensation',                    'double'],
        ['growthChangeInWorkingCapital',                 'growth_change_in_working_capital',                   'double'],
        ['growthAccountsReceivables',                    'growth_accounts_receivables',                        'double'],
        ['growthInventory',                              'growth_inventory',                                   'double'],
        ['growthAccountsPayables',                       'growth_accounts_payables',                           'double'],
        ['growthOtherWorkingCapital',                    'growth_other_working_capital',                       'double'],
        ['growthOtherNonCashItems',                      'growth_other_non_cash_items',                        'double'],
        ['growthNetCashProvidedByOperatingActivities',   'growth_net_cash_provided_by_operating_activities',   'double'],
        ['growthInvestmentsInPropertyPlantAndEquipment', 'growth_investments_in_property_plant_and_equipment', 'double'],
        ['growthAcquisitionsNet',                        'growth_acquisitions_net',                            'double'],
        ['growthPurchasesOfInvestments',                 'growth_purchases_of_investments',                    'double'],
        ['growthSalesMaturitiesOfInvestments',           'growth_sales_maturities_of_investments',             'double'],
        ['growthOtherInvestingActivities',               'growth_other_investing_activities',                  'double'],
        ['growthNetCashProvidedByInvestingActivities',   'growth_net_cash_provided_by_investing_activities',   'double'],
        ['growthNetDebtIssuance',                        'growth_net_debt_issuance',                           'double'],
        ['growthLongTermNetDebtIssuance',                'growth_long_term_net_debt_issuance',                 'double'],
        ['growthShortTermNetDebtIssuance',               'growth_short_term_net_debt_issuance',                'double'],
        ['growthNetStockIssuance',                       'growth_net_stock_issuance',                          'double'],
        ['growthCommonStockIssuance',                    'growth_common_stock_issuance',                       'double'],
        ['growthCommonStockRepurchased',                 'growth_common_stock_repurchased',                    'double'],
        ['growthNetPreferredStockIssuance',              'growth_net_preferred_stock_issuance',                'double'],
        ['growthNetDividendsPaid',                       'growth_net_dividends_paid',                          'double'],
        ['growthOtherFinancingActivities',               'growth_other_financing_activities',                  'double'],
        ['growthNetCashProvidedByFinancingActivities',   'growth_net_cash_provided_by_financing_activities',   'double'],
        ['growthEffectOfForexChangesOnCash',             'growth_effect_of_forex_changes_on_cash',             'double'],
        ['growthNetChangeInCash',                        'growth_net_change_in_cash',                          'double'],
        ['growthCashAtEndOfPeriod',                      'growth_cash_at_end_of_period',                       'double'],
        ['growthCashAtBeginningOfPeriod',                'growth_cash_at_beginning_of_period',                 'double'],
        ['growthCapitalExpenditure',                     'growth_capital_expenditure',                         'double'],
        ['growthFreeCashFlow',                           'growth_free_cash_flow',                              'double'],
        ['growthIncomeTaxesPaid',                        'growth_income_taxes_paid',                           'double'],
        ['growthInterestPaid',                           'growth_interest_paid',                               'double'],
    ]) -}}
{%- endmacro %}


{#- financial_statement_growth -#}
{% macro silver_columns_financial_statement_growth() -%}
    {{- return([
        ['symbol',                                  'symbol',                                          'varchar'],
        ['date',                                    'date',                                            'date'],
        ['period',                                  'period',                                          'varchar'],
        ['fiscalYear',                              'fiscal_year',                                     'integer'],
        ['reportedCurrency',                        'reported_currency',                               'varchar'],
        ['revenueGrowth',                           'revenue_growth',                                  'double'],
        ['grossProfitGrowth',                       'gross_profit_growth',                             'double'],
        ['ebitgrowth',                              'ebit_growth',                                     'double'],
        ['operatingIncomeGrowth',                   'operating_income_growth',                         'double'],
        ['netIncomeGrowth',                         'net_income_growth',                               'double'],
        ['epsgrowth',                               'eps_growth',                                      'double'],
        ['epsdilutedGrowth',                        'eps_diluted_growth',                              'double'],
        ['weightedAverageSharesGrowth',             'weighted_average_shares_growth',                  'double'],
        ['weightedAverageSharesDilutedGrowth',      'weighted_average_shares_diluted_growth',          'double'],
        ['dividendsPerShareGrowth',                 'dividends_per_share_growth',                      'double'],
        ['operatingCashFlowGrowth',                 'operating_cash_flow_growth',                      'double'],
        ['receivablesGrowth',                       'receivables_growth',                              'double'],
        ['inventoryGrowth',                         'inventory_growth',                                'double'],
        ['assetGrowth',                             'asset_growth',                                    'double'],
        ['bookValueperShareGrowth',                 'book_value_per_share_growth',                     'double'],
        ['debtGrowth',                              'debt_growth',                                     'double'],
        ['rdexpenseGrowth',                         'rd_expense_growth',                               'double'],
        ['sgaexpensesGrowth',                       'sga_expenses_growth',                             'double'],
        ['freeCashFlowGrowth',                      'free_cash_flow_growth',                           'double'],
        ['tenYRevenueGrowthPerShare',               'ten_y_revenue_growth_per_share',                  'double'],
        ['fiveYRevenueGrowthPerShare',              'five_y_revenue_growth_per_share',                 'double'],
        ['threeYRevenueGrowthPerShare',             'three_y_revenue_growth_per_share',                'double'],
        ['tenYOperatingCFGrowthPerShare',           'ten_y_operating_cf_growth_per_share',             'double'],
        ['fiveYOperatingCFGrowthPerShare',          'five_y_operating_cf_growth_per_share',            'double'],
        ['threeYOperatingCFGrowthPerShare',         'three_y_operating_cf_growth_per_share',           'double'],
        ['tenYNetIncomeGrowthPerShare',             'ten_y_net_income_growth_per_share',               'double'],
        ['fiveYNetIncomeGrowthPerShare',            'five_y_net_income_growth_per_share',              'double'],
        ['threeYNetIncomeGrowthPerShare',           'three_y_net_income_growth_per_share',             'double'],
        ['tenYShareholdersEquityGrowthPerShare',    'ten_y_shareholders_equity_growth_per_share',      'double'],
        ['fiveYShareholdersEquityGrowthPerShare',   'five_y_shareholders_equity_growth_per_share',     'double'],
        ['threeYShareholdersEquityGrowthPerShare',  'three_y_shareholders_equity_growth_per_share',    'double'],
        ['tenYDividendperShareGrowthPerShare',      'ten_y_dividend_per_share_growth_per_share',       'double'],
        ['fiveYDividendperShareGrowthPerShare',     'five_y_dividend_per_share_growth_per_share',      'double'],
        ['threeYDividendperShareGrowthPerShare',    'three_y_dividend_per_share_growth_per_share',     'double'],
        ['ebitdaGrowth',                            'ebitda_growth',                                   'double'],
        ['growthCapitalExpenditure',                'growth_capital_expenditure',                      'double'],
        ['tenYBottomLineNetIncomeGrowthPerShare',   'ten_y_bottom_line_net_income_growth_per_share',   'double'],
        ['fiveYBottomLineNetIncomeGrowthPerShare',  'five_y_bottom_line_net_income_growth_per_share',  'double'],
        ['threeYBottomLineNetIncomeGrowthPerShare', 'three_y_bottom_line_net_income_growth_per_share', 'double'],
    ]) -}}
{%- endmacro %}


{#- key_metrics_ttm -#}
{% macro silver_columns_key_metrics_ttm() -%}
    {{- return([
        ['symbol',                                    'symbol',                                          'varchar'],
        ['marketCap',                                 'market_cap',                                      'double'],
        ['enterpriseValueTTM',                        'enterprise_value_ttm',                            'double'],
        ['evToSalesTTM',                              'ev_to_sales_ttm',                                 'double'],
        ['evToOperatingCashFlowTTM',                  'ev_to_operating_cash_flow_ttm',                   'double'],
        ['evToFreeCashFlowTTM',                       'ev_to_free_cash_flow_ttm',                        'double'],
        ['evToEBITDATTM',                             'ev_to_ebitda_ttm',                                'double'],
        ['netDebtToEBITDATTM',                        'net_debt_to_ebitda_ttm',                          'double'],
        ['currentRatioTTM',                           'current_ratio_ttm',                               'double'],
        ['incomeQualityTTM',                          'income_quality_ttm',                              'double'],
        ['grahamNumberTTM',                           'graham_number_ttm',                               'double'],
        ['grahamNetNetTTM',                           'graham_net_net_ttm',                              'double'],
        ['taxBurdenTTM',                              'tax_burden_ttm',                                  'double'],
        ['interestBurdenTTM',                         'interest_burden_ttm',                             'double'],
        ['workingCapitalTTM',                         'working_capital_ttm',                             'double'],
        ['investedCapitalTTM',                        'invested_capital_ttm',                            'double'],
        ['returnOnAssetsTTM',                         'return_on_assets_ttm',                            'double'],
        ['operatingReturnOnAssetsTTM',                'operating_return_on_assets_ttm',                  'double'],
        ['returnOnTangibleAssetsTTM',                 'return_on_tangible_assets_ttm',                   'double'],
        ['returnOnEquityTTM',                         'return_on_equity_ttm',                            'double'],
        ['returnOnInvestedCapitalTTM',                'return_on_invested_capital_ttm',                  'double'],
        ['returnOnCapitalEmployedTTM',                'return_on_capital_employed_ttm',                  'double'],
        ['earningsYieldTTM',                          'earnings_yield_ttm',                              'double'],
        ['freeCashFlowYieldTTM',                      'free_cash_flow_yield_ttm',                        'double'],
        ['capexToOperatingCashFlowTTM',               'capex_to_operating_cash_flow_ttm',                'double'],
        ['capexToDepreciationTTM',                    'capex_to_depreciation_ttm',                       'double'],
        ['capexToRevenueTTM',                         'capex_to_revenue_ttm',                            'double'],
        ['salesGeneralAndAdministrativeToRevenueTTM', 'sales_general_and_administrative_to_revenue_ttm', 'double'],
        ['researchAndDevelopementToRevenueTTM',       'research_and_development_to_revenue_ttm',         'double'],
        ['stockBasedCompensationToRevenueTTM',        'stock_based_compensation_to_revenue_ttm',         'double'],
        ['intangiblesToTotalAssetsTTM',               'intangibles_to_total_assets_ttm',                 'double'],
        ['averageReceivablesTTM',                     'average_receivables_ttm',                         'double'],
        ['averagePayablesTTM',                        'average_payables_ttm',                            'double'],
        ['averageInventoryTTM',                       'average_inventory_ttm',                           'double'],
        ['daysOfSalesOutstandingTTM',                 'days_of_sales_outstanding_ttm',                   'double'],
        ['daysOfPayablesOutstandingTTM',              'days_of_payables_outstanding_ttm',                'double'],
        ['daysOfInventoryOutstandingTTM',             'days_of_inventory_outstanding_ttm',               'double'],
        ['operatingCycleTTM',                         'operating_cycle_ttm',                             'double'],
        ['cashConversionCycleTTM',                    'cash_conversion_cycle_ttm',                       'double'],
        ['freeCashFlowToEquityTTM',                   'free_cash_flow_to_equity_ttm',                    'double'],
        ['freeCashFlowToFirmTTM',                     'free_cash_flow_to_firm_ttm',                      'double'],
        ['tangibleAssetValueTTM',                     'tangible_asset_value_ttm',                        'double'],
        ['netCurrentAssetValueTTM',                   'net_current_asset_value_ttm',                     'double'],
    ]) -}}
{%- endmacro %}


{#- ratios_ttm -#}
{% macro silver_columns_ratios_ttm() -%}
    {{- return([
        ['symbol',                                     'symbol',                                            'varchar'],
        ['grossProfitMarginTTM',                       'gross_profit_margin_ttm',                           'double'],
        ['ebitMarginTTM',                              'ebit_margin_ttm',                                   'double'],
        ['ebitdaMarginTTM',                            'ebitda_margin_ttm',                                 'double'],
        ['operatingProfitMarginTTM',                   'operating_profit_margin_ttm',                       'double'],
        ['pretaxProfitMarginTTM',                      'pretax_profit_margin_ttm',                          'double'],
        ['continuousOperationsProfitMarginTTM',        'continuous_operations_profit_margin_ttm',           'double'],
        ['netProfitMarginTTM',                         'net_profit_margin_ttm',                             'double'],
        ['bottomLineProfitMarginTTM',                  'bottom_line_profit_margin_ttm',                     'double'],
        ['receivablesTurnoverTTM',                     'receivables_turnover_ttm',                          'double'],
        ['payablesTurnoverTTM',                        'payables_turnover_ttm',                             'double'],
        ['inventoryTurnoverTTM',                       'inventory_turnover_ttm',                            'double'],
        ['fixedAssetTurnoverTTM',                      'fixed_asset_turnover_ttm',                          'double'],
        ['assetTurnoverTTM',                           'asset_turnover_ttm',                                'double'],
        ['currentRatioTTM',                            'current_ratio_ttm',                                 'double'],
        ['quickRatioTTM',                              'quick_ratio_ttm',                                   'double'],
        ['solvencyRatioTTM',                           'solvency_ratio_ttm',                                'double'],
        ['cashRatioTTM',                               'cash_ratio_ttm',                                    'double'],
        ['priceToEarningsRatioTTM',                    'price_to_earnings_ratio_ttm',                       'double'],
        ['priceToEarningsGrowthRatioTTM',              'price_to_earnings_growth_ratio_ttm',                'double'],
        ['forwardPriceToEarningsGrowthRatioTTM',       'forward_price_to_earnings_growth_ratio_ttm',        'double'],
        ['priceToBookRatioTTM',                        'price_to_book_ratio_ttm',                           'double'],
        ['priceToSalesRatioTTM',                       'price_to_sales_ratio_ttm',                          'double'],
        ['priceToFreeCashFlowRatioTTM',                'price_to_free_cash_flow_ratio_ttm',                 'double'],
        ['priceToOperatingCashFlowRatioTTM',           'price_to_operating_cash_flow_ratio_ttm',            'double'],
        ['debtToAssetsRatioTTM',                       'debt_to_assets_ratio_ttm',                          'double'],
        ['debtToEquityRatioTTM',                       'debt_to_equity_ratio_ttm',                          'double'],
        ['debtToCapitalRatioTTM',                      'debt_to_capital_ratio_ttm',                         'double'],
        ['longTermDebtToCapitalRatioTTM',              'long_term_debt_to_capital_ratio_ttm',               'double'],
        ['financialLeverageRatioTTM',                  'financial_leverage_ratio_ttm',                      'double'],
        ['workingCapitalTurnoverRatioTTM',             'working_capital_turnover_ratio_ttm',                'double'],
        ['operatingCashFlowRatioTTM',                  'operating_cash_flow_ratio_ttm',                     'double'],
        ['operatingCashFlowSalesRatioTTM',             'operating_cash_flow_sales_ratio_ttm',               'double'],
        ['freeCashFlowOperatingCashFlowRatioTTM',      'free_cash_flow_operating_cash_flow_ratio_ttm',      'double'],
        ['debtServiceCoverageRatioTTM',                'debt_service_coverage_ratio_ttm',                   'double'],
        ['interestCoverageRatioTTM',                   'interest_coverage_ratio_ttm',                       'double'],
        ['shortTermOperatingCashFlowCoverageRatioTTM', 'short_term_operating_cash_flow_coverage_ratio_ttm', 'double'],
        ['operatingCashFlowCoverageRatioTTM',          'operating_cash_flow_coverage_ratio_ttm',            'double'],
        ['capitalExpenditureCoverageRatioTTM',         'capital_expenditure_coverage_ratio_ttm',            'double'],
        ['dividendPaidAndCapexCoverageRatioTTM',       'dividend_paid_and_capex_coverage_ratio_ttm',        'double'],
        ['dividendPayoutRatioTTM',                     'dividend_payout_ratio_ttm',                         'double'],
        ['dividendYieldTTM',                           'dividend_yield_ttm',                                'double'],
        ['dividendYieldPercentageTTM',                 'dividend_yield_percentage_ttm',                     'double'],
        ['revenuePerShareTTM',                         'revenue_per_share_ttm',                             'double'],
        ['netIncomePerShareTTM',                       'net_income_per_share_ttm',                          'double'],
        ['interestDebtPerShareTTM',                    'interest_debt_per_share_ttm',                       'double'],
        ['cashPerShareTTM',                            'cash_per_share_ttm',                                'double'],
        ['bookValuePerShareTTM',                       'book_value_per_share_ttm',                          'double'],
        ['tangibleBookValuePerShareTTM',               'tangible_book_value_per_share_ttm',                 'double'],
        ['shareholdersEquityPerShareTTM',              'shareholders_equity_per_share_ttm',                 'double'],
        ['operatingCashFlowPerShareTTM',               'operating_cash_flow_per_share_ttm',                 'double'],
        ['capexPerShareTTM',                           'capex_per_share_ttm',                               'double'],
        ['freeCashFlowPerShareTTM',                    'free_cash_flow_per_share_ttm',                      'double'],
        ['netIncomePerEBTTTM',                         'net_income_per_ebt_ttm',                            'double'],
        ['ebtPerEbitTTM',                              'ebt_per_ebit_ttm',                                  'double'],
        ['priceToFairValueTTM',                        'price_to_fair_value_ttm',                           'double'],
        ['debtToMarketCapTTM',                         'debt_to_market_cap_ttm',                            'double'],
        ['effectiveTaxRateTTM',                        'effective_tax_rate_ttm',                            'double'],
        ['enterpriseValueMultipleTTM',                 'enterprise_value_multiple_ttm',                     'double'],
        ['dividendPerShareTTM',                        'dividend_per_share_ttm',                            'double'],
    ]) -}}
{%- endmacro %}


{#- financial_scores -#}
{% macro silver_columns_financial_scores() -%}
    {{- return([
        ['symbol',           'symbol',            'varchar'],
        ['reportedCurrency', 'reported_currency', 'varchar'],
        ['altmanZScore',     'altman_z_score',    'double'],
        ['piotroskiScore',   'piotroski_score',   'integer'],
        ['workingCapital',   'working_capital',   'double'],
        ['totalAssets',      'total_assets',      'double'],
        ['retainedEarnings', 'retained_earnings', 'double'],
        ['ebit',             'ebit',              'double'],
        ['marketCap',        'market_cap',        'double'],
        ['totalLiabilities', 'total_liabilities', 'double'],
        ['revenue',          'revenue',           'double'],
    ]) -}}
{%- endmacro %}


{#- company_officers -#}
{% macro silver_columns_company_officers() -%}
    {{- return([
        ['@ticker',     'symbol',       'varchar'],
        ['name',        'name',         'varchar'],
        ['title',       'title',        'varchar'],
        ['pay',         'pay',          'double'],
        ['currencyPay', 'currency_pay', 'varchar'],
        ['gender',      'gender',       'varchar'],
        ['yearBorn',    'year_born',    'integer'],
        ['titleSince',  'title_since',  'date'],
    ]) -}}
{%- endmacro %}
