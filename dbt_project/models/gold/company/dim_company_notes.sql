{{
    config(
        unique_key=['symbol', 'title'],
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- The listed notes (debt securities) a company has issued: one row per symbol and note title
-- (e.g. "0.875% Notes due 2035"), the exchange listing it and the issuer's CIK.
-- Incremental (macros/gold_company.sql, gold_silver_rows).

{{ gold_silver_rows('company_notes', 'company-notes', [
    'symbol', 'title', 'exchange', 'cik'
]) }}
