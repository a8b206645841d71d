{{
    config(
        unique_key=['symbol', 'date'],
        meta={
            'dataset': 'splits',
            'date_column': 'date',
            'columns': [
                ['symbol',      'symbol',      'varchar'],
                ['date',        'date',        'date'],
                ['numerator',   'numerator',   'double'],
                ['denominator', 'denominator', 'double'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Stock splits (FMP /stable/splits). numerator and denominator are doubles: FMP sends
-- integers, but nothing in the contract promises whole numbers.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'splits')) }}
