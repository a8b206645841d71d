{{
    config(
        unique_key=['symbol', 'date'],
        meta={
            'dataset': 'dividends',
            'date_column': 'date',
            'columns': [
                ['symbol',          'symbol',           'varchar'],
                ['date',            'date',             'date'],
                ['recordDate',      'record_date',      'date'],
                ['paymentDate',     'payment_date',     'date'],
                ['declarationDate', 'declaration_date', 'date'],
                ['adjDividend',     'adj_dividend',     'double'],
                ['dividend',        'dividend',         'double'],
                ['yield',           'dividend_yield',   'double'],
                ['frequency',       'frequency',        'varchar'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Dividends per ex-dividend date (FMP /stable/dividends); FMP's yield is dividend_yield
-- (yield is an SQL keyword).
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'dividends')) }}
