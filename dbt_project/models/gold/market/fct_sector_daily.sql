{{
    config(
        unique_key=['date', 'sector', 'exchange'],
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Per sector and exchange, per day: FMP's average day change (market-sector-performance) and P/E
-- (market-sector-pe) side by side. Incremental on (date, sector, exchange): see macro gold_group_daily.

{{ gold_group_daily('sector') }}
