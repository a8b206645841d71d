-- A view: always current, and free to refresh after every chunk of a run.
{{ config(materialized='view') }}

-- One row per country (ISO 3166 alpha-2 as FMP sends it): FMP's country list
-- (market-countries), every country a company of dim_instrument reports and
-- every country of an exchange of dim_exchange, with its English name.

with

exchanges as (
    select country_code, count(*) as exchanges
    from {{ ref('dim_exchange') }}
    where country_code is not null
    group by country_code
),

{{ classification_dim_ctes('country_code', 'market_countries', instrument_column='country', list_column='country',
                           also_from=['exchanges']) }}

select
    dim_keys.country_code,
    names.country_name,
    coalesce(instruments.companies, 0) as companies,
    coalesce(instruments.active_companies, 0) as active_companies,
    coalesce(exchanges.exchanges, 0) as exchanges,
    instruments.file_id,
    listed.file_id as country_list_file_id,
    listed.created_file_id as country_list_created_file_id
from dim_keys
left join instruments using (country_code)
left join exchanges using (country_code)
left join listed using (country_code)
left join {{ country_names() }} as names using (country_code)
