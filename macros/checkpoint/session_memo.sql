{#
    A dict that lives as long as the parsed project in this process: across
    the runs of a warm runner, for facts that only change with configuration
    (which landing tables are registered where). A cold `dbt` run starts
    with an empty one.
#}
{% macro session_memo() %}
    {{ return(graph.setdefault('lakehouse_events_session_memo', {})) }}
{% endmacro %}
