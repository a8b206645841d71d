{{
    config(
        unique_key=['symbol', 'date'],
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Daily market capitalisation, one row per symbol and trading day.

select
    -- grain
    symbol,
    date,
    -- measure
    market_cap,
    -- lineage
    file_id,
    created_file_id
from {{ ref('historical_market_capitalization') }}
{%- if is_incremental() %}
-- Incremental: only the market caps last set by files gold has not consumed yet (new and restated
-- rows), so a chunked run does not rebuild the whole table after every chunk.
where file_id in ({{ gold_unconsumed_file_ids('historical-market-capitalization') }})
{%- endif %}
