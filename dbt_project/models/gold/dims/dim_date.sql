-- The calendar: one row per day from var dim_date_start to var dim_date_end
-- (2000-01-01..2035-12-31), with the NYSE trading-day and early-close flags
-- (seeds nyse_holidays and nyse_early_closes, generated from the `holidays`
-- library). Built from no dataset (config meta datasets: {}).

with

days as (
    {{ sbf_date_spine(var("dim_date_start"), var("dim_date_end")) }}
),

nyse_holidays as (
    select date, holiday_name
    from {{ ref('nyse_holidays') }}
),

nyse_early_closes as (
    select date, early_close_name, market_close_time
    from {{ ref('nyse_early_closes') }}
),

flagged as (
    select
        days.date,
        nyse_holidays.holiday_name,
        nyse_holidays.date is not null as is_nyse_holiday,
        {{ sbf_iso_day_of_week('days.date') }} < 6 and nyse_holidays.date is null as is_trading_day,
        nyse_early_closes.early_close_name,
        nyse_early_closes.market_close_time
    from days
    left join nyse_holidays using (date)
    left join nyse_early_closes using (date)
)

select
    date,
    year(date) as year,
    quarter(date) as quarter,
    month(date) as month,
    day(date) as day,
    -- ISO: 1 = Monday ... 7 = Sunday
    {{ sbf_iso_day_of_week('date') }} as day_of_week,
    {{ sbf_day_name('date') }} as day_name,
    {{ sbf_month_name('date') }} as month_name,
    dayofyear(date) as day_of_year,
    weekofyear(date) as iso_week,
    {{ sbf_iso_day_of_week('date') }} >= 6 as is_weekend,
    holiday_name,
    is_nyse_holiday,
    is_trading_day,
    -- an early close is a trading day (the seeds never share a date: a test checks it)
    is_trading_day and market_close_time is not null as is_early_close,
    early_close_name,
    -- New York time; NULL when the market is closed
    case
        when not is_trading_day then null
        else coalesce(market_close_time, {{ sbf_time_literal(var("nyse_regular_close")) }})
    end as market_close_time
from flagged
