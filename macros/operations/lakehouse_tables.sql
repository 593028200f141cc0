{% macro lakehouse_tables(layers=none) %}
    {%- set tables = [] -%}
    {%- for node in graph.nodes.values() | sort(attribute='unique_id')
            if node.resource_type in ('model', 'snapshot', 'seed') and node.package_name == project_name
            and node.config.materialized not in ('view', 'ephemeral') -%}
        {%- set layer = 'reference' if node.resource_type == 'seed'
            else 'snapshots' if node.resource_type == 'snapshot' else node.fqn[1] -%}
        {%- if layers is none or layer in layers -%}
            {%- set relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
            {%- if relation is not none -%}
                {%- do tables.append({
                    'name': node.name, 'relation': relation, 'layer': layer,
                    'unique_key': node.config.get('unique_key'), 'partition_by': node.config.get('partition_by') or [],
                }) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(tables) }}
{% endmacro %}
