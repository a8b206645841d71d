{{
    config(
        unique_key=['date'],
        meta={
            'dataset': 'treasury-rates',
            'date_column': 'date',
            'columns': [
                ['date',   'date',   'date'],
                ['month1', 'month1', 'double'],
                ['month2', 'month2', 'double'],
                ['month3', 'month3', 'double'],
                ['month6', 'month6', 'double'],
                ['year1',  'year1',  'double'],
                ['year2',  'year2',  'double'],
                ['year3',  'year3',  'double'],
                ['year5',  'year5',  'double'],
                ['year7',  'year7',  'double'],
                ['year10', 'year10', 'double'],
                ['year20', 'year20', 'double'],
                ['year30', 'year30', 'double'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Treasury yield curve (FMP /stable/treasury-rates), one row per day.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'treasury_rates')) }}
