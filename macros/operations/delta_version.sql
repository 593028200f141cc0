{% macro delta_version(relation) %}
    {{ return(run_query('describe history ' ~ relation ~ ' limit 1').columns['version'].values()[0] | int) }}
{% endmacro %}
