{{ config(materialized='table') }}

-- The moat score per company and fiscal year (the reference system's six pillars), point in time:
-- built only from fct_moat_features_annual, whose values are all known by the fiscal year end, and
-- compared only with peers' values of the same fiscal year. Every feature is
--   1. winsorised at the fiscal year's 1st / 99th percentile (all companies of the year),
--   2. z-scored within the row's peer group: same year and industry when the industry has
--      >= var moat_min_industry_peers companies that year, else same year and sector when it has
--      >= var moat_min_sector_peers, else none,
--   3. mapped to (z + 3) / 6 clipped to [0, 1] (inverted where lower is better), 0.5 when unknown.
-- A pillar is the mean of its features' scores; the moat score the weighted mean of the pillars.
-- Pillars, features and weights: macros/gold_moat.sql, moat_pillars().

{%- set pillars = moat_pillars() %}
{%- set total_weight = pillars | sum(attribute='weight') %}
{#- carried from the features to the output unchanged: the grain, and how the z-scores were formed -#}
{%- set grain = ['symbol', 'fiscal_year', 'fiscal_year_end'] %}
{%- set peer_columns = ['sector', 'industry', 'classification_basis', 'peer_group_level', 'peer_group', 'peer_count'] %}

with

features as (
    select * from {{ ref('fct_moat_features_annual') }}
),

peer_counts as (
    select
        *,
        case when industry is not null
            then count(*) over (partition by fiscal_year, industry) end as industry_peer_count,
        case when sector is not null
            then count(*) over (partition by fiscal_year, sector) end as sector_peer_count
    from features
),

peer_groups as (
    select
        *,
        case
            when industry_peer_count >= {{ var('moat_min_industry_peers', 10) }} then 'industry'
            when sector_peer_count >= {{ var('moat_min_sector_peers', 5) }} then 'sector'
            else 'none'
        end as peer_group_level
    from peer_counts
),

peers as (
    select
        *,
        case peer_group_level when 'industry' then industry when 'sector' then sector end as peer_group,
        case peer_group_level
            when 'industry' then industry_peer_count
            when 'sector' then sector_peer_count
            -- too small: the larger group tried (the sector), the company alone when unclassified
            else coalesce(sector_peer_count, industry_peer_count, 1)
        end as peer_count
    from peer_groups
),

winsorised as (
    select
        {%- for column in grain + peer_columns %}
        {{ column }},
        {%- endfor %}
        {%- for pillar in pillars %}
        {%- for feature, lower_is_better in pillar.features %}
        {{ moat_winsorize(feature, ['fiscal_year']) }} as {{ feature }}_value,
        {%- endfor %}
        {%- endfor %}
        income_file_id
    from peers
),

feature_scores as (
    select
        {%- for pillar in pillars %}
        {%- for feature, lower_is_better in pillar.features %}
        {{ moat_unit_score(moat_peer_z(feature ~ '_value', 'peer_group_level'), lower_is_better) }}
            as {{ feature }}_score,
        {%- endfor %}
        {%- endfor %}
        *
    from winsorised
),

pillar_scores as (
    select
        *,
        {%- for pillar in pillars %}
        round(
            ({% for feature, _ in pillar.features %}{{ feature }}_score{{ ' + ' if not loop.last }}{% endfor %})
            / {{ pillar.features | length }},
            {{ var('moat_score_decimals', 6) }}
        ) as {{ pillar.name }}_score{{ ',' if not loop.last }}
        {%- endfor %}
    from feature_scores
)

select
    -- grain
    {%- for column in grain %}
    {{ column }},
    {%- endfor %}
    -- how the z-scores were formed
    {%- for column in peer_columns %}
    {{ column }},
    {%- endfor %}
    -- the score: weighted mean of the pillars
    round(
        ({% for pillar in pillars %}{{ pillar.weight }} * {{ pillar.name }}_score{{ ' + ' if not loop.last }}{% endfor %})
        / {{ total_weight }},
        {{ var('moat_score_decimals', 6) }}
    ) as moat_score,
    {%- for pillar in pillars %}
    {{ pillar.name }}_score,
    {%- endfor %}
    -- each feature: the winsorised value z-scored, and its score
    {%- for pillar in pillars %}
    {%- for feature, _ in pillar.features %}
    {{ feature }}_value,
    {{ feature }}_score,
    {%- endfor %}
    {%- endfor %}
    -- lineage
    income_file_id
from pillar_scores
