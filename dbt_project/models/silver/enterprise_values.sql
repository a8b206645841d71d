{{
    config(
        unique_key=['symbol', 'date'],
        meta={
            'dataset': 'enterprise-values',
            'date_column': 'date',
            'columns': [
                ['symbol',                      'symbol',                          'varchar'],
                ['date',                        'date',                            'date'],
                ['stockPrice',                  'stock_price',                     'double'],
                ['numberOfShares',              'number_of_shares',                'bigint'],
                ['marketCapitalization',        'market_capitalization',           'double'],
                ['minusCashAndCashEquivalents', 'minus_cash_and_cash_equivalents', 'double'],
                ['addTotalDebt',                'add_total_debt',                  'double'],
                ['enterpriseValue',             'enterprise_value',                'double'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Enterprise values (FMP /stable/enterprise-values), one row per symbol and date.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'enterprise_values')) }}
