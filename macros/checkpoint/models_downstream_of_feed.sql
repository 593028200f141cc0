{% macro models_downstream_of_feed(feed) %}
    {%- set models = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model') | list -%}
    {%- set reached = [] -%}
    {%- for node in models if node.name == 'bronze_' ~ feed -%}
        {%- do reached.append(node.unique_id) -%}
    {%- endfor -%}
    {#- one pass per level of the DAG, at most as many passes as models -#}
    {%- for _ in models -%}
        {%- set before = reached | length -%}
        {%- for node in models if node.unique_id not in reached -%}
            {%- for parent in node.depends_on.nodes if parent in reached and node.unique_id not in reached -%}
                {%- do reached.append(node.unique_id) -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- if reached | length == before -%}
            {{ return(reached) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(reached) }}
{% endmacro %}
