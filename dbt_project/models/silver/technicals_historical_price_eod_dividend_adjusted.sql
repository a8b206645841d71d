{{
    config(
        unique_key=['symbol', 'date'],
        meta={
            'dataset': 'technicals-historical-price-eod-dividend-adjusted',
            'date_column': 'date',
            'columns': silver_columns_adjusted_eod_prices(),
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Daily prices split- and dividend-adjusted (FMP /stable/historical-price-eod/dividend-adjusted).
-- Columns: macros/silver_shapes.sql, silver_columns_adjusted_eod_prices().

{{ silver_select(source('bronze', 'technicals_historical_price_eod_dividend_adjusted')) }}
