{{
    config(
        unique_key=['symbol', 'date'],
        meta={
            'dataset': 'historical-price-eod-full',
            'date_column': 'date',
            'columns': silver_columns_eod_prices(),
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Split-adjusted daily OHLCV (FMP /stable/historical-price-eod/full), one row
-- per symbol and trading day.
-- Columns: macros/silver_shapes.sql, silver_columns_eod_prices().

{{ silver_select(source('bronze', 'historical_price_eod_full')) }}
