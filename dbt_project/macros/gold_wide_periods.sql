{#-
    Wide period facts: several silver statements of a company's period (income statement, balance
    sheet, cash flow; or key metrics and ratios) joined into one row per (symbol, fiscal_year, period).

    A fact is described by its "parts", in column order, each:

        {'name':    'balance_sheet',              lineage columns <name>_file_id, <name>_created_file_id
         'prefix':  'balance_sheet_',             for its columns whose name another part also has
         'columns': silver_model_columns('balance_sheet_statement'),  its silver columns ([FMP field, column, type] entries)
         'sources': [                             silver models with that shape, e.g. per ticker + bulk
             {'model': 'balance_sheet_statement', 'dataset': 'balance-sheet-statement',
              'discriminators': ['FY']},          only these files of the dataset (none: all)
             {'model': 'balance_sheet_bulk_annual', 'dataset': 'balance-sheet-bulk-annual',
              'period': 'FY'},                    the period its rows stand for (none: their own)
         ]}

    Column names: a part's data columns keep their silver names; a name that more than one part has
    keeps its bare name in the first part only and takes the part's prefix in the others (so the
    income statement keeps net_income and the cash flow has cash_flow_net_income). The header
    (date, reported_currency, cik, filing_date, accepted_date -> accepted_at) is each part's own,
    taken from the first part that has the period.
-#}

