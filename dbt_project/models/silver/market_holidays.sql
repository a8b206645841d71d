{{
    config(
        unique_key=['exchange', 'date', 'holiday'],
        meta={
            'dataset': 'market-holidays',
            'date_column': 'date',
            'columns': [
                ['exchange',     'exchange',       'varchar'],
                ['date',         'date',           'date'],
                ['name',         'holiday',        'varchar'],
                ['isClosed',     'is_closed',      'boolean'],
                ['adjOpenTime',  'adj_open_time',  'varchar'],
                ['adjCloseTime', 'adj_close_time', 'varchar'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Exchange holidays (FMP /stable/holidays-by-exchange), one row per exchange, day and holiday.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'market_holidays')) }}
