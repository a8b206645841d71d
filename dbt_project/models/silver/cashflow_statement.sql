{{
    config(
        unique_key=['symbol', 'date', 'period'],
        meta={
            'dataset': 'cashflow-statement',
            'date_column': 'date',
            'columns': silver_columns_cashflow_statement(),
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Cash flow statements (FMP /stable/cash-flow-statement), annual (discriminator FY, period 'FY')
-- and quarterly (discriminator quarter, period 'Q1'..'Q4') in one table: one row
-- per symbol, period end date and period. A restated period updates its row.
-- Columns: macros/silver_shapes.sql, silver_columns_cashflow_statement().

{{ silver_select(source('bronze', 'cashflow_statement')) }}
