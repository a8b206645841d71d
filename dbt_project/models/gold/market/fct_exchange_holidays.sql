{{
    config(
        unique_key=['exchange', 'date'],
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- The days an exchange is closed or keeps shortened hours for a holiday (market-holidays), one row
-- per exchange and day, so that a join on (exchange, date) never multiplies rows: two holidays
-- falling on one day (silver keeps one row per name) share the row, names joined with ' / '.
-- dim_date carries the NYSE calendar; this fact carries every exchange FMP lists.
--
-- Incremental: the (exchange, date) keys that files gold has not consumed yet set are rebuilt from
-- all of their silver rows and merged. A yearly re-fetch that changes nothing brings no silver row.

with

{%- if is_incremental() %}

touched as (
    select exchange, date
    from {{ ref('market_holidays') }}
    where file_id in ({{ gold_unconsumed_file_ids('market-holidays') }})
),

{%- endif %}

holidays as (
    select
        *,
        -- closed all day unless FMP says otherwise or gives the day adjusted hours
        coalesce(is_closed, adj_open_time is null and adj_close_time is null) as closes_all_day
    from {{ ref('market_holidays') }}
    {%- if is_incremental() %}
    semi join touched using (exchange, date)
    {%- endif %}
)

select
    -- grain
    exchange,
    date,
    -- the occasion
    {{ sbf_string_agg_sorted('holiday', "' / '") }} as holiday_name,
    count(*) as holidays,
    -- closed all day (for any of its holidays), else open on adjusted hours
    bool_or(closes_all_day) as is_closed,
    case when not bool_or(closes_all_day) then max(adj_open_time) end as adjusted_open_time,
    case when not bool_or(closes_all_day) then max(adj_close_time) end as adjusted_close_time,
    -- lineage: the latest file among the day's holidays
    {{ sbf_arg_max('file_id', 'ingested_at') }} as file_id,
    {{ sbf_arg_max('created_file_id', 'ingested_at') }} as created_file_id
from holidays
group by exchange, date
