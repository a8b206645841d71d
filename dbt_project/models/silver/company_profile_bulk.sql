{{
    config(
        unique_key=['symbol'],
        meta={
            'dataset': 'company-profile-bulk',
            'date_column': none,
            'columns': silver_columns_company_profile(),
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Company profiles from FMP /stable/profile-bulk (CSV, in parts); shape of company_profile.
-- Columns: macros/silver_shapes.sql, silver_columns_company_profile().

{{ silver_select(source('bronze', 'company_profile_bulk')) }}
