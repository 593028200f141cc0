{% macro absolute_path(path) %}
    {%- if path.startswith('/') or '://' in path -%}
        {{ return(path.rstrip('/')) }}
    {%- endif -%}
    {%- set cwd = run_query("select reflect('java.lang.System', 'getProperty', 'user.dir')").columns[0].values()[0] -%}
    {{ return(cwd ~ '/' ~ path.rstrip('/')) }}
{% endmacro %}
