{{
    config(
        unique_key=['symbol', 'date'],
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Share float, one row per symbol and day FMP dated the figures. FMP answers only the current
-- figures; silver keys them by (symbol, date), so every fetch on a new day adds a row and this
-- fact keeps the history the warehouse has seen.
--
-- Incremental: merges only the silver rows last set by files gold has not consumed yet.

select
    -- grain
    symbol,
    date,
    -- measures
    free_float,
    float_shares,
    outstanding_shares,
    source,
    -- lineage
    file_id,
    created_file_id,
    {{ gold_run_started_at() }} as gold_loaded_at
from {{ ref('company_shares_float') }}
{%- if is_incremental() %}
where file_id in ({{ gold_unconsumed_file_ids('company-shares-float') }})
{%- endif %}
