{{
    config(
        unique_key=['series_id', 'date'],
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- FRED series in one long table, one row per series and observation date. Silver keeps one model per
-- series (one dataset each); here each gets its FRED series id. FRED's "." (no value, e.g. a bond-market
-- holiday) is already NULL in silver (try_cast) and stays NULL: the day is kept, the value is unknown.

{#- dataset -> (silver model, FRED series id); the ids are the catalogue's series_id params -#}
{%- set series = [
    ('fred-dgs10', 'fred_dgs10', 'DGS10'),
    ('fred-usrecm', 'fred_usrecm', 'USRECM'),
] %}

{% for dataset, model, series_id in series -%}
select
    -- grain
    cast({{ sbf_sql_string(series_id) }} as {{ sbf_type('varchar') }}) as series_id,
    date,
    -- measure
    value,
    -- FRED's real-time period of the observation (the vintage it was read from)
    realtime_start,
    realtime_end,
    -- lineage
    file_id,
    created_file_id
from {{ ref(model) }}
{%- if is_incremental() %}
where file_id in ({{ gold_unconsumed_file_ids(dataset) }})
{%- endif %}
{% if not loop.last %}
union all

{% endif -%}
{%- endfor %}
