-- Every version of every income statement the warehouse has held, dated by
-- when it was known: valid_from is the ingested_at (UTC) of the bronze file
-- that carried it, valid_to when the next version became known (NULL for the
-- current one). Ask for a date with the as_of() macro. The snapshot runs after
-- fct_income_statements, which stamps the income-statement files.
-- A model parent (besides the snapshot, which also runs after it): sbf run
-- builds this with fct_income_statements and what is downstream of it; a gold model with no
-- model parent would count as standalone and be built before its datasets.
-- depends_on: {{ ref('fct_income_statements') }}

with

versions as (
    select *
    from {{ snapshot_versions(
        ref('snap_income_statement'),
        ['symbol', 'date', 'period'],
        "timezone('UTC', ingested_at)",
    ) }}
)

select
    -- grain
    symbol,
    date,
    period,
    version,
    -- validity (UTC)
    valid_from,
    valid_to,
    is_current,
    -- header
    period = 'FY' as is_annual,
    fiscal_year,
    reported_currency,
    cik,
    filing_date,
    accepted_date as accepted_at,
    -- amounts, in reported currency
    revenue,
    cost_of_revenue,
    gross_profit,
    research_and_development_expenses,
    general_and_administrative_expenses,
    selling_and_marketing_expenses,
    selling_general_and_administrative_expenses,
    other_expenses,
    operating_expenses,
    cost_and_expenses,
    net_interest_income,
    interest_income,
    interest_expense,
    depreciation_and_amortization,
    ebitda,
    ebit,
    non_operating_income_excluding_interest,
    operating_income,
    total_other_income_expenses_net,
    income_before_tax,
    income_tax_expense,
    net_income_from_continuing_operations,
    net_income_from_discontinued_operations,
    other_adjustments_to_net_income,
    net_income,
    net_income_deductions,
    bottom_line_net_income,
    -- per share and share counts
    eps,
    eps_diluted,
    weighted_average_shs_out,
    weighted_average_shs_out_dil,
    -- lineage
    file_id,
    dbt_valid_from as snapshotted_at
from versions
