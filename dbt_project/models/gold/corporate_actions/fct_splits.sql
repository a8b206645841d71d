{{
    config(
        unique_key=['symbol', 'date'],
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Stock splits, one row per symbol and split date, with the ratio as a number: an as-traded
-- price of day d is the split-adjusted price times the split_ratio of every split dated after d.
--
-- Incremental: merges only the silver rows last set by files gold has not consumed yet.

select
    -- grain
    symbol,
    date,
    -- the split
    numerator,
    denominator,
    numerator / nullif(denominator, 0) as split_ratio,
    numerator < denominator as is_reverse_split,
    -- lineage
    file_id,
    created_file_id,
    {{ gold_run_started_at() }} as gold_loaded_at
from {{ ref('splits') }}
{%- if is_incremental() %}
where file_id in ({{ gold_unconsumed_file_ids('splits') }})
{%- endif %}
