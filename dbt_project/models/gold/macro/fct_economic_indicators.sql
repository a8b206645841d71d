{{
    config(
        unique_key=['indicator_name', 'date'],
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- US economic indicators (FMP), one row per indicator and observation date.

select
    -- grain
    name as indicator_name,
    date,
    -- measure
    value,
    -- lineage
    file_id,
    created_file_id
from {{ ref('economic_indicators') }}
{%- if is_incremental() %}
-- Incremental: only the observations last set by files gold has not consumed yet (new and revised).
where file_id in ({{ gold_unconsumed_file_ids('economic-indicators') }})
{%- endif %}
