{# A string as a quoted Spark SQL literal. #}
{% macro sql_string(value) %}
    {{- return("'" ~ (value | string | replace('\\', '\\\\') | replace("'", "\\'")) ~ "'") -}}
{% endmacro %}

{#
    `column in (v1, v2, ...)` for a list of SQL literals; `false` for an empty
    list, which Spark would reject as `in ()`.
#}
{% macro in_list(column, literals) %}
    {%- if literals | length == 0 -%}
        {{ return('false') }}
    {%- endif -%}
    {{ return(column ~ ' in (' ~ (literals | join(', ')) ~ ')') }}
{% endmacro %}

{#
    The distinct non-null values of one column of a relation, sorted, as SQL
    literals of the column's type (date'2025-01-03', 42, 'text').
#}
{% macro distinct_values(relation, column) %}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set result = run_query(
        'select distinct cast(' ~ column ~ ' as string) as value, typeof(' ~ column ~ ') as type'
        ~ ' from ' ~ relation ~ ' where ' ~ column ~ ' is not null order by 1'
    ) -%}
    {%- set literals = [] -%}
    {%- for row in result.rows -%}
        {%- if row['type'] in ('date', 'timestamp', 'timestamp_ntz') -%}
            {%- do literals.append(row['type'] ~ "'" ~ row['value'] ~ "'") -%}
        {%- elif row['type'] in ('tinyint', 'smallint', 'int', 'bigint', 'double', 'float') or row['type'].startswith('decimal') -%}
            {%- do literals.append(row['value']) -%}
        {%- else -%}
            {%- do literals.append(sql_string(row['value'])) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(literals) }}
{% endmacro %}

{#
    The invocation's start time as a SQL timestamp (UTC): one value for
    every row a run loads, so rows of one load can be told apart from others.
#}
{% macro run_started_at_timestamp() %}
    {{- return("cast('" ~ run_started_at.strftime('%Y-%m-%d %H:%M:%S.%f') ~ "' as timestamp)") -}}
{% endmacro %}

{#
    The partitions (values of `column`, as SQL literals) that the model
    `listing_model` lists for gold to rebuild in this run. Queried once per
    run (see run_memo): each gold model and its replace_partitions strategy
    read the same answer instead of running the query again.
#}
{% macro partitions_to_rebuild(listing_model, column) %}
    {%- set memo = run_memo() if execute else {} -%}
    {%- set memo_key = 'partitions_to_rebuild:' ~ listing_model ~ ':' ~ column -%}
    {#- a run without new rows for the model rebuilds nothing: no query -#}
    {%- if execute and not has_new_input() -%}
        {{ return([]) }}
    {%- endif -%}
    {%- if memo_key not in memo -%}
        {%- do memo.update({memo_key: distinct_values(ref(listing_model), column)}) -%}
    {%- endif -%}
    {#- a copy: callers add to the list they get -#}
    {{ return(memo[memo_key] | list) }}
{% endmacro %}
