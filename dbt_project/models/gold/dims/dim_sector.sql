-- A view: always current, and free to refresh after every chunk of a run.
{{ config(materialized='view') }}

-- One row per FMP sector: FMP's sector list (market-sectors) and every sector
-- an instrument of dim_instrument reports (profile, else screener).

with

instruments as (
    select
        sector,
        count(*) as companies,
        count(*) filter (where is_actively_trading) as active_companies,
        count(distinct industry) as industries,
        max(profile_file_id) as file_id
    from {{ ref('dim_instrument') }}
    where sector is not null
    group by sector
),

listed as (
    select sector, file_id, created_file_id
    from {{ ref('market_sectors') }}
),

sectors as (
    select sector from instruments
    union select sector from listed
)

select
    sectors.sector,
    coalesce(instruments.companies, 0) as companies,
    coalesce(instruments.active_companies, 0) as active_companies,
    coalesce(instruments.industries, 0) as industries,
    instruments.file_id,
    listed.file_id as sector_list_file_id,
    listed.created_file_id as sector_list_created_file_id
from sectors
left join instruments using (sector)
left join listed using (sector)
