{{
    config(
        unique_key=['date'],
        meta={
            'dataset': 'fred-dgs10',
            'date_column': 'date',
            'rows_path': 'observations',
            'columns': silver_columns_fred_observations(),
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- FRED DGS10 (rows under the envelope's `observations`); "." becomes NULL.
-- Columns: macros/silver_shapes.sql, silver_columns_fred_observations().

{{ silver_select(source('bronze', 'fred_dgs10')) }}
