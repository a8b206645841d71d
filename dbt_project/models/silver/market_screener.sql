{{
    config(
        unique_key=['symbol'],
        meta={
            'dataset': 'market-screener',
            'date_column': none,
            'columns': [
                ['symbol',             'symbol',               'varchar'],
                ['companyName',        'company_name',         'varchar'],
                ['marketCap',          'market_cap',           'double'],
                ['sector',             'sector',               'varchar'],
                ['industry',           'industry',             'varchar'],
                ['beta',               'beta',                 'double'],
                ['price',              'price',                'double'],
                ['lastAnnualDividend', 'last_annual_dividend', 'double'],
                ['volume',             'volume',               'bigint'],
                ['exchange',           'exchange',             'varchar'],
                ['exchangeShortName',  'exchange_short_name',  'varchar'],
                ['country',            'country',              'varchar'],
                ['isEtf',              'is_etf',               'boolean'],
                ['isFund',             'is_fund',              'boolean'],
                ['isActivelyTrading',  'is_actively_trading',  'boolean'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Company screener without filters (FMP /stable/company-screener), one row per symbol.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'market_screener')) }}
