{#
    The invocation's start time as a SQL timestamp (UTC): one value for
    every row a run loads, so rows of one load can be told apart from others.
#}
{% macro run_started_at_timestamp() %}
    {{- return("cast('" ~ run_started_at.strftime('%Y-%m-%d %H:%M:%S.%f') ~ "' as timestamp)") -}}
{% endmacro %}
