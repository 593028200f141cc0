{% macro expectations_with_action(expectations, action) %}
    {{ return(expectations | selectattr('action', 'equalto', action) | list) }}
{% endmacro %}
