{{
    config(
        unique_key=['symbol', 'date', 'segment_type', 'segment'],
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Annual revenue by segment: one row per symbol, fiscal year end, segment type (product: the
-- product lines; geography: the regions) and segment, with the segment's share of the revenue of
-- all segments of its type that year. fiscal_year and period (FY) join it to fct_fundamentals_annual.
--
-- Incremental: the (symbol, date, segment type) groups that files gold has not consumed yet set in
-- either silver table are rebuilt whole (a new or restated segment moves the others' shares) and
-- merged on the grain.

with

segments as (
    {{- sbf_union_all_by_name([
        {'relation': ref('revenue_product_segmentation'), 'leading': [["'product'", 'segment_type']]},
        {'relation': ref('revenue_geographic_segmentation'), 'leading': [["'geography'", 'segment_type']]},
    ]) }}
)

{%- if is_incremental() %},

touched as (
    select distinct symbol, date, 'product' as segment_type
    from {{ ref('revenue_product_segmentation') }}
    where file_id in ({{ gold_unconsumed_file_ids('revenue-product-segmentation') }})
    union
    select distinct symbol, date, 'geography' as segment_type
    from {{ ref('revenue_geographic_segmentation') }}
    where file_id in ({{ gold_unconsumed_file_ids('revenue-geographic-segmentation') }})
)
{%- endif %}

select
    -- grain
    symbol,
    date,
    segment_type,
    segment,
    -- the fiscal period, to join the fundamentals
    fiscal_year,
    period,
    reported_currency,
    -- measures
    revenue,
    revenue / nullif(sum(revenue) over (partition by symbol, date, segment_type), 0) as revenue_share,
    -- lineage
    file_id,
    created_file_id,
    {{ gold_run_started_at() }} as gold_loaded_at
from segments
{%- if is_incremental() %}
semi join touched using (symbol, date, segment_type)
{%- endif %}
