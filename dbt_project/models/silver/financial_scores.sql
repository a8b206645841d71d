{{
    config(
        unique_key=['symbol'],
        meta={
            'dataset': 'financial-scores',
            'date_column': none,
            'columns': [
                ['symbol',           'symbol',            'varchar'],
                ['reportedCurrency', 'reported_currency', 'varchar'],
                ['altmanZScore',     'altman_z_score',    'double'],
                ['piotroskiScore',   'piotroski_score',   'integer'],
                ['workingCapital',   'working_capital',   'double'],
                ['totalAssets',      'total_assets',      'double'],
                ['retainedEarnings', 'retained_earnings', 'double'],
                ['ebit',             'ebit',              'double'],
                ['marketCap',        'market_cap',        'double'],
                ['totalLiabilities', 'total_liabilities', 'double'],
                ['revenue',          'revenue',           'double'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Financial scores (FMP /stable/financial-scores), one row per symbol.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select() }}
