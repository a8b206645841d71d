-- A view over dim_instrument: always current, and free to refresh after every chunk of a run.
{{ config(materialized='view') }}

-- One row per company: every symbol with a fetched profile (per ticker or in
-- bulk), described by its latest profile (rebuilt every run, so a changed
-- name, sector, industry or activity flag shows at once; snapshots/ keep the
-- history), and every delisted company FMP lists, so that an analysis over
-- past years keeps the companies that no longer trade. Reads dim_instrument,
-- which stamps the profile and delisting files.

select
    -- key
    symbol,
    {{ company_gold_columns() }}
    is_delisted,
    -- dates
    ipo_date,
    delisted_on,
    -- lineage
    coalesce(profile_file_id, delisted_file_id) as file_id
from {{ ref('dim_instrument') }}
where has_profile or is_delisted
