{{
    config(
        unique_key=['symbol', 'date', 'period'],
        meta={
            'dataset': 'income-statement-growth',
            'date_column': 'date',
            'columns': [
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
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Growth of income statement lines (FMP /stable/income-statement-growth).
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select() }}