{#- Columns every statement of a period repeats: the grain and the header. -#}
{% macro gold_wide_header_columns() -%}
    {{- return(['symbol', 'date', 'period', 'fiscal_year', 'reported_currency', 'cik', 'filing_date', 'accepted_date']) -}}
{%- endmacro %}


{#- The parts of fct_fundamentals_annual ('annual') or fct_fundamentals_quarterly ('quarterly'). -#}
{% macro gold_fundamentals_parts(frequency) -%}
    {%- if frequency == 'annual' -%}
        {%- set discriminators, bulk, period = ['FY'], 'annual', 'FY' -%}
    {%- elif frequency == 'quarterly' -%}
        {%- set discriminators, bulk, period = ['quarter'], 'quarter', none -%}
    {%- else -%}
        {{ exceptions.raise_compiler_error("gold_fundamentals_parts: frequency must be annual or quarterly, not " ~ frequency) }}
    {%- endif -%}
    {{- return([
        {'name': 'income', 'prefix': '', 'columns': silver_model_columns('income_statement'), 'sources': [
            {'model': 'income_statement', 'dataset': 'income-statement', 'discriminators': discriminators},
            {'model': 'income_statement_bulk_' ~ bulk, 'dataset': 'income-statement-bulk-' ~ bulk, 'period': period},
        ]},
        {'name': 'balance_sheet', 'prefix': 'balance_sheet_', 'columns': silver_model_columns('balance_sheet_statement'), 'sources': [
            {'model': 'balance_sheet_statement', 'dataset': 'balance-sheet-statement', 'discriminators': discriminators},
            {'model': 'balance_sheet_bulk_' ~ bulk, 'dataset': 'balance-sheet-bulk-' ~ bulk, 'period': period},
        ]},
        {'name': 'cash_flow', 'prefix': 'cash_flow_', 'columns': silver_model_columns('cashflow_statement'), 'sources': [
            {'model': 'cashflow_statement', 'dataset': 'cashflow-statement', 'discriminators': discriminators},
            {'model': 'cashflow_bulk_' ~ bulk, 'dataset': 'cashflow-bulk-' ~ bulk, 'period': period},
        ]},
    ]) -}}
{%- endmacro %}


{#- The parts of fct_key_metrics: key metrics and ratios, annual and quarterly (FMP has no quarterly
    ratios bulk endpoint). -#}
{% macro gold_key_metrics_parts() -%}
    {{- return([
        {'name': 'key_metrics', 'prefix': '', 'columns': silver_model_columns('key_metrics'), 'sources': [
            {'model': 'key_metrics', 'dataset': 'key-metrics'},
            {'model': 'key_metrics_bulk_annual', 'dataset': 'key-metrics-bulk-annual', 'period': 'FY'},
            {'model': 'key_metrics_bulk_quarter', 'dataset': 'key-metrics-bulk-quarter'},
        ]},
        {'name': 'ratios', 'prefix': 'ratios_', 'columns': silver_model_columns('metric_ratios'), 'sources': [
            {'model': 'metric_ratios', 'dataset': 'metric-ratios'},
            {'model': 'ratios_bulk_annual', 'dataset': 'ratios-bulk-annual', 'period': 'FY'},
        ]},
    ]) -}}
{%- endmacro %}


{#- A part read from one silver model: its lineage name, prefix, silver shape, model and dataset. -#}
{% macro gold_single_source_part(name, prefix, columns, model, dataset) -%}
    {{- return({'name': name, 'prefix': prefix, 'columns': columns,
                'sources': [{'model': model, 'dataset': dataset}]}) -}}
{%- endmacro %}


{#- The parts of fct_financial_growth: the growth of each statement's lines (FMP's *-growth datasets)
    and FMP's headline growth rates, annual and quarterly files alike (each dataset feeds this fact
    only, so no discriminator filter). In statement order, as in the fundamentals facts. -#}
{% macro gold_financial_growth_parts() -%}
    {{- return([
        gold_single_source_part('income_growth', '', silver_model_columns('income_statement_growth'),
                                'income_statement_growth', 'income-statement-growth'),
        gold_single_source_part('balance_sheet_growth', 'balance_sheet_', silver_model_columns('balance_sheet_statement_growth'),
                                'balance_sheet_statement_growth', 'balance-sheet-statement-growth'),
        gold_single_source_part('cash_flow_growth', 'cash_flow_', silver_model_columns('cashflow_statement_growth'),
                                'cashflow_statement_growth', 'cashflow-statement-growth'),
        gold_single_source_part('financial_growth', 'financial_', silver_model_columns('financial_statement_growth'),
                                'financial_statement_growth', 'financial-statement-growth'),
    ]) -}}
{%- endmacro %}


{#- config.meta.datasets of a wide fact: dataset -> its part's lineage column (with the
    discriminators when a source takes only some). -#}
{% macro gold_wide_datasets(parts) -%}
    {%- set datasets = {} -%}
    {%- for part in parts -%}
        {%- for source in part.sources -%}
            {%- if source.get('discriminators') is not none -%}
                {%- do datasets.update({source.dataset: {'column': part.name ~ '_file_id',
                                                         'discriminators': source.discriminators}}) -%}
            {%- else -%}
                {%- do datasets.update({source.dataset: part.name ~ '_file_id'}) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {{- return(datasets) -}}
{%- endmacro %}


{#- The data columns of a wide fact, in order: [part name, silver column, fact column]. `header`:
    the columns left out (the grain, and the header the fact takes once); default the periods' header. -#}
{% macro gold_wide_columns(parts, header=none) -%}
    {%- set header = gold_wide_header_columns() if header is none else header -%}
    {%- set seen = {} -%}
    {%- for part in parts -%}
        {%- for entry in part.columns if entry[1] not in header -%}
            {%- do seen.update({entry[1]: seen.get(entry[1], 0) + 1}) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set out = [] -%}
    {%- for part in parts -%}
        {%- set first_part = loop.first -%}
        {%- for entry in part.columns if entry[1] not in header -%}
            {%- set name = entry[1] if (first_part or seen[entry[1]] == 1) else part.prefix ~ entry[1] -%}
            {%- do out.append([part.name, entry[1], name]) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{- return(out) -}}
{%- endmacro %}


{#- The data columns of a wide fact as select items, `<part>.<silver column> as <fact column>,`
    under a comment per part (each ends with a comma: the lineage columns follow). -#}
{% macro gold_wide_column_items(parts, header=none) -%}
    {%- for part_name, silver_column, column in gold_wide_columns(parts, header) %}
    {%- if loop.changed(part_name) %}
    -- {{ part_name }}
    {%- endif %}
    {{ part_name }}.{{ silver_column }} as {{ column }},
    {%- endfor %}
{%- endmacro %}


{#- One source's rows as candidates for its part: keyed, within the fact's periods. The columns
    are listed (the part's silver columns, then the lineage), so that every source of a part lines
    up in a plain UNION ALL; a source with a fixed period (bulk annual) stands for it. -#}
{% macro gold_wide_source_rows(source, part, periods) -%}
    select
        {%- for entry in part.columns %}
        {%- if entry[1] == 'period' and source.get('period') %}
        {{ sbf_sql_string(source.period) }} as period,
        {%- else %}
        {{ sbf_quote(entry[1]) }},
        {%- endif %}
        {%- endfor %}
        file_id,
        ingested_at,
        created_file_id
    from {{ ref(source.model) }}
    where fiscal_year is not null
      {%- if not source.get('period') %}
      and period in ({% for p in periods %}{{ sbf_sql_string(p) }}{{ ", " if not loop.last }}{% endfor %})
      {%- endif %}
{%- endmacro %}


{#-
    The whole SELECT of a wide fact over `periods` (a list, e.g. ['FY']).

    Full build: every keyed silver row. Incremental: the grain keys that files gold has not consumed
    yet set (new periods, restatements, a statement arriving after the others), and for those keys
    the wide row is rebuilt from all of silver; the MERGE on the grain replaces it.
    Per part and key the latest file wins (ingested_at, then file_id): a bulk file and a per-ticker
    file for the same period agree on shape, and the newer one is what FMP says now. The grain is
    the fiscal period, while the per-ticker silver key is the period end date: a restatement that
    moves a row to another fiscal year leaves the old key's wide row as it was (merge never deletes).
    The first full build (or --full-refresh) rebuilds every key.
-#}
{% macro gold_wide_periods_select(parts, periods) -%}
    {%- set header = gold_wide_header_columns() -%}
    {%- set incremental = is_incremental() -%}
    {%- set grain = 'symbol, fiscal_year, period' -%}
with
{%- if incremental %}

-- grain keys set by files gold has not consumed yet
touched as (
    {%- for part in parts %}
    {%- set part_loop = loop %}
    {%- for source in part.sources %}
    select distinct {{ grain }}
    from ({{ gold_wide_source_rows(source, part, periods) }}) as source_rows
    where file_id in ({{ gold_unconsumed_file_ids(source.dataset, source.get('discriminators')) }})
    {{- "\n    union" if not (loop.last and part_loop.last) }}
    {%- endfor %}
    {%- endfor %}
),
{%- endif %}
{%- for part in parts %}

-- {{ part.name }}: one row per key, the latest file's
{%- set candidates_sql %}
        select *
        from (
            {%- for source in part.sources %}
            {{ gold_wide_source_rows(source, part, periods) | indent(12) }}
            {{- "\n            union all" if not loop.last }}
            {%- endfor %}
        ) as candidates
        {%- if incremental %}
        semi join touched using ({{ grain }})
        {%- endif %}
{%- endset %}
{{ part.name }} as (
    -- a file with two period ends for one fiscal period (a changed fiscal year end): the later one
    {{ sbf_qualify_first(candidates_sql, grain, 'ingested_at desc, file_id desc, date desc') }}
),
{%- endfor %}

keys as (
    {%- for part in parts %}
    select {{ grain }} from {{ part.name }}
    {{- "\n    union" if not loop.last }}
    {%- endfor %}
)

select
    -- grain
    keys.symbol,
    keys.fiscal_year,
    keys.period,
    -- header, from the first statement that has the period
    {%- for column in header if column not in ('symbol', 'fiscal_year', 'period') %}
    {%- set having = [] %}
    {%- for part in parts %}
        {%- for entry in part.columns if entry[1] == column %}{% do having.append(part.name ~ '.' ~ column) %}{% endfor %}
    {%- endfor %}
    {%- if having %}
    coalesce({{ having | join(', ') }}) as {{ 'accepted_at' if column == 'accepted_date' else column }},
    {%- endif %}
    {%- endfor %}
    {{- gold_wide_column_items(parts) }}
    -- lineage
    {%- for part in parts %}
    {{ part.name }}.file_id as {{ part.name }}_file_id,
    {{ part.name }}.created_file_id as {{ part.name }}_created_file_id{{ "," if not loop.last }}
    {%- endfor %}
from keys
{%- for part in parts %}
left join {{ part.name }}
    on {{ part.name }}.symbol = keys.symbol
    and {{ part.name }}.fiscal_year = keys.fiscal_year
    and {{ part.name }}.period = keys.period
{%- endfor %}
{%- endmacro %}
