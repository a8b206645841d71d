{{
    config(
        unique_key=['symbol', 'period_of_report'],
        meta={
            'dataset': 'company-employees',
            'date_column': 'period_of_report',
            'columns': [
                ['symbol',         'symbol',           'varchar'],
                ['periodOfReport', 'period_of_report', 'date'],
                ['cik',            'cik',              'cik'],
                ['acceptanceTime', 'acceptance_time',  'timestamp'],
                ['companyName',    'company_name',     'varchar'],
                ['formType',       'form_type',        'varchar'],
                ['filingDate',     'filing_date',      'date'],
                ['employeeCount',  'employee_count',   'bigint'],
                ['source',         'source',           'varchar'],
            ],
        },
    )
}}
-- depends_on: {{ source('ops', 'file_ingestions') }}

-- Employee counts (FMP /stable/historical-employee-count).
-- meta columns: [FMP field, silver column, type] (macros/silver_model.sql).

{{ silver_select(source('bronze', 'company_employees')) }}
