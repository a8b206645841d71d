-- A view over dim_instrument: always current, and free to refresh after every chunk of a run.
{{ config(materialized='view') }}

-- One row per FMP industry seen in company profiles, with its sector (the
-- sector most of its companies report; FMP assigns each industry one sector).

select
    industry,
    mode(sector) as sector,
    count(*) as companies,
    count(*) filter (where is_actively_trading) as active_companies,
    max(profile_file_id) as file_id
from {{ ref('dim_instrument') }}
where industry is not null
group by industry
