{{
    config(
        unique_key=['name', 'date'],
        meta={
            'dataset': 'economic-indicators',
            'date_column': 'date',
            'columns': [
                ['name',  'name',  'varchar'],
                ['date',  'date',  'date'],
                ['value', 'value', 'double'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Economic indicators (FMP /stable/economic-indicators), one row per series and date.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'economic_indicators')) }}
