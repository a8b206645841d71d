-- Every version of every company profile (the descriptive fields tracked by
-- snap_company_profile), dated by when it was known: valid_from is the
-- ingested_at (UTC) of the profile file silver held when the change was
-- snapshotted, valid_to when the next version became known. Ask for a date
-- with the as_of() macro. The snapshot runs after dim_instrument, which stamps
-- the profile files.
-- A model parent (besides the snapshot, which also runs after it): sbf run
-- builds this with dim_instrument and what is downstream of it; a gold model with no
-- model parent would count as standalone and be built before its datasets.
-- depends_on: {{ ref('dim_instrument') }}

with

versions as (
    select *
    from {{ snapshot_versions(
        ref('snap_company_profile'),
        ['symbol'],
        sbf_utc('ingested_at'),
    ) }}
)

select
    -- grain
    symbol,
    version,
    -- validity (UTC)
    valid_from,
    valid_to,
    is_current,
    {{ company_gold_columns(history=true) }}
    -- dates
    ipo_date,
    -- lineage
    file_id,
    dbt_valid_from as snapshotted_at
from versions
