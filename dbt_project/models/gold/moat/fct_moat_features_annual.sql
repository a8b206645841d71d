{{ config(materialized='table') }}

-- The moat score's inputs per company and fiscal year, point in time: every value
-- comes from the scored year or before it (trailing windows and as-of joins,
-- never a lead or a window reaching forward). The one exception is a company's
-- classification before the warehouse first saw its profile: see the docs.
-- Rebuilt whole (a table): the score z-scores across companies.

{%- set market_symbol = var('moat_market_symbol', '^GSPC') %}
{%- set trailing_years = var('moat_volatility_years', 5) %}
{%- set min_years = var('moat_volatility_min_years', 3) %}

with

fundamentals as (
    select
        symbol,
        fiscal_year,
        date as fiscal_year_end,
        reported_currency,
        revenue,
        cost_of_revenue,
        gross_profit,
        operating_income,
        research_and_development_expenses,
        selling_general_and_administrative_expenses,
        income_before_tax,
        income_tax_expense,
        interest_expense,
        total_debt,
        total_stockholders_equity,
        cash_and_cash_equivalents,
        deferred_revenue,
        deferred_revenue_non_current,
        capital_expenditure,
        coalesce(cash_flow_depreciation_and_amortization, depreciation_and_amortization)
            as depreciation_and_amortization,
        income_file_id,
        balance_sheet_file_id,
        cash_flow_file_id
    from {{ ref('fct_fundamentals_annual') }}
    where period = 'FY'
      and date is not null
),

-- ---------------------------------------------------------------- one-year ratios
ratios as (
    select
        *,
        -- effective tax rate, clipped to [0, 1]; the statutory default when pre-tax income is not positive
        case
            when income_before_tax > 0 and income_tax_expense is not null
                then least(greatest(income_tax_expense / income_before_tax, 0), 1)
            else {{ var('moat_default_tax_rate', 0.21) }}
        end as tax_rate,
        coalesce(total_debt, 0) + total_stockholders_equity - coalesce(cash_and_cash_equivalents, 0)
            as invested_capital,
        case when revenue > 0 then gross_profit / revenue end as gross_margin,
        case when revenue > 0 then operating_income / revenue end as operating_margin,
        case when revenue > 0 then cost_of_revenue / revenue end as cost_of_revenue_to_revenue,
        case when revenue > 0 then selling_general_and_administrative_expenses / revenue end as sga_to_revenue,
        case when revenue > 0 then research_and_development_expenses / revenue end as rd_to_revenue,
        case when revenue > 0
            then (coalesce(deferred_revenue, 0) + coalesce(deferred_revenue_non_current, 0)) / revenue
        end as deferred_revenue_to_revenue,
        case when revenue > 0 then abs(capital_expenditure) / revenue end as capex_to_revenue
    from fundamentals
),

returns_on_capital as (
    select
        *,
        operating_income * (1 - tax_rate) as nopat,
        case when invested_capital > 0 then operating_income * (1 - tax_rate) / invested_capital end as roic,
        case when operating_income * (1 - tax_rate) > 0
            then (abs(capital_expenditure) - coalesce(depreciation_and_amortization, 0))
                 / (operating_income * (1 - tax_rate))
        end as net_reinvestment_rate
    from ratios
),

-- ---------------------------------------------------------------- trailing windows (this year and earlier only)
trailing_windows as (
    select
        *,
        count(gross_margin) over last_years as gross_margin_years,
        stddev_samp(gross_margin) over last_years as gross_margin_stddev,
        count(operating_margin) over last_years as operating_margin_years,
        stddev_samp(operating_margin) over last_years as operating_margin_stddev,
        count(roic) over last_years as roic_years,
        stddev_samp(roic) over last_years as roic_stddev,
        -- the exact earlier fiscal year (a RANGE frame on the year: a missing year gives NULL, not an older one)
        max(revenue) over one_year_before as revenue_1y_before,
        max(revenue) over three_years_before as revenue_3y_before,
        max(gross_margin) over three_years_before as gross_margin_3y_before
    from returns_on_capital
    window
        last_years as (partition by symbol order by fiscal_year
                       range between {{ trailing_years - 1 }} preceding and current row),
        one_year_before as (partition by symbol order by fiscal_year range between 1 preceding and 1 preceding),
        three_years_before as (partition by symbol order by fiscal_year range between 3 preceding and 3 preceding)
),

-- ---------------------------------------------------------------- classification as of the fiscal year end
-- dim_company_history dates each profile version by when the warehouse learnt it. Before the first
-- version (fiscal years that ended before the warehouse existed) the earliest known version is used:
-- the only value allowed to run backwards (see the docs).
profile_versions as (
    select
        symbol, valid_from, valid_to, sector, industry, country,
        valid_from = min(valid_from) over (partition by symbol) as is_earliest
    from {{ ref('dim_company_history') }}
),

