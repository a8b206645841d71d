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
        {{- sbf_union_all_by_name([{'relation': ref('company_profile')}, {'relation': ref('company_profile_bulk')}]) | indent(4) }}
    ),

    latest as (
        {{ sbf_qualify_first('select * from candidates', 'symbol', 'ingested_at desc, file_id desc') | indent(4) }}
    )

    select
        {{ sbf_star('latest', [ref('company_profile'), ref('company_profile_bulk')],
                    replace={'currency': 'coalesce(per_ticker.currency, latest.currency)'}) }}
    from latest
    left join {{ ref('company_profile') }} as per_ticker using (symbol)
)
{%- endmacro %}
