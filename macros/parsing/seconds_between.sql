{% macro seconds_between(start_time, end_time) %}
    (unix_micros({{ end_time }}) - unix_micros({{ start_time }})) / 1000000.0d
{% endmacro %}
