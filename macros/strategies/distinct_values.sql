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
