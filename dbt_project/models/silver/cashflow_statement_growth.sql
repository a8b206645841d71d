{{
    config(
        unique_key=['symbol', 'date', 'period'],
        meta={
            'dataset': 'cashflow-statement-growth',
            'date_column': 'date',
            'columns': silver_columns_cashflow_statement_growth(),
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Growth of cash flow statement lines (FMP /stable/cash-flow-statement-growth).
-- Columns: macros/silver_shapes.sql, silver_columns_cashflow_statement_growth() (gold reads the same list).

{{ silver_select(source('bronze', 'cashflow_statement_growth')) }}
