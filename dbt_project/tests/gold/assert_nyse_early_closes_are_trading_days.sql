-- Every NYSE early close of the seed is a trading day of dim_date (a weekday,
-- not a holiday) flagged is_early_close, and no other day is. One row per
-- offending day.
select dim_date.date, dim_date.is_trading_day, dim_date.is_early_close, early.date as seed_date
from {{ ref('dim_date') }} as dim_date
full outer join {{ ref('nyse_early_closes') }} as early
    on early.date = dim_date.date
where (early.date is not null
       and not coalesce(dim_date.is_trading_day and dim_date.is_early_close
                        and dim_date.market_close_time = early.market_close_time, false))
   or (early.date is null and dim_date.is_early_close)
