{{
    config(
        unique_key=['symbol', 'asset', 'as_of_date'],
        meta={
            'dataset': 'etf-holdings',
            'date_column': 'as_of_date',
            'columns': [
                ['symbol',           'symbol',            'varchar'],
                ['asset',            'asset',             'varchar'],
                ['updatedAt',        'as_of_date',        'date'],
                ['name',             'name',              'varchar'],
                ['isin',             'isin',              'varchar'],
                ['securityCusip',    'security_cusip',    'varchar'],
                ['sharesNumber',     'shares_number',     'double'],
                ['weightPercentage', 'weight_percentage', 'double'],
                ['marketValue',      'market_value',      'double'],
                ['updatedAt',        'updated_at',        'timestamp'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- ETF holdings (FMP /stable/etf-holdings), one row per ETF, asset and holdings date.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'etf_holdings')) }}
