{{
    config(
        unique_key=['symbol', 'date'],
        meta={
            'dataset': 'earnings',
            'date_column': 'date',
            'columns': [
                ['symbol',           'symbol',            'varchar'],
                ['date',             'date',              'date'],
                ['epsActual',        'eps_actual',        'double'],
                ['epsEstimated',     'eps_estimated',     'double'],
                ['revenueActual',    'revenue_actual',    'double'],
                ['revenueEstimated', 'revenue_estimated', 'double'],
                ['lastUpdated',      'last_updated',      'date'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Earnings announcements (FMP /stable/earnings). Upcoming announcements have every figure
-- null until a later file brings the actuals (the merge updates the row). Revenue is a double:
-- consensus estimates are averages and need not be whole.
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'earnings')) }}
