{{
    config(
        unique_key=['symbol', 'date'],
        meta={
            'dataset': 'company-shares-float',
            'date_column': 'date',
            'columns': [
                ['symbol',            'symbol',             'varchar'],
                ['date',              'date',               'date'],
                ['freeFloat',         'free_float',         'double'],
                ['floatShares',       'float_shares',       'bigint'],
                ['outstandingShares', 'outstanding_shares', 'bigint'],
                ['source',            'source',             'varchar'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Share float (FMP /stable/shares-float); date is a timestamp text, silver keeps its day.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'company_shares_float')) }}
