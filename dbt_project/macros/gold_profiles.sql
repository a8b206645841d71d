{#-
    latest_company_profiles()

    A subquery: one company profile per symbol, the latest file (request time, then file_id) of
    the per-ticker profiles (company-profile) and the bulk ones (company-profile-bulk, same
    shape), so a daily bulk keeps profiles fresh between the yearly per-ticker fetches. The bulk's
    currency is the reporting currency for some companies (FMP), not the trading one: `currency`
    is the per-ticker profile's whenever there is one. dim_instrument and the snapshot
    snap_company_profile read profiles through this, so the dims and the history agree.
-#}
{% macro latest_company_profiles() -%}
(
    with

    candidates as (
        select * from {{ ref('company_profile') }}
        union all by name
        select * from {{ ref('company_profile_bulk') }}
    ),

    latest as (
        select *
        from candidates
        qualify row_number() over (partition by symbol order by ingested_at desc, file_id desc) = 1
    )

    select
        latest.* replace (coalesce(per_ticker.currency, latest.currency) as currency)
    from latest
    left join {{ ref('company_profile') }} as per_ticker using (symbol)
)
{%- endmacro %}
