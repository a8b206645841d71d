{{
    config(
        unique_key=['symbol', 'date', 'period'],
        meta={'dataset': 'income-statement', 'date_column': 'date'},
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Income statements (FMP /stable/income-statement), annual (discriminator FY,
-- period 'FY') and quarterly (discriminator quarter, period 'Q1'..'Q4') in one
-- table: one row per symbol, period end date and period. A restated
-- statement updates its row.

with

bronze as (
    {{ read_bronze([
        'date', 'symbol', 'reportedCurrency', 'cik', 'filingDate', 'acceptedDate',
        'fiscalYear', 'period',
        'revenue', 'costOfRevenue', 'grossProfit', 'researchAndDevelopmentExpenses',
        'generalAndAdministrativeExpenses', 'sellingAndMarketingExpenses',
        'sellingGeneralAndAdministrativeExpenses', 'otherExpenses', 'operatingExpenses',
        'costAndExpenses', 'netInterestIncome', 'interestIncome', 'interestExpense',
        'depreciationAndAmortization', 'ebitda', 'ebit',
        'nonOperatingIncomeExcludingInterest', 'operatingIncome',
        'totalOtherIncomeExpensesNet', 'incomeBeforeTax', 'incomeTaxExpense',
        'netIncomeFromContinuingOperations', 'netIncomeFromDiscontinuedOperations',
        'otherAdjustmentsToNetIncome', 'netIncome', 'netIncomeDeductions',
        'bottomLineNetIncome', 'eps', 'epsDiluted', 'weightedAverageShsOut',
        'weightedAverageShsOutDil',
    ]) }}
),

typed as (
    select
        -- key
        {{ key_cast('symbol', 'varchar') }} as symbol,
        {{ key_cast('"date"', 'date') }} as date,
        {{ key_cast('"period"', 'varchar') }} as period,
        -- header
        try_cast("fiscalYear" as integer) as fiscal_year,
        nullif(trim("reportedCurrency"), '') as reported_currency,
        -- FMP sends the string "null" for some filers
        nullif(nullif(trim("cik"), ''), 'null') as cik,
        try_cast("filingDate" as date) as filing_date,
        -- "YYYY-MM-DD HH:MM:SS", as FMP sends it (no time zone)
        try_cast("acceptedDate" as timestamp) as accepted_date,
        -- amounts, in reported currency (whole values may arrive as floats)
        try_cast("revenue" as double) as revenue,
        try_cast("costOfRevenue" as double) as cost_of_revenue,
        try_cast("grossProfit" as double) as gross_profit,
        try_cast("researchAndDevelopmentExpenses" as double) as research_and_development_expenses,
        try_cast("generalAndAdministrativeExpenses" as double) as general_and_administrative_expenses,
        try_cast("sellingAndMarketingExpenses" as double) as selling_and_marketing_expenses,
        try_cast("sellingGeneralAndAdministrativeExpenses" as double)
            as selling_general_and_administrative_expenses,
        try_cast("otherExpenses" as double) as other_expenses,
        try_cast("operatingExpenses" as double) as operating_expenses,
        try_cast("costAndExpenses" as double) as cost_and_expenses,
        try_cast("netInterestIncome" as double) as net_interest_income,
        try_cast("interestIncome" as double) as interest_income,
        try_cast("interestExpense" as double) as interest_expense,
        try_cast("depreciationAndAmortization" as double) as depreciation_and_amortization,
        try_cast("ebitda" as double) as ebitda,
        try_cast("ebit" as double) as ebit,
        try_cast("nonOperatingIncomeExcludingInterest" as double)
            as non_operating_income_excluding_interest,
        try_cast("operatingIncome" as double) as operating_income,
        try_cast("totalOtherIncomeExpensesNet" as double) as total_other_income_expenses_net,
        try_cast("incomeBeforeTax" as double) as income_before_tax,
        try_cast("incomeTaxExpense" as double) as income_tax_expense,
        try_cast("netIncomeFromContinuingOperations" as double)
            as net_income_from_continuing_operations,
        try_cast("netIncomeFromDiscontinuedOperations" as double)
            as net_income_from_discontinued_operations,
        try_cast("otherAdjustmentsToNetIncome" as double) as other_adjustments_to_net_income,
        try_cast("netIncome" as double) as net_income,
        try_cast("netIncomeDeductions" as double) as net_income_deductions,
        try_cast("bottomLineNetIncome" as double) as bottom_line_net_income,
        -- per share and share counts
        try_cast("eps" as double) as eps,
        try_cast("epsDiluted" as double) as eps_diluted,
        try_cast("weightedAverageShsOut" as bigint) as weighted_average_shs_out,
        try_cast("weightedAverageShsOutDil" as bigint) as weighted_average_shs_out_dil,
        -- lineage
        file_id,
        run_id,
        ingested_at
    from bronze
)

{{ latest_changed_rows('typed') }}
