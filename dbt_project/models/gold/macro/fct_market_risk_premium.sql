{{
    config(
        unique_key=['country', 'known_since'],
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Equity risk premium per country, one row per country and the day (UTC) a value was first seen.
-- Silver keeps only the latest value per country; each build adds the values that files gold has not
-- consumed yet brought (a re-fetch of unchanged values brings none: silver keeps no row for it), so the
-- history is what this warehouse has seen since its first build (a full refresh restarts it from the
-- latest). `is_latest` marks the current value of each country.

with

new_values as (
    select
        -- grain
        country,
        cast({{ sbf_utc('ingested_at') }} as date) as known_since,
        -- attributes and measures
        continent,
        country_risk_premium,
        total_equity_risk_premium,
        -- when the value was first seen: the request time of its file (UTC)
        {{ sbf_utc('ingested_at') }} as known_at,
        true as is_latest,
        -- lineage
        file_id,
        created_file_id
    from {{ ref('market_risk_premium') }}
    {%- if is_incremental() %}
    where file_id in ({{ gold_unconsumed_file_ids('market-risk-premium') }})
    {%- endif %}
)

select * from new_values
{%- if is_incremental() %}

union all

-- the row that was the latest of a country with a newer value now: it stays, no longer the latest
-- (a newer value seen the same day replaces it through the merge instead)
select
    previous.country,
    previous.known_since,
    previous.continent,
    previous.country_risk_premium,
    previous.total_equity_risk_premium,
    previous.known_at,
    false as is_latest,
    previous.file_id,
    previous.created_file_id
from {{ this }} as previous
inner join new_values
    on new_values.country = previous.country
    and new_values.known_since > previous.known_since
where previous.is_latest
{%- endif %}
