{{
    config(
        unique_key=['symbol', 'peer_symbol'],
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- A company's peers as FMP lists them (same sector, comparable size): one row per company and
-- peer. The peer's price and market cap on the day of the fetch are left in silver: the daily
-- facts (fct_daily_prices, fct_market_cap) have them for every day.
-- Incremental (macros/gold_company.sql, gold_silver_rows).

{{ gold_silver_rows('company_peers', 'company-peers', [
    'symbol', 'peer as peer_symbol', 'company_name as peer_company_name'
]) }}
