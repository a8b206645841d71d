-- A view: always current, and free to refresh after every chunk of a run.
{{ config(materialized='view') }}

-- One row per exchange short code: every exchange FMP lists (market-exchanges), every exchange
-- with trading hours (market-hours) and every exchange an instrument of dim_instrument trades
-- on, described by FMP's exchange list (country, symbol suffix, data delay) and by its latest
-- trading hours (time zone, opening and closing time), with how many instruments list there.
-- market-hours is a snapshot per run date: only the latest describes the exchange; its
-- isMarketOpen flag says whether the market was open at the moment of the request, which
-- describes no exchange, and is left out.

with

instruments as (
    select
        exchange,
        mode(exchange_full_name) as exchange_full_name,
        count(*) as instruments,
        count(*) filter (where is_actively_trading) as active_instruments,
        count(*) filter (where is_delisted) as delisted_instruments,
        max(profile_file_id) as file_id
    from {{ ref('dim_instrument') }}
    where exchange is not null
    group by exchange
),

listed as (
    select exchange, name, country_code, country_name, symbol_suffix, delay, file_id, created_file_id
    from {{ ref('market_exchanges') }}
),

hours as (
    {%- set hours_sql %}
    select
        exchange, as_of_date, name, opening_hour, closing_hour, timezone, file_id, created_file_id, ingested_at
    from {{ ref('market_hours') }}
    {%- endset %}
    {{ sbf_qualify_first(hours_sql, 'exchange', 'as_of_date desc, ingested_at desc') }}
),

exchanges as (
    select exchange from instruments
    union select exchange from listed
    union select exchange from hours
)

select
    -- key
    exchanges.exchange,
    -- names and place
    coalesce(instruments.exchange_full_name, listed.name, hours.name) as exchange_full_name,
    listed.country_code,
    listed.country_name,
    listed.symbol_suffix,
    listed.delay as data_delay,
    -- trading hours (FMP: "09:30 AM -05:00", local time and UTC offset)
    hours.timezone,
    {{ sbf_time_from_12h_text('hours.opening_hour') }} as opening_time,
    {{ sbf_time_from_12h_text('hours.closing_hour') }} as closing_time,
    nullif(trim(substr(trim(hours.opening_hour), 9)), '') as utc_offset,
    hours.opening_hour,
    hours.closing_hour,
    hours.as_of_date as hours_as_of_date,
    -- instruments
    coalesce(instruments.instruments, 0) as instruments,
    coalesce(instruments.active_instruments, 0) as active_instruments,
    coalesce(instruments.delisted_instruments, 0) as delisted_instruments,
    -- lineage
    instruments.file_id,
    listed.file_id as exchange_list_file_id,
    listed.created_file_id as exchange_list_created_file_id,
    hours.file_id as hours_file_id,
    hours.created_file_id as hours_created_file_id
from exchanges
left join instruments using (exchange)
left join listed using (exchange)
left join hours using (exchange)
