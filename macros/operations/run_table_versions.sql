{% macro run_table_versions(feeds) %}
    {%- if not execute -%}
        {{ return('cast(map() as map<string, bigint>)') }}
    {%- endif -%}
    {%- set downstream = [] -%}
    {%- for feed in feeds -%}
        {%- do downstream.extend(models_downstream_of_feed(feed)) -%}
    {%- endfor -%}
    {%- set entries = [] -%}
    {%- for table in restorable_tables() if 'model.' ~ project_name ~ '.' ~ table.name in downstream
            or table.layer == 'snapshots' -%}
        {%- do entries.append(sql_string(table.name) ~ ', cast(' ~ delta_version(table.relation) ~ ' as bigint)') -%}
    {%- endfor -%}
    {{ return('map(' ~ entries | join(', ') ~ ')' if entries else 'cast(map() as map<string, bigint>)') }}
{% endmacro %}
