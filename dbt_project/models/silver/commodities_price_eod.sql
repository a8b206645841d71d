{{
    config(
        unique_key=['symbol', 'date'],
        meta={
            'dataset': 'commodities-price-eod',
            'date_column': 'date',
            'columns': silver_columns_eod_prices(),
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Daily bars of each commodity contract of commodities-list (FMP /stable/historical-price-eod/full).
-- Columns: macros/silver_shapes.sql, silver_columns_eod_prices().

{{ silver_select(source('bronze', 'commodities_price_eod')) }}
