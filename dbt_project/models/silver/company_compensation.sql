{{
    config(
        unique_key=['symbol', 'year', 'name_and_position'],
        meta={
            'dataset': 'company-compensation',
            'date_column': 'filing_date',
            'columns': [
                ['symbol',                    'symbol',                      'varchar'],
                ['year',                      'year',                        'integer'],
                ['nameAndPosition',           'name_and_position',           'varchar'],
                ['cik',                       'cik',                         'cik'],
                ['companyName',               'company_name',                'varchar'],
                ['filingDate',                'filing_date',                 'date'],
                ['acceptedDate',              'accepted_date',               'timestamp'],
                ['salary',                    'salary',                      'double'],
                ['bonus',                     'bonus',                       'double'],
                ['stockAward',                'stock_award',                 'double'],
                ['optionAward',               'option_award',                'double'],
                ['incentivePlanCompensation', 'incentive_plan_compensation', 'double'],
                ['allOtherCompensation',      'all_other_compensation',      'double'],
                ['total',                     'total',                       'double'],
                ['link',                      'link',                        'varchar'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Executive compensation (FMP /stable/governance-executive-compensation).
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'company_compensation')) }}
