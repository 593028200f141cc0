{% macro session_memo() %}
    {{ return(graph.setdefault('lakehouse_events_session_memo', {})) }}
{% endmacro %}
