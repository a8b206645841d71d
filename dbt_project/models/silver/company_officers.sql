{{
    config(
        unique_key=['symbol', 'name', 'title'],
        meta={
            'dataset': 'company-officers',
            'date_column': none,
            'columns': [
                ['@ticker',     'symbol',       'varchar'],
                ['name',        'name',         'varchar'],
                ['title',       'title',        'varchar'],
                ['pay',         'pay',          'double'],
                ['currencyPay', 'currency_pay', 'varchar'],
                ['gender',      'gender',       'varchar'],
                ['yearBorn',    'year_born',    'integer'],
                ['titleSince',  'title_since',  'date'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Key executives (FMP /stable/key-executives); the symbol is the request's ticker.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select() }}
