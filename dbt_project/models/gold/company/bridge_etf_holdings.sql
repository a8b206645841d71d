{{
    config(
        unique_key=['etf_symbol', 'holding_symbol', 'as_of_date'],
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- What an ETF holds, by holdings date: one row per ETF, held asset and date of FMP's holdings
-- (updatedAt), with the weight of the asset in the fund (percent and fraction), shares and market
-- value. Each new holdings date adds rows; a holding's weights over time are its rows by as_of_date.
-- Incremental (macros/gold_company.sql, gold_silver_rows).

{{ gold_silver_rows('etf_holdings', 'etf-holdings', [
    'symbol as etf_symbol', 'asset as holding_symbol', 'as_of_date', 'name as holding_name', 'isin',
    'security_cusip as cusip', 'weight_percentage', 'weight_percentage / 100 as weight',
    'shares_number as shares', 'market_value', 'updated_at'
]) }}
