{{
    config(
        unique_key=['symbol', 'date', 'period'],
        meta={
            'dataset': 'latest-financial-statements',
            'date_column': 'date',
            'columns': [
                ['symbol',       'symbol',        'varchar'],
                ['date',         'date',          'date'],
                ['period',       'period',        'varchar'],
                ['calendarYear', 'calendar_year', 'integer'],
                ['dateAdded',    'date_added',    'timestamp'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Latest financial statements (FMP /stable/latest-financial-statements).
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'latest_financial_statements')) }}
