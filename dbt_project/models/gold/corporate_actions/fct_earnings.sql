{{
    config(
        unique_key=['symbol', 'date'],
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Earnings announcements, one row per symbol and announcement date: actuals, estimates and the
-- surprise. Upcoming announcements are rows with is_reported false; when a later file brings the
-- actuals, silver updates the row and this merge picks it up (its file is unconsumed).

select
    -- grain
    symbol,
    date,
    -- earnings per share
    eps_actual,
    eps_estimated,
    eps_actual - eps_estimated as eps_surprise,
    -- relative to the estimate's size, so a beat on a negative estimate is positive
    (eps_actual - eps_estimated) / abs(nullif(eps_estimated, 0)) * 100 as eps_surprise_percent,
    -- revenue
    revenue_actual,
    revenue_estimated,
    revenue_actual - revenue_estimated as revenue_surprise,
    (revenue_actual - revenue_estimated) / abs(nullif(revenue_estimated, 0)) * 100 as revenue_surprise_percent,
    -- status
    eps_actual is not null or revenue_actual is not null as is_reported,
    last_updated,
    -- lineage
    file_id,
    created_file_id,
    {{ gold_run_started_at() }} as gold_loaded_at
from {{ ref('earnings') }}
{%- if is_incremental() %}
where file_id in ({{ gold_unconsumed_file_ids('earnings') }})
{%- endif %}
