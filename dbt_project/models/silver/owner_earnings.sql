{{
    config(
        unique_key=['symbol', 'date'],
        meta={
            'dataset': 'owner-earnings',
            'date_column': 'date',
            'columns': [
                ['symbol',                 'symbol',                    'varchar'],
                ['date',                   'date',                      'date'],
                ['reportedCurrency',       'reported_currency',         'varchar'],
                ['fiscalYear',             'fiscal_year',               'integer'],
                ['period',                 'period',                    'varchar'],
                ['averagePPE',             'average_ppe',               'double'],
                ['maintenanceCapex',       'maintenance_capex',         'double'],
                ['ownersEarnings',         'owners_earnings',           'double'],
                ['growthCapex',            'growth_capex',              'double'],
                ['ownersEarningsPerShare', 'owners_earnings_per_share', 'double'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Owner earnings (FMP /stable/owner-earnings), one row per symbol and period end date.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'owner_earnings')) }}
