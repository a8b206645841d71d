{{
    config(
        unique_key=['symbol', 'title'],
        meta={
            'dataset': 'company-notes',
            'date_column': none,
            'columns': [
                ['symbol',   'symbol',   'varchar'],
                ['title',    'title',    'varchar'],
                ['cik',      'cik',      'cik'],
                ['exchange', 'exchange', 'varchar'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Listed notes of a company (FMP /stable/company-notes), one row per symbol and title.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'company_notes')) }}
