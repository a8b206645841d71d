{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key=['symbol', 'date', 'period'],
        on_schema_change='fail',
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Income statements, annual (period 'FY') and quarterly ('Q1'..'Q4'), one row
-- per symbol, period end date and period.

select
    -- grain
    symbol,
    date,
    period,
    {{ income_statement_gold_columns() }}
    -- lineage
    file_id,
    created_file_id
from {{ ref('income_statement') }}
{%- if is_incremental() %}
-- Incremental: only the statements last set by files gold has not consumed yet (new and restated
-- rows), so a chunked run does not rebuild the whole table after every chunk.
where file_id in ({{ gold_unconsumed_file_ids('income-statement') }})
{%- endif %}
