{% macro model_relation(model_name) %}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.name == model_name -%}
        {{ return(adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias)) }}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error("model_relation: no model named '" ~ model_name ~ "' in this project") }}
{% endmacro %}
