-- A view over dim_instrument: always current, and free to refresh after every chunk of a run.
{{ config(materialized='view') }}

-- One row per country (ISO 3166 alpha-2 as FMP sends it) seen in company
-- profiles.

select
    country as country_code,
    count(*) as companies,
    count(*) filter (where is_actively_trading) as active_companies,
    max(profile_file_id) as file_id
from {{ ref('dim_instrument') }}
where country is not null
group by country
