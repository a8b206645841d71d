-- A view over dim_instrument: always current, and free to refresh after every chunk of a run.
{{ config(materialized='view') }}

-- One row per FMP sector seen in company profiles.

select
    sector,
    count(*) as companies,
    count(*) filter (where is_actively_trading) as active_companies,
    count(distinct industry) as industries,
    max(profile_file_id) as file_id
from {{ ref('dim_instrument') }}
where sector is not null
group by sector
