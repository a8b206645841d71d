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


{#-
    company_gold_columns(history=false)

    The descriptive columns of a company (ids, names, classification, numbers, flags), in the
    order dim_company and dim_company_history both show them: the current dim and its history read
    alike, and a field added to the profile is added to both at once. With `history`, also the
    fields snap_company_profile tracks that dim_company leaves to dim_instrument (description,
    exchange_full_name, beta, last_dividend). The models add their key, dates and lineage around it.
-#}
{% macro company_gold_columns(history=false) -%}
    -- ids
    cik,
    isin,
    cusip,
    -- names
    company_name,
    ceo,
    website,
    {%- if history %}
    description,
    {%- endif %}
    -- classification (keys of the small dims)
    exchange,
    {%- if history %}
    exchange_full_name,
    {%- endif %}
    country,
    sector,
    industry,
    currency,
    -- numbers
    full_time_employees,
    {%- if history %}
    beta,
    last_dividend,
    {%- endif %}
    -- flags
    is_etf,
    is_fund,
    is_adr,
    is_actively_trading,
{%- endmacro %}
