{% macro added_fields(feed) %}
    {%- for field in feed_declaration(feed).fields if field.added -%}
        , {{ field.name }}
    {%- endfor -%}
{% endmacro %}
