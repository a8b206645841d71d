{% snapshot snap_instrument %}
{{
    config(
        schema='snapshots',
        unique_key='symbol',
        strategy='check',
        check_cols=[
            'company_name', 'exchange', 'currency', 'country', 'sector', 'industry',
            'is_etf', 'is_fund', 'is_adr', 'is_actively_trading', 'is_listed', 'has_profile',
        ],
    )
}}
-- History of gold.dim_instrument: one version per symbol and change of its
-- name, listing, classification or flags.
select
    symbol, company_name, exchange, currency, country, sector, industry,
    is_etf, is_fund, is_adr, is_actively_trading, is_listed, has_profile, file_id
from {{ ref('dim_instrument') }}
{% endsnapshot %}
