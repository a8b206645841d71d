{{
    config(
        unique_key=['symbol', 'date'],
        meta={
            'dataset': 'fx-price-eod',
            'date_column': 'date',
            'columns': silver_columns_eod_prices(),
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Daily bars of each currency pair of forex-list (FMP /stable/historical-price-eod/full).
-- Columns: macros/silver_shapes.sql, silver_columns_eod_prices().

{{ silver_select(source('bronze', 'fx_price_eod')) }}
