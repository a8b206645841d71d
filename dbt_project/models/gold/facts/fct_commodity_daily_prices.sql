{{
    config(
        unique_key=['symbol', 'date'],
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Daily bars of each commodity contract of commodities-list (dataset commodities-price-eod,
-- FMP historical-price-eod/full), one row per contract and trading day.
-- Same grain and columns as fct_daily_prices' split-adjusted basis (macro gold_daily_bars), so the
-- asset classes can be stacked with `union all by name`. Incremental: each build merges only the
-- bars last set by files gold has not consumed yet.

{{ gold_daily_bars('commodities_price_eod', 'commodities-price-eod') }}
