{{
    config(
        unique_key=['symbol', 'fiscal_year', 'period'],
        meta={
            'dataset': 'cashflow-bulk-quarter',
            'date_column': 'date',
            'columns': silver_columns_cashflow_statement(),
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- FMP /stable/cash-flow-statement-bulk (CSV), quarters (discriminators Q1..Q4); shape of cashflow_statement.
-- Columns: macros/silver_shapes.sql, silver_columns_cashflow_statement().

{{ silver_select(source('bronze', 'cashflow_bulk_quarter')) }}
