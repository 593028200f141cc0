{#- Bronze is append-only and holds every landed line: it is never restored.
    The ops logs keep what happened, restores included. -#}
{% macro restorable_tables() %}
    {{ return(lakehouse_tables(['silver', 'gold', 'snapshots'])) }}
{% endmacro %}
