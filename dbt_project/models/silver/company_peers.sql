{{
    config(
        unique_key=['symbol', 'peer'],
        meta={
            'dataset': 'company-peers',
            'date_column': none,
            'columns': [
                ['@ticker',     'symbol',       'varchar'],
                ['symbol',      'peer',         'varchar'],
                ['companyName', 'company_name', 'varchar'],
                ['price',       'price',        'double'],
                ['mktCap',      'market_cap',   'double'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Peers (FMP /stable/stock-peers): symbol is the request's ticker, peer the row's symbol.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'company_peers')) }}
