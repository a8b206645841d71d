{{
    config(
        unique_key=['symbol'],
        meta={
            'dataset': 'company-profile',
            'date_column': none,
            'columns': silver_columns_company_profile(),
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Company profile (FMP /stable/profile, 36 fields), one row per symbol: the
-- latest fetched profile, so names, sectors and activity flags stay current.
-- Columns: macros/silver_shapes.sql, silver_columns_company_profile().

{{ silver_select(source('bronze', 'company_profile')) }}
