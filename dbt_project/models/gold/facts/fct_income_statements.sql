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
