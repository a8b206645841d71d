{{
    config(
        unique_key=['symbol', 'period_of_report'],
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Employee count of a company per annual report: one row per symbol and period of report, with
-- the filing that reported it (form type, filing date, acceptance time, SEC link).
-- Incremental (macros/gold_company.sql, gold_silver_rows).

{{ gold_silver_rows('company_employees', 'company-employees', [
    'symbol', 'period_of_report', 'employee_count', 'form_type', 'filing_date',
    'acceptance_time as accepted_at', 'cik', 'company_name', 'source as source_url'
]) }}