classification as (
    {%- set classification_candidates %}
    select
        years.symbol,
        years.fiscal_year,
        profile.sector,
        profile.industry,
        profile.country,
        case when profile.valid_from < years.fiscal_year_end + 1 then 'as_of_fiscal_year_end'
             else 'earliest_known' end as classification_basis,
        profile.valid_from as profile_valid_from
    from fundamentals as years
    inner join profile_versions as profile
        on profile.symbol = years.symbol
       and (
           -- the version known at the end of the fiscal year end's day (UTC)
           (profile.valid_from < years.fiscal_year_end + 1
            and (profile.valid_to is null or profile.valid_to >= years.fiscal_year_end + 1))
           -- none known yet: the earliest known
           or (profile.is_earliest and profile.valid_from >= years.fiscal_year_end + 1)
       )
    {%- endset %}
    {{ sbf_qualify_first(classification_candidates, 'symbol, fiscal_year', 'profile_valid_from desc') }}
),

-- ---------------------------------------------------------------- beta over the trailing year
daily_returns as (
    select
        symbol,
        date,
        close / lag(close) over (partition by symbol order by date) - 1 as daily_return
    from {{ ref('fct_daily_prices') }}
    where close > 0
      -- only the days some trailing window can reach
      and date > (select min(fiscal_year_end) from fundamentals) - interval 13 months
),

-- The market: the index {{ market_symbol }} (var moat_market_symbol) on the days the warehouse has
-- its price, else the equal-weighted mean return of every other instrument priced that day.
equal_weighted_market as (
    select date, avg(daily_return) as daily_return
    from daily_returns
    where daily_return is not null
      and symbol <> {{ sbf_sql_string(market_symbol) }}
    group by date
),

market as (
    select
        date,
        coalesce(index_returns.daily_return, equal_weighted_market.daily_return) as market_return,
        index_returns.daily_return is not null as is_index
    from equal_weighted_market
    full join (
        select date, daily_return
        from daily_returns
        where symbol = {{ sbf_sql_string(market_symbol) }} and daily_return is not null
    ) as index_returns using (date)
),

beta_windows as (
    select
        years.symbol,
        years.fiscal_year,
        regr_slope(stock.daily_return, market.market_return) as beta,
        count(*) as beta_days,
        case
            when bool_and(market.is_index) then 'index'
            when not bool_or(market.is_index) then 'equal_weighted'
            else 'mixed'
        end as beta_market
    from fundamentals as years
    inner join daily_returns as stock
        on stock.symbol = years.symbol
       and stock.date <= years.fiscal_year_end
       and stock.date > years.fiscal_year_end - interval 1 year
    inner join market using (date)
    where stock.daily_return is not null
      and market.market_return is not null
    group by years.symbol, years.fiscal_year
),

-- ---------------------------------------------------------------- employees, risk-free rate, risk premium
-- the latest count reported on or before the fiscal year end (an as-of join, written as a join and
-- the latest match per year: Spark has no ASOF JOIN)
employees as (
    {%- set employee_candidates %}
    select years.symbol, years.fiscal_year, counts.employee_count, counts.period_of_report
    from fundamentals as years
    inner join (
        select symbol, period_of_report, employee_count
        from {{ ref('company_employees') }}
        where employee_count > 0
    ) as counts
        on counts.symbol = years.symbol
       and counts.period_of_report <= years.fiscal_year_end
    {%- endset %}
    {{ sbf_qualify_first(employee_candidates, 'symbol, fiscal_year', 'period_of_report desc') }}
),

ten_year_yields as (
    select date, value / 100 as yield, 'fred_dgs10' as source, 1 as preference
    from {{ ref('fred_dgs10') }}
    where value is not null
    union all
    select date, year10 / 100 as yield, 'treasury_rates' as source, 2 as preference
    from {{ ref('treasury_rates') }}
    where year10 is not null
),

year_ends as (
    select distinct fiscal_year_end from fundamentals
),

risk_free as (
    -- the latest 10-year yield on or before the fiscal year end (FRED first on the same date),
    -- unknown when even that is older than var moat_risk_free_max_age_days
    {%- set risk_free_candidates %}
    select
        year_ends.fiscal_year_end,
        yields.yield as risk_free_rate,
        yields.date as risk_free_date,
        yields.source as risk_free_source,
        yields.preference as risk_free_preference
    from year_ends
    inner join ten_year_yields as yields
        on yields.date <= year_ends.fiscal_year_end
       and yields.date > year_ends.fiscal_year_end - {{ var('moat_risk_free_max_age_days', 31) }}
    {%- endset %}
    {{ sbf_qualify_first(risk_free_candidates, 'fiscal_year_end', 'risk_free_date desc, risk_free_preference') }}
),

