-- A view over dim_instrument: always current, and free to refresh after every chunk of a run.
{{ config(materialized='view') }}

-- One row per exchange short code seen in company profiles, with its full
-- name (the most common spelling among the exchange's profiles) and how many
-- instruments list there (active ones apart).

select
    exchange,
    mode(exchange_full_name) as exchange_full_name,
    count(*) as instruments,
    count(*) filter (where is_actively_trading) as active_instruments,
    max(profile_file_id) as file_id
from {{ ref('dim_instrument') }}
where exchange is not null and has_profile
group by exchange
