{{
    config(
        unique_key=['date', 'industry', 'exchange'],
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Per industry and exchange, per day: FMP's average day change (market-industry-performance) and P/E
-- (market-industry-pe) side by side. Incremental on (date, industry, exchange): see macro gold_group_daily.

{{ gold_group_daily('industry') }}
