{% macro declared_feeds() %}
    {{ return(var('feeds', {}).keys() | list) }}
{% endmacro %}
