{{
    config(
        unique_key=['symbol', 'delisted_date'],
        meta={
            'dataset': 'company-delisted',
            'date_column': 'delisted_date',
            'columns': [
                ['symbol',       'symbol',        'varchar'],
                ['delistedDate', 'delisted_date', 'date'],
                ['companyName',  'company_name',  'varchar'],
                ['exchange',     'exchange',      'varchar'],
                ['ipoDate',      'ipo_date',      'date'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Delisted companies (FMP /stable/delisted-companies).
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'company_delisted')) }}
