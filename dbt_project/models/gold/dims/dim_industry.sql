-- A view: always current, and free to refresh after every chunk of a run.
{{ config(materialized='view') }}

-- One row per FMP industry: FMP's industry list (market-industries) and every
-- industry an instrument of dim_instrument reports (profile, else screener),
-- with its sector (the sector most of its companies report; FMP assigns each
-- industry one sector). An industry no company reports has no known sector.

with

{{ classification_dim_ctes('industry', 'market_industries', measures={'sector': 'mode(sector)'}) }}

select
    dim_keys.industry,
    instruments.sector,
    coalesce(instruments.companies, 0) as companies,
    coalesce(instruments.active_companies, 0) as active_companies,
    instruments.file_id,
    listed.file_id as industry_list_file_id,
    listed.created_file_id as industry_list_created_file_id
from dim_keys
left join instruments using (industry)
left join listed using (industry)
