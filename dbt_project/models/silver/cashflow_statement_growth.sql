{{
    config(
        unique_key=['symbol', 'date', 'period'],
        meta={
            'dataset': 'cashflow-statement-growth',
            'date_column': 'date',
            'columns': [
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
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Growth of cash flow statement lines (FMP /stable/cash-flow-statement-growth).
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select() }}
