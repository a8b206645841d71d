{{
    config(
        unique_key=['symbol', 'date', 'period'],
        meta={
            'dataset': 'financial-statement-growth',
            'date_column': 'date',
            'columns': [
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
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Financial growth (FMP /stable/financial-growth); FMP's lower-case spellings renamed.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select() }}
