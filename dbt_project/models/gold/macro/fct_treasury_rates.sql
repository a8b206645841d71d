{{
    config(
        unique_key=['date'],
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- US Treasury par yield curve, one row per day, the tenors as columns (percent).

select
    -- grain
    date,
    -- yields, percent
    month1,
    month2,
    month3,
    month6,
    year1,
    year2,
    year3,
    year5,
    year7,
    year10,
    year20,
    year30,
    -- lineage
    file_id,
    created_file_id
from {{ ref('treasury_rates') }}
{%- if is_incremental() %}
-- Incremental: only the curves last set by files gold has not consumed yet (new and restated days).
where file_id in ({{ gold_unconsumed_file_ids('treasury-rates') }})
{%- endif %}
