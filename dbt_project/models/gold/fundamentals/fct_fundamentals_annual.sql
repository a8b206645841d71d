{#-
    STAND-IN for the real gold fct_fundamentals_annual (another helper builds it): a plain table
    joining the three silver statements' annual rows, columns per the agreed contract:
      - header symbol, fiscal_year, period, date, reported_currency, filing_date, accepted_at;
      - every silver statement column; a name in more than one statement keeps the bare name in
        the income statement and gets the prefix balance_sheet_ / cash_flow_ elsewhere;
      - lineage income_file_id, balance_sheet_file_id, cash_flow_file_id.
    Column lists come from the silver models' yml (graph), so nothing is hand-typed.
-#}
{%- set header = ['symbol', 'fiscal_year', 'period', 'date', 'reported_currency', 'filing_date',
                  'accepted_date', 'cik', 'file_id', 'run_id', 'ingested_at', 'created_file_id'] -%}
{%- set statements = [
    ('income', 'income_statement', ''),
    ('balance_sheet', 'balance_sheet_statement', 'balance_sheet_'),
    ('cash_flow', 'cashflow_statement', 'cash_flow_'),
] -%}
{%- set names = {} -%}
{%- if execute -%}
    {%- for alias, model_name, prefix in statements -%}
        {%- set node = graph.nodes['model.sbfoundation.' ~ model_name] -%}
        {%- do names.update({alias: node.columns.keys() | reject('in', header) | list}) -%}
    {%- endfor -%}
{%- endif -%}
{%- set counts = {} -%}
{%- for alias in names -%}
    {%- for column in names[alias] -%}
        {%- do counts.update({column: counts.get(column, 0) + 1}) -%}
    {%- endfor -%}
{%- endfor -%}

with

income as (
    select * from {{ ref('income_statement') }} where period = 'FY'
),

balance_sheet as (
    select * from {{ ref('balance_sheet_statement') }} where period = 'FY'
),

cash_flow as (
    select * from {{ ref('cashflow_statement') }} where period = 'FY'
)

select
    income.symbol,
    income.fiscal_year,
    income.period,
    income.date,
    income.reported_currency,
    income.filing_date,
    try_cast(income.accepted_date as timestamp) as accepted_at,
{%- for alias, model_name, prefix in statements %}
    {%- for column in names.get(alias, []) %}
    {{ alias }}.{{ column }} as {{ (prefix if counts[column] > 1 and alias != 'income' else '') ~ column }},
    {%- endfor %}
{%- endfor %}
    income.file_id as income_file_id,
    balance_sheet.file_id as balance_sheet_file_id,
    cash_flow.file_id as cash_flow_file_id
from income
left join balance_sheet using (symbol, fiscal_year)
left join cash_flow using (symbol, fiscal_year)
-- one row per symbol and fiscal year (the latest period end if a year were reported twice)
qualify row_number() over (partition by income.symbol, income.fiscal_year order by income.date desc) = 1
