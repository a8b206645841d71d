{{
    config(
        unique_key=['symbol', 'date'],
        meta={
            'dataset': 'eod-bulk-price',
            'date_column': 'date',
            'columns': [
                ['symbol',   'symbol',    'varchar'],
                ['date',     'date',      'date'],
                ['open',     'open',      'double'],
                ['high',     'high',      'double'],
                ['low',      'low',       'double'],
                ['close',    'close',     'double'],
                ['adjClose', 'adj_close', 'double'],
                ['volume',   'volume',    'bigint'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Daily bars of every symbol from FMP /stable/eod-bulk (CSV).
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'eod_bulk_price')) }}
