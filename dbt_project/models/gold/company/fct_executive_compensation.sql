{{
    config(
        unique_key=['symbol', 'year', 'name_and_position'],
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Executive compensation from proxy filings: one row per symbol, fiscal year and executive (name
-- and position as the filing spells them), the pay components and their total.
-- Incremental (macros/gold_company.sql, gold_silver_rows).

{{ gold_silver_rows('company_compensation', 'company-compensation', [
    'symbol', 'year', 'name_and_position', 'salary', 'bonus', 'stock_award', 'option_award',
    'incentive_plan_compensation', 'all_other_compensation', 'total', 'filing_date',
    'accepted_date as accepted_at', 'cik', 'company_name', 'link as filing_url'
]) }}
