{{
    config(
        unique_key=['symbol', 'ex_dividend_date'],
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Dividends, one row per symbol and ex-dividend date.
--
-- Incremental: merges only the silver rows last set by files gold has not consumed yet (new
-- ex-dates, and rows a later file restated, e.g. a payment date filled in), then stamps them.

select
    -- grain
    symbol,
    date as ex_dividend_date,
    -- the other dates of the event
    declaration_date,
    record_date,
    payment_date,
    -- amounts
    dividend,
    adj_dividend as adjusted_dividend,
    dividend_yield,
    frequency,
    -- lineage
    file_id,
    created_file_id,
    {{ gold_run_started_at() }} as gold_loaded_at
from {{ ref('dividends') }}
{%- if is_incremental() %}
where file_id in ({{ gold_unconsumed_file_ids('dividends') }})
{%- endif %}
