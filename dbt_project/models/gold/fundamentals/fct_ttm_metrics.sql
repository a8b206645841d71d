{%- set parts = gold_ttm_parts() -%}
{{
    config(
        unique_key=['symbol', 'as_of_date'],
        full_refresh=false,
        meta={'datasets': gold_wide_datasets(parts)},
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Trailing-twelve-month key metrics and ratios and the financial scores (Altman Z, Piotroski) of a
-- symbol as known on a day: one row per symbol and run date on which any of them changed. FMP
-- answers only today's figures and silver keeps the latest, so this fact is where their history
-- accumulates (full_refresh=false: a rebuild would keep only today's). The row valid on day D is the
-- symbol's latest with as_of_date <= D. SQL: macros/gold_company.sql (gold_as_of_select).

{{ gold_as_of_select(parts, ['symbol']) }}
