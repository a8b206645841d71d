{#-
    What differs between the two targets, DuckDB (`dev`) and Spark 3.5 + Iceberg (`spark`).

    Every macro here is adapter-dispatched: `default__` is DuckDB's SQL (the project's reference
    engine, unchanged), `spark__` the Spark SQL that gives the same result. Models and the other
    macros call these instead of writing an engine's dialect, so each model stays one SQL file for
    both targets. The rules a model follows to run on both are in models/overview.md
    ("Two engines").
-#}

{#- A column type of the silver/gold vocabulary (varchar, integer, bigint, double, boolean, date,
    timestamp, timestamptz, varchar[]) in the engine's spelling. -#}
{% macro sbf_type(type) -%}
    {{- return(adapter.dispatch('sbf_type')(type)) -}}
{%- endmacro %}

{% macro default__sbf_type(type) -%}
    {{- return(type) -}}
{%- endmacro %}

{% macro spark__sbf_type(type) -%}
    {{- return({'varchar': 'string', 'integer': 'int', 'timestamptz': 'timestamp',
                'varchar[]': 'array<string>'}.get(type | lower, type)) -}}
{%- endmacro %}


{#- A quoted identifier (a column named like a keyword: "date", an FMP field in camelCase). -#}
{% macro sbf_quote(name) -%}
    {{- return(adapter.quote(name)) -}}
{%- endmacro %}


{#- A point in time as a literal, from an ISO-8601 string with its UTC offset. Spark's TIMESTAMP
    is an instant like DuckDB's TIMESTAMPTZ (the spark target's sessions run in UTC). -#}
{% macro sbf_timestamp_literal(iso) -%}
    {{- return(adapter.dispatch('sbf_timestamp_literal')(iso)) -}}
{%- endmacro %}

{% macro default__sbf_timestamp_literal(iso) -%}
    timestamptz '{{ iso }}'
{%- endmacro %}

{% macro spark__sbf_timestamp_literal(iso) -%}
    timestamp '{{ iso }}'
{%- endmacro %}


{#- A point in time (timestamptz) as the naive UTC wall-clock timestamp. On Spark a TIMESTAMP
    already reads in the session time zone, UTC (profiles.yml sets spark.sql.session.timeZone). -#}
{% macro sbf_utc(expression) -%}
    {{- return(adapter.dispatch('sbf_utc')(expression)) -}}
{%- endmacro %}

{% macro default__sbf_utc(expression) -%}
    timezone('UTC', {{ expression }})
{%- endmacro %}

{% macro spark__sbf_utc(expression) -%}
    ({{ expression }})
{%- endmacro %}


{#- Integer division, rounding toward minus infinity for the non-negative operands used here. -#}
{% macro sbf_int_div(numerator, denominator) -%}
    {{- return(adapter.dispatch('sbf_int_div')(numerator, denominator)) -}}
{%- endmacro %}

{% macro default__sbf_int_div(numerator, denominator) -%}
    ({{ numerator }} // {{ denominator }})
{%- endmacro %}

{% macro spark__sbf_int_div(numerator, denominator) -%}
    ({{ numerator }} div {{ denominator }})
{%- endmacro %}


{#- The continuous (interpolated) quantile of a column: an aggregate, also usable with OVER. -#}
{% macro sbf_quantile_cont(column, fraction) -%}
    {{- return(adapter.dispatch('sbf_quantile_cont')(column, fraction)) -}}
{%- endmacro %}

{% macro default__sbf_quantile_cont(column, fraction) -%}
    quantile_cont({{ column }}, {{ fraction }})
{%- endmacro %}

{% macro spark__sbf_quantile_cont(column, fraction) -%}
    percentile({{ column }}, {{ fraction }})
{%- endmacro %}


{#- One row per day from `start_date` to `end_date` (literals 'YYYY-MM-DD'), column `date`. -#}
{% macro sbf_date_spine(start_date, end_date) -%}
    {{- return(adapter.dispatch('sbf_date_spine')(start_date, end_date)) -}}
{%- endmacro %}

{% macro default__sbf_date_spine(start_date, end_date) -%}
    select cast(spine.day as date) as date
    from generate_series(
        date '{{ start_date }}',
        date '{{ end_date }}',
        interval 1 day
    ) as spine (day)
{%- endmacro %}

{% macro spark__sbf_date_spine(start_date, end_date) -%}
    select explode(sequence(date '{{ start_date }}', date '{{ end_date }}', interval 1 day)) as date
{%- endmacro %}


{#- ISO day of the week of a date: 1 = Monday ... 7 = Sunday. -#}
{% macro sbf_iso_day_of_week(expression) -%}
    {{- return(adapter.dispatch('sbf_iso_day_of_week')(expression)) -}}
{%- endmacro %}

{% macro default__sbf_iso_day_of_week(expression) -%}
    isodow({{ expression }})
{%- endmacro %}

{% macro spark__sbf_iso_day_of_week(expression) -%}
    date_part('DAYOFWEEK_ISO', {{ expression }})
{%- endmacro %}


{#- English day name (Monday) and month name (January) of a date. -#}
{% macro sbf_day_name(expression) -%}
    {{- return(adapter.dispatch('sbf_day_name')(expression)) -}}
{%- endmacro %}

{% macro default__sbf_day_name(expression) -%}
    dayname({{ expression }})
{%- endmacro %}

{% macro spark__sbf_day_name(expression) -%}
    date_format({{ expression }}, 'EEEE')
{%- endmacro %}

{% macro sbf_month_name(expression) -%}
    {{- return(adapter.dispatch('sbf_month_name')(expression)) -}}
{%- endmacro %}

{% macro default__sbf_month_name(expression) -%}
    monthname({{ expression }})
{%- endmacro %}

{% macro spark__sbf_month_name(expression) -%}
    date_format({{ expression }}, 'MMMM')
{%- endmacro %}


{#- A time of day literal 'HH:MM:SS'. Spark has no TIME type: there it is the text 'HH:MM:SS'
    (which is what a DuckDB TIME reads as when cast to text). -#}
{% macro sbf_time_literal(value) -%}
    {{- return(adapter.dispatch('sbf_time_literal')(value)) -}}
{%- endmacro %}

{% macro default__sbf_time_literal(value) -%}
    time '{{ value }}'
{%- endmacro %}

{% macro spark__sbf_time_literal(value) -%}
    '{{ value }}'
{%- endmacro %}


{#- A 64-bit hash of a row's values (the version fingerprint of latest_changed_rows). On Spark
    every value is paired with its null flag: Spark's hashes skip NULLs, so (NULL, 1) and
    (1, NULL) would collide. -#}
{% macro sbf_row_hash(columns) -%}
    {{- return(adapter.dispatch('sbf_row_hash')(columns)) -}}
{%- endmacro %}

{% macro default__sbf_row_hash(columns) -%}
    hash({% for c in columns %}{{ c }}{{ ", " if not loop.last }}{% endfor %})
{%- endmacro %}

{% macro spark__sbf_row_hash(columns) -%}
    xxhash64({% for c in columns %}{{ c }}, {{ c }} is null{{ ", " if not loop.last }}{% endfor %})
{%- endmacro %}


{#- The order a full build writes a table's rows in, for the reads that follow: DuckDB keeps
    min/max statistics per row group, and a filter or a join on an ordered column skips the row
    groups out of range. `order by <columns>` on DuckDB; nothing on Spark, where a global sort
    would cost a shuffle of the whole table (Iceberg keeps its own file statistics). -#}
{% macro sbf_write_order(columns) -%}
    {{- return(adapter.dispatch('sbf_write_order')(columns)) -}}
{%- endmacro %}

{% macro default__sbf_write_order(columns) -%}
    order by {{ columns | join(', ') }}
{%- endmacro %}

{% macro spark__sbf_write_order(columns) -%}
{%- endmacro %}


{#-
    sbf_update_from(target, alias, source_sql, source_alias, key, assignments)

    Sets columns of the rows of `target` that match a computed source on `key`:
        assignments   [(column, expression over alias and source_alias)]
    DuckDB: UPDATE ... FROM (inside the model's transaction). Spark: MERGE INTO ... WHEN MATCHED
    THEN UPDATE, one Iceberg commit, idempotent (re-running it sets the same values).
-#}
{% macro sbf_update_from(target, alias, source_sql, source_alias, key, assignments) -%}
    {{- return(adapter.dispatch('sbf_update_from')(target, alias, source_sql, source_alias, key, assignments)) -}}
{%- endmacro %}

{% macro default__sbf_update_from(target, alias, source_sql, source_alias, key, assignments) -%}
update {{ target }} as {{ alias }}
set
    {%- for column, expression in assignments %}
    {{ column }} = {{ expression }}{{ "," if not loop.last }}
    {%- endfor %}
from (
    {{ source_sql }}
) as {{ source_alias }}
where {{ alias }}.{{ key }} = {{ source_alias }}.{{ key }}
{%- endmacro %}

{% macro spark__sbf_update_from(target, alias, source_sql, source_alias, key, assignments) -%}
merge into {{ target }} as {{ alias }}
using (
    {{ source_sql }}
) as {{ source_alias }}
on {{ alias }}.{{ key }} = {{ source_alias }}.{{ key }}
when matched then update set
    {%- for column, expression in assignments %}
    {{ column }} = {{ expression }}{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}


{#-
    sbf_hook_statements(statements)

    What a hook returns for a list of SQL statements. DuckDB runs them as one hook (one string,
    `;`-separated, inside the model's transaction). Spark's Thrift server takes one statement per
    call and has no multi-statement transactions: the statements are run here, one by one, while
    the hook renders, and the hook itself is empty. Each one must be safe to re-run (a MERGE that
    sets values, never an increment), since a failure between two leaves the first applied.
-#}
{% macro sbf_hook_statements(statements) -%}
    {{- return(adapter.dispatch('sbf_hook_statements')(statements)) -}}
{%- endmacro %}

{% macro default__sbf_hook_statements(statements) -%}
    {{- return(statements | join(';\n')) -}}
{%- endmacro %}

{% macro spark__sbf_hook_statements(statements) -%}
    {%- for statement in statements -%}
        {%- do adapter.execute(statement, fetch=False) -%}
    {%- endfor -%}
    {{- return('') -}}
{%- endmacro %}


{#-
    sbf_qualify_first(relation_sql, partition_by, order_by)

    The rows of a query that come first in their partition: DuckDB's
        select * from (<relation_sql>) qualify row_number() over (partition by .. order by ..) = 1
    Spark 3.5 has no QUALIFY (nor SELECT * EXCLUDE to drop a rank column): there each row is
    carried as one struct next to its rank, and the struct is expanded back. partition_by and
    order_by name columns of the query's output.
-#}
{% macro sbf_qualify_first(relation_sql, partition_by, order_by) -%}
    {{- return(adapter.dispatch('sbf_qualify_first')(relation_sql, partition_by, order_by)) -}}
{%- endmacro %}

{% macro default__sbf_qualify_first(relation_sql, partition_by, order_by) -%}
    select *
    from (
        {{ relation_sql }}
    ) as _sbf_candidates
    qualify row_number() over (partition by {{ partition_by }} order by {{ order_by }}) = 1
{%- endmacro %}

{% macro spark__sbf_qualify_first(relation_sql, partition_by, order_by) -%}
    select _sbf_row.*
    from (
        select
            struct(_sbf_candidates.*) as _sbf_row,
            row_number() over (partition by {{ partition_by }} order by {{ order_by }}) as _sbf_rank
        from (
            {{ relation_sql }}
        ) as _sbf_candidates
    ) as _sbf_ranked
    where _sbf_rank = 1
{%- endmacro %}


{#-
    Stages: where a big query is cut in pieces on Spark.

    Spark inlines every deterministic CTE at each place it is used, so a chain of CTEs that each
    read the one before several times (the price features: recursions over recursions) grows
    exponentially into a plan that exhausts the driver. DuckDB shares such CTEs and needs nothing.

        {% call sbf_staged(['inputs', 'level_1']) %}
        with
        a as (...),
        inputs as (...),
        {{ sbf_stage_end('inputs') }}
        b as (select ... from inputs),
        level_1 as (...),
        {{ sbf_stage_end('level_1') }}
        c as (select ... from level_1)
        select ... from c
        {% endcall %}

    DuckDB: the query as written (sbf_stage_end renders nothing). Spark: the text up to each
    sbf_stage_end is written, while the model compiles (in the session that then builds it), to
    a Parquet table <model>__stage_<stage> beside the model, and a temporary view <stage> reads
    it; what follows reads the stage through that view. A CTE after a stage may read only the
    stages and the CTEs after that stage. Written tables, not cached views: a cached view keeps
    the plan it came from, which Spark still analyses (and an Iceberg MERGE plans twice) at each
    use, so the plans of the stages before it pile up again in the last statement. The model
    lists the same stages in a post-hook, sbf_drop_stages, which drops them.
-#}
{% macro sbf_stage_end(name) -%}
    {{- return(adapter.dispatch('sbf_stage_end')(name)) -}}
{%- endmacro %}

{% macro default__sbf_stage_end(name) -%}
{%- endmacro %}

{% macro spark__sbf_stage_end(name) -%}
    /*sbf_stage_end:{{ name }}*/
{%- endmacro %}

{#- The table a stage is written to: <model>__stage_<stage>, in the model's schema. -#}
{% macro sbf_stage_table(name) -%}
    {{- return(this.schema ~ '.' ~ this.identifier ~ '__stage_' ~ name) -}}
{%- endmacro %}

{% macro sbf_staged(stages) -%}
    {{- return(adapter.dispatch('sbf_staged')(stages, caller())) -}}
{%- endmacro %}

{% macro default__sbf_staged(stages, sql) -%}
    {{- sql -}}
{%- endmacro %}

{% macro spark__sbf_staged(stages, sql) -%}
    {%- set parts = modules.re.split('/\\*sbf_stage_end:([A-Za-z0-9_]+)\\*/', sql) -%}
    {#- parts: text, name, text, name, ..., text -#}
    {%- set names = parts[1::2] -%}
    {%- if names | list != stages | list -%}
        {{ exceptions.raise_compiler_error("sbf_staged in " ~ this ~ ": stages " ~ stages
                                           ~ " but the query marks " ~ names) }}
    {%- endif -%}
    {%- for name in names -%}
        {%- set body = parts[loop.index0 * 2].strip().rstrip(',') -%}
        {%- set body = body if loop.first else 'with ' ~ body -%}
        {%- if execute -%}
            {%- set table = sbf_stage_table(name) -%}
            {%- do adapter.execute('drop table if exists ' ~ table, fetch=False) -%}
            {%- do adapter.execute('create table ' ~ table ~ ' using parquet as ' ~ body ~ '\nselect * from ' ~ name, fetch=False) -%}
            {%- do adapter.execute('create or replace temporary view ' ~ name ~ ' as select * from ' ~ table, fetch=False) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set rest = parts[-1].strip() -%}
    {{- rest if rest.lower().startswith('select') else 'with ' ~ rest -}}
{%- endmacro %}

{#- Post-hook of a staged model: the stages dropped (nothing on DuckDB). -#}
{% macro sbf_drop_stages(stages) -%}
    {{- return(adapter.dispatch('sbf_drop_stages')(stages)) -}}
{%- endmacro %}

{% macro default__sbf_drop_stages(stages) -%}
    {{- return('') -}}
{%- endmacro %}

{% macro spark__sbf_drop_stages(stages) -%}
    {%- if not execute -%}
        {{- return('') -}}
    {%- endif -%}
    {%- set statements = [] -%}
    {%- for name in stages -%}
        {%- do statements.append('drop view if exists ' ~ name) -%}
        {%- do statements.append('drop table if exists ' ~ sbf_stage_table(name)) -%}
    {%- endfor -%}
    {{- return(sbf_hook_statements(statements)) -}}
{%- endmacro %}


{#- The value of `value` on the row where `ordering` is largest (DuckDB arg_max, Spark max_by). -#}
{% macro sbf_arg_max(value, ordering) -%}
    {{- return(adapter.dispatch('sbf_arg_max')(value, ordering)) -}}
{%- endmacro %}

{% macro default__sbf_arg_max(value, ordering) -%}
    arg_max({{ value }}, {{ ordering }})
{%- endmacro %}

{% macro spark__sbf_arg_max(value, ordering) -%}
    max_by({{ value }}, {{ ordering }})
{%- endmacro %}


{#- The texts of a group in ascending order, joined with `separator` (a SQL string literal). -#}
{% macro sbf_string_agg_sorted(value, separator) -%}
    {{- return(adapter.dispatch('sbf_string_agg_sorted')(value, separator)) -}}
{%- endmacro %}

{% macro default__sbf_string_agg_sorted(value, separator) -%}
    string_agg({{ value }}, {{ separator }} order by {{ value }})
{%- endmacro %}

{% macro spark__sbf_string_agg_sorted(value, separator) -%}
    array_join(array_sort(collect_list({{ value }})), {{ separator }})
{%- endmacro %}


{#- A 12-hour clock time at the start of a text ('09:30 AM -05:00' -> 09:30:00) as a time of day
    (NULL when it does not parse). Spark has no TIME type: there it is the text 'HH:MM:SS', as
    with sbf_time_literal. -#}
{% macro sbf_time_from_12h_text(expression) -%}
    {{- return(adapter.dispatch('sbf_time_from_12h_text')(expression)) -}}
{%- endmacro %}

{% macro default__sbf_time_from_12h_text(expression) -%}
    try_cast(try_strptime(left(trim({{ expression }}), 8), '%I:%M %p') as time)
{%- endmacro %}

{% macro spark__sbf_time_from_12h_text(expression) -%}
    date_format(try_to_timestamp(left(trim({{ expression }}), 8), 'hh:mm a'), 'HH:mm:ss')
{%- endmacro %}


{#-
    sbf_star(alias, relation, except=[], replace={})

    Every column of `relation` (a ref or source, read through `alias` in the query) but those in
    `except`, with the expression of `replace` ({column: expression}) in place of a column:
    DuckDB's `alias.* exclude (...) replace (... as ...)`. Spark has neither: there the columns
    are listed, in table order, from the relation as it exists when the model runs. `relation`
    may be a list of relations when `alias` is their union by name (sbf_union_all_by_name): their
    columns, first seen first.
-#}
{% macro sbf_star(alias, relation, except=[], replace={}) -%}
    {{- return(adapter.dispatch('sbf_star')(alias, relation, except, replace)) -}}
{%- endmacro %}

{% macro default__sbf_star(alias, relation, except=[], replace={}) -%}
    {{ alias }}.*
    {%- if except %} exclude ({{ except | join(', ') }}){% endif %}
    {%- if replace %} replace ({% for column, expression in replace.items() %}{{ expression }} as {{ column }}{{ ", " if not loop.last }}{% endfor %}){% endif %}
{%- endmacro %}

{% macro spark__sbf_star(alias, relation, except=[], replace={}) -%}
    {%- if not execute -%}
        {{- return(alias ~ '.*') -}}
    {%- endif -%}
    {%- set excluded = except | map('lower') | list -%}
    {%- set replaced = {} -%}
    {%- for column, expression in replace.items() -%}
        {%- do replaced.update({column | lower: expression}) -%}
    {%- endfor -%}
    {%- set names = [] -%}
    {%- for one in ([relation] if relation.identifier is defined else relation) -%}
        {%- for column in adapter.get_columns_in_relation(one) if column.name not in names -%}
            {%- do names.append(column.name) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set items = [] -%}
    {%- for name in names if name | lower not in excluded -%}
        {%- if name | lower in replaced -%}
            {%- do items.append(replaced[name | lower] ~ ' as ' ~ sbf_quote(name)) -%}
        {%- else -%}
            {%- do items.append(alias ~ '.' ~ sbf_quote(name)) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if items | length == 0 -%}
        {{ exceptions.raise_compiler_error("sbf_star in " ~ this ~ ": no columns found for " ~ relation) }}
    {%- endif -%}
    {{- items | join(', ') -}}
{%- endmacro %}


{#-
    sbf_union_all_by_name(parts)

    The rows of several relations stacked by column name: DuckDB's
        select <leading>, * from a union all by name select <leading>, * from b
    parts: [{'relation': ref(...), 'leading': [[expression, column], ...]}]. The columns are
    the union of the parts' columns (leading ones first, then each relation's in table order,
    first seen first); a part without a column gives NULL for it. Spark has no UNION BY NAME:
    there the columns are listed from the relations as they exist when the model runs.
-#}
{% macro sbf_union_all_by_name(parts) -%}
    {{- return(adapter.dispatch('sbf_union_all_by_name')(parts)) -}}
{%- endmacro %}

{% macro default__sbf_union_all_by_name(parts) -%}
    {%- for part in parts %}
    select {% for expression, column in part.get('leading', []) %}{{ expression }} as {{ column }}, {% endfor %}*
    from {{ part.relation }}
    {{- "\n    union all by name" if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{% macro spark__sbf_union_all_by_name(parts) -%}
    {%- if not execute -%}
        {{- return(default__sbf_union_all_by_name(parts)) -}}
    {%- endif -%}
    {%- set names = [] -%}
    {%- set per_part = [] -%}
    {%- for part in parts -%}
        {%- set have = {} -%}
        {%- for expression, column in part.get('leading', []) -%}
            {%- do have.update({column | lower: expression}) -%}
            {%- if column | lower not in names %}{% do names.append(column | lower) %}{% endif -%}
        {%- endfor -%}
        {%- for column in adapter.get_columns_in_relation(part.relation) -%}
            {%- if column.name | lower not in have -%}
                {%- do have.update({column.name | lower: sbf_quote(column.name)}) -%}
            {%- endif -%}
            {%- if column.name | lower not in names %}{% do names.append(column.name | lower) %}{% endif -%}
        {%- endfor -%}
        {%- do per_part.append(have) -%}
    {%- endfor -%}
    {%- for part in parts %}
    {%- set have = per_part[loop.index0] %}
    select
        {%- for name in names %}
        {{ have.get(name, 'null') }} as {{ sbf_quote(name) }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ part.relation }}
    {{- "\n    union all" if not loop.last }}
    {%- endfor %}
{%- endmacro %}
