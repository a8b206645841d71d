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
