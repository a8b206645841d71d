-- A view: always current, and free to refresh after every chunk of a run.
{{ config(materialized='view') }}

-- One row per country (ISO 3166 alpha-2 as FMP sends it): FMP's country list
-- (market-countries), every country a company of dim_instrument reports and
-- every country of an exchange of dim_exchange, with its English name.

with

instruments as (
    select
        country as country_code,
        count(*) as companies,
        count(*) filter (where is_actively_trading) as active_companies,
        max(profile_file_id) as file_id
    from {{ ref('dim_instrument') }}
    where country is not null
    group by country
),

exchanges as (
    select country_code, count(*) as exchanges
    from {{ ref('dim_exchange') }}
    where country_code is not null
    group by country_code
),

listed as (
    select country as country_code, file_id, created_file_id
    from {{ ref('market_countries') }}
),

countries as (
    select country_code from instruments
    union select country_code from exchanges
    union select country_code from listed
)

select
    countries.country_code,
    names.country_name,
    coalesce(instruments.companies, 0) as companies,
    coalesce(instruments.active_companies, 0) as active_companies,
    coalesce(exchanges.exchanges, 0) as exchanges,
    instruments.file_id,
    listed.file_id as country_list_file_id,
    listed.created_file_id as country_list_created_file_id
from countries
left join instruments using (country_code)
left join exchanges using (country_code)
left join listed using (country_code)
left join {{ country_names() }} as names using (country_code)
