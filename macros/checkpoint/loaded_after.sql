{#
    A filter keeping rows loaded after a checkpoint (from processed_through());
    `true` when there is none yet, so a first run reads everything.
#}
{% macro loaded_after(column, checkpoint) %}
    {{- column ~ ' > ' ~ checkpoint if checkpoint else 'true' -}}
{% endmacro %}
