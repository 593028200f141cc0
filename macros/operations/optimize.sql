{#-
    Compacts every table of the lakehouse (or those named), small files into
    few. With zorder, a merged table is also clustered on its merge key
    (partition columns aside): point lookups by key then skip most files.
-#}
{% macro optimize(tables=none, zorder=false) %}
    {%- set chosen = lakehouse_tables() if tables is none else lakehouse_tables() | selectattr('name', 'in', tables) | list -%}
    {%- if tables is not none and chosen | length != tables | length -%}
        {{ exceptions.raise_compiler_error("optimize: no built table named "
            ~ (tables | reject('in', chosen | map(attribute='name') | list) | list | join(', '))) }}
    {%- endif -%}
    {%- for table in chosen -%}
        {%- set keys = [] -%}
        {%- if zorder and table.unique_key -%}
            {%- set unique_key = [table.unique_key] if table.unique_key is string else table.unique_key -%}
            {%- do keys.extend(unique_key | reject('in', table.partition_by) | list) -%}
        {%- endif -%}
        {%- set started = modules.datetime.datetime.now() -%}
        {%- set result = run_query('optimize ' ~ table.relation ~ (' zorder by (' ~ keys | join(', ') ~ ')' if keys else '')) -%}
        {%- set metrics = result.columns['metrics'].values()[0] -%}
        {{ log('optimize [' ~ loop.index ~ '/' ~ chosen | length ~ '] ' ~ table.relation
            ~ (' zorder by ' ~ keys | join(', ') if keys else '') ~ ': ' ~ metrics['numFilesRemoved']
            ~ ' files compacted into ' ~ metrics['numFilesAdded'] ~ ' ('
            ~ ((modules.datetime.datetime.now() - started).total_seconds() | round(1)) ~ ' s)', info=true) }}
    {%- endfor -%}
{% endmacro %}
