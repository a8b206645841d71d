-- Daily split-adjusted OHLCV, one row per symbol and trading day.

select
    -- grain
    symbol,
    date,
    -- prices
    open,
    high,
    low,
    close,
    vwap,
    change,
    change_percent,
    volume,
    -- lineage
    file_id,
    created_file_id
from {{ ref('historical_price_eod_full') }}
