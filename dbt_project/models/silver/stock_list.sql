{{
    config(
        unique_key=['symbol'],
        meta={'dataset': 'stock-list', 'date_column': none},
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Every symbol FMP lists (FMP /stable/stock-list), one row per symbol.

with

bronze as (
    {{ read_bronze(['symbol', 'companyName']) }}
),

typed as (
    select
        -- key
        {{ key_cast('symbol', 'varchar') }} as symbol,
        -- data
        nullif(trim("companyName"), '') as company_name,
        -- lineage
        file_id,
        run_id,
        ingested_at
    from bronze
)

{{ latest_changed_rows('typed') }}
