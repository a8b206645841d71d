{{
    config(
        unique_key=['symbol', 'date'],
        meta={
            'dataset': 'technicals-historical-price-eod-dividend-adjusted',
            'date_column': 'date',
            'columns': [
                ['symbol',   'symbol',    'varchar'],
                ['date',     'date',      'date'],
                ['adjOpen',  'adj_open',  'double'],
                ['adjHigh',  'adj_high',  'double'],
                ['adjLow',   'adj_low',   'double'],
                ['adjClose', 'adj_close', 'double'],
                ['volume',   'volume',    'bigint'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Daily prices split- and dividend-adjusted (FMP /stable/historical-price-eod/dividend-adjusted).
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select() }}
