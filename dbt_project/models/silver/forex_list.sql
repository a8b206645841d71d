{{
    config(
        unique_key=['symbol'],
        meta={
            'dataset': 'forex-list',
            'date_column': none,
            'columns': [
                ['symbol',       'symbol',        'varchar'],
                ['fromCurrency', 'from_currency', 'varchar'],
                ['toCurrency',   'to_currency',   'varchar'],
                ['fromName',     'from_name',     'varchar'],
                ['toName',       'to_name',       'varchar'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Currency pairs (FMP /stable/forex-list), one row per symbol.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'forex_list')) }}
