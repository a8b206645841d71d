{{
    config(
        unique_key=['symbol', 'date', 'segment'],
        meta={
            'dataset': 'revenue-geographic-segmentation',
            'date_column': 'date',
            'key_fields': {'segment': none},
            'columns': [
                ['symbol',           'symbol',            'varchar'],
                ['date',             'date',              'date'],
                ['fiscalYear',       'fiscal_year',       'integer'],
                ['period',           'period',            'varchar'],
                ['reportedCurrency', 'reported_currency', 'varchar'],
                ['data',             'data',              'varchar'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Annual revenue by region (FMP /stable/revenue-geographic-segmentation), one row per segment.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

with

bronze as (
    {{ read_bronze(silver_fmp_fields(silver_columns())) }}
),

typed as (
    {{ silver_typed_select() }}
),

-- one row per entry of the {segment: revenue} object
segments as (
    select
        symbol,
        "date",
        nullif(trim(entry.key), '') as segment,
        fiscal_year,
        period,
        reported_currency,
        try_cast(entry.value as double) as revenue,
        file_id,
        run_id,
        ingested_at
    from (
        select
            *,
            unnest(map_entries(try_cast(json(data) as map(varchar, varchar)))) as entry
        from typed
    ) as entries
)

{{ latest_changed_rows('segments') }}
