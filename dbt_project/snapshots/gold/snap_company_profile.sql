{% snapshot snap_company_profile %}
{{
    config(
        schema='snapshots',
        unique_key='symbol',
        strategy='check',
        check_cols=[
            'company_name', 'cik', 'isin', 'cusip', 'exchange', 'exchange_full_name',
            'currency', 'country', 'sector', 'industry', 'ceo', 'website',
            'full_time_employees', 'ipo_date', 'is_etf', 'is_fund', 'is_adr',
            'is_actively_trading', 'description', 'beta', 'last_dividend',
        ],
    )
}}
-- History of the descriptive part of the company profiles: one version per
-- symbol and change (dbt_valid_from / dbt_valid_to). The profile of a symbol is
-- the latest of its per-ticker and bulk profiles, as in dim_instrument (macro
-- latest_company_profiles). The market snapshot fields (price, volume,
-- change...) move every day and are not tracked.
-- It reads the silver profiles only: sbf run takes it at the end of a run whose
-- promotions selected what the profile datasets feed (source:bronze.company_profile+).
select
    symbol, company_name, cik, isin, cusip, exchange, exchange_full_name, currency,
    country, sector, industry, ceo, website, description, full_time_employees,
    ipo_date, is_etf, is_fund, is_adr, is_actively_trading, beta, last_dividend,
    file_id, ingested_at
from {{ latest_company_profiles() }} as profiles
{% endsnapshot %}
