-- Every version of every income statement the warehouse has held, dated by
-- when it was known: valid_from is the ingested_at (UTC) of the bronze file
-- that carried it, valid_to when the next version became known (NULL for the
-- current one). Ask for a date with the as_of() macro. The snapshot runs after
-- fct_fundamentals_annual and fct_fundamentals_quarterly, which stamp the
-- income-statement files (FY and quarter).
-- Model parents (besides the snapshot, which also runs after them): sbf run
-- builds this with the fundamentals facts and what is downstream of them; a gold model with no
-- model parent would count as standalone and be built before its datasets.
-- depends_on: {{ ref('fct_fundamentals_annual') }}
-- depends_on: {{ ref('fct_fundamentals_quarterly') }}

with

versions as (
    select *
    from {{ snapshot_versions(
        ref('snap_income_statement'),
        ['symbol', 'date', 'period'],
        sbf_utc('ingested_at'),
    ) }}
)

select
    -- grain
    symbol,
    date,
    period,
    version,
    -- validity (UTC)
    valid_from,
    valid_to,
    is_current,
    {{ income_statement_gold_columns() }}
    -- lineage
    file_id,
    dbt_valid_from as snapshotted_at
from versions
