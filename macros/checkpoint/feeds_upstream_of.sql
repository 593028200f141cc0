{% macro feeds_upstream_of(unique_id) %}
    {%- set to_visit = [unique_id] -%}
    {%- set visited = [] -%}
    {%- set feeds = [] -%}
    {#- a breadth-first walk up depends_on; the list grows while it is read -#}
    {%- for node_id in to_visit if node_id not in visited -%}
        {%- do visited.append(node_id) -%}
        {%- set node = graph.nodes.get(node_id) -%}
        {%- if node is not none -%}
            {%- if node.resource_type == 'model' and node.name.startswith('bronze_') -%}
                {%- do feeds.append(node.name[7:]) -%}
            {%- endif -%}
            {%- do to_visit.extend(node.depends_on.nodes) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(feeds | unique | sort) }}
{% endmacro %}
