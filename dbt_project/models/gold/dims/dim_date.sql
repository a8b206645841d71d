-- The calendar: one row per day from var dim_date_start to var dim_date_end
-- (2000-01-01..2035-12-31), with the NYSE trading-day flag. Built from no
-- dataset (config meta datasets: {}).

with

days as (
    select cast(spine.day as date) as date
    from generate_series(
        date '{{ var("dim_date_start") }}',
        date '{{ var("dim_date_end") }}',
        interval 1 day
    ) as spine (day)
),

nyse_holidays as (
    select date, holiday_name
    from {{ ref('nyse_holidays') }}
)

select
    days.date,
    year(days.date) as year,
    quarter(days.date) as quarter,
    month(days.date) as month,
    day(days.date) as day,
    -- ISO: 1 = Monday ... 7 = Sunday
    isodow(days.date) as day_of_week,
    dayname(days.date) as day_name,
    monthname(days.date) as month_name,
    dayofyear(days.date) as day_of_year,
    weekofyear(days.date) as iso_week,
    isodow(days.date) >= 6 as is_weekend,
    nyse_holidays.holiday_name,
    nyse_holidays.date is not null as is_nyse_holiday,
    isodow(days.date) < 6 and nyse_holidays.date is null as is_trading_day
from days
left join nyse_holidays using (date)
