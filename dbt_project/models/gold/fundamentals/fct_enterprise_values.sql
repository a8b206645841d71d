{{
    config(
        unique_key=['symbol', 'date'],
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Enterprise value at each fiscal year end, with its bridge from the share price: price x shares =
-- market cap, minus cash, plus debt. One row per symbol and fiscal year end date, which is the
-- `date` of fct_fundamentals_annual (FMP gives no fiscal year here).
-- Incremental (macros/gold_company.sql, gold_silver_rows).

{{ gold_silver_rows('enterprise_values', 'enterprise-values', [
    'symbol', 'date', 'stock_price', 'number_of_shares', 'market_capitalization',
    'minus_cash_and_cash_equivalents', 'add_total_debt', 'enterprise_value'
]) }}