risk_premiums as (
    -- the values per country in the order the warehouse saw them (fct_market_risk_premium keeps the
    -- history silver overwrites): a year uses the latest value known by its end, never a later one
    select
        names.country_code,
        premiums.total_equity_risk_premium / 100 as equity_risk_premium,
        premiums.known_since
    from {{ ref('fct_market_risk_premium') }} as premiums
    inner join {{ country_names() }} as names on names.country_name = premiums.country
    where premiums.total_equity_risk_premium is not null
),

-- ---------------------------------------------------------------- WACC
priced as (
    {%- set priced_candidates %}
    select
        trailing_windows.*,
        classification.sector,
        classification.industry,
        classification.country,
        -- no profile at all (e.g. a symbol known only from bulk statements): no peer group
        coalesce(classification.classification_basis, 'unknown') as classification_basis,
        case when beta_windows.beta_days >= {{ var('moat_beta_min_days', 200) }} then beta_windows.beta end as beta,
        beta_windows.beta_days,
        beta_windows.beta_market,
        employees.employee_count,
        employees.period_of_report as employees_period_of_report,
        risk_free.risk_free_rate,
        risk_free.risk_free_source,
        coalesce(risk_premiums.equity_risk_premium, {{ var('moat_fallback_equity_risk_premium', 0.05) }})
            as equity_risk_premium,
        case when risk_premiums.equity_risk_premium is not null
            then 'market_risk_premium' else 'fallback' end as equity_risk_premium_source,
        risk_premiums.known_since as equity_risk_premium_known_since
    from trailing_windows
    left join classification using (symbol, fiscal_year)
    left join beta_windows using (symbol, fiscal_year)
    left join employees using (symbol, fiscal_year)
    left join risk_free using (fiscal_year_end)
    left join risk_premiums
        on risk_premiums.country_code = classification.country
       and risk_premiums.known_since <= trailing_windows.fiscal_year_end
    {%- endset %}
    -- the latest premium known by the fiscal year end (one row per company-year)
    {{ sbf_qualify_first(priced_candidates, 'symbol, fiscal_year', 'equity_risk_premium_known_since desc nulls last') }}
),

costs_of_capital as (
    select
        *,
        risk_free_rate + beta * equity_risk_premium as cost_of_equity,
        -- interest paid on the year's debt, clipped to [0, 25 %]; the risk-free rate when unknown
        coalesce(
            case when total_debt > 0 and interest_expense is not null
                then least(greatest(interest_expense / total_debt, 0), 0.25) end,
            risk_free_rate
        ) * (1 - tax_rate) as after_tax_cost_of_debt,
        greatest(total_stockholders_equity, 0) as equity_weight_base,
        greatest(coalesce(total_debt, 0), 0) as debt_weight_base
    from priced
),

wacc as (
    select
        *,
        case
            when equity_weight_base + debt_weight_base > 0
                then (equity_weight_base * cost_of_equity + debt_weight_base * after_tax_cost_of_debt)
                     / (equity_weight_base + debt_weight_base)
            else cost_of_equity
        end as wacc
    from costs_of_capital
)

select
    -- grain
    symbol,
    fiscal_year,
    fiscal_year_end,
    reported_currency,
    -- classification (peer groups)
    sector,
    industry,
    country,
    classification_basis,
    -- profitability
    roic,
    roic - wacc as roic_minus_wacc,
    gross_margin,
    operating_margin,
    -- stability (trailing years, this one included)
    case when gross_margin_years >= {{ min_years }} then gross_margin_stddev end as gross_margin_volatility,
    case when operating_margin_years >= {{ min_years }} then operating_margin_stddev end as operating_margin_volatility,
    case when roic_years >= {{ min_years }} then roic_stddev end as roic_volatility,
    -- competitive position
    case when revenue_1y_before > 0 then revenue / revenue_1y_before - 1 end as revenue_growth_1y,
    case when revenue_3y_before > 0 and revenue > 0
        then pow(revenue / revenue_3y_before, cast(1 as double) / 3) - 1 end as revenue_cagr_3y,
    gross_margin - gross_margin_3y_before as gross_margin_change_3y,
    -- lock-in
    deferred_revenue_to_revenue,
    rd_to_revenue,
    -- cost advantage
    cost_of_revenue_to_revenue,
    sga_to_revenue,
    case when revenue > 0 then revenue / employee_count end as revenue_per_employee,
    -- reinvestment
    capex_to_revenue,
    net_reinvestment_rate,
    -- inputs of the features
    revenue,
    nopat,
    invested_capital,
    tax_rate,
    employee_count,
    employees_period_of_report,
    beta,
    beta_days,
    beta_market,
    risk_free_rate,
    risk_free_source,
    equity_risk_premium,
    equity_risk_premium_source,
    cost_of_equity,
    after_tax_cost_of_debt,
    wacc,
    -- lineage
    income_file_id,
    balance_sheet_file_id,
    cash_flow_file_id
from wacc
