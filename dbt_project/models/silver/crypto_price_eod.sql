{{
    config(
        unique_key=['symbol', 'date'],
        meta={
            'dataset': 'crypto-price-eod',
            'date_column': 'date',
            'columns': silver_columns_eod_prices(),
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Daily bars of each cryptocurrency pair of cryptocurrency-list (weekends included) (FMP /stable/historical-price-eod/full).
-- Columns: macros/silver_shapes.sql, silver_columns_eod_prices().

{{ silver_select(source('bronze', 'crypto_price_eod')) }}
