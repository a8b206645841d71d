{{
    config(
        unique_key=['date'],
        meta={
            'dataset': 'fred-dgs10',
            'date_column': 'date',
            'rows_path': 'observations',
            'columns': [
                ['date',           'date',           'date'],
                ['value',          'value',          'double'],
                ['realtime_start', 'realtime_start', 'date'],
                ['realtime_end',   'realtime_end',   'date'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- FRED DGS10 (rows under the envelope's `observations`); "." becomes NULL.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select() }}
