{{
    config(
        unique_key=['symbol'],
        meta={
            'dataset': 'key-metrics-ttm',
            'date_column': none,
            'columns': [
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
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Trailing-twelve-month key metrics (FMP /stable/key-metrics-ttm), one row per symbol.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select() }}
