-- A view: always current, and free to refresh after every chunk of a run.
{{ config(materialized='view') }}

-- One row per FMP sector: FMP's sector list (market-sectors) and every sector
-- an instrument of dim_instrument reports (profile, else screener).

with

{{ classification_dim_ctes('sector', 'market_sectors', measures={'industries': 'count(distinct industry)'}) }}

select
    dim_keys.sector,
    coalesce(instruments.companies, 0) as companies,
    coalesce(instruments.active_companies, 0) as active_companies,
    coalesce(instruments.industries, 0) as industries,
    instruments.file_id,
    listed.file_id as sector_list_file_id,
    listed.created_file_id as sector_list_created_file_id
from dim_keys
left join instruments using (sector)
left join listed using (sector)
