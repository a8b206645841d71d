{{
    config(
        unique_key=['country'],
        meta={
            'dataset': 'market-risk-premium',
            'date_column': none,
            'columns': [
                ['country',                'country',                   'varchar'],
                ['continent',              'continent',                 'varchar'],
                ['countryRiskPremium',     'country_risk_premium',      'double'],
                ['totalEquityRiskPremium', 'total_equity_risk_premium', 'double'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Market risk premium (FMP /stable/market-risk-premium), one row per country.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'market_risk_premium')) }}
