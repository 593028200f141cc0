{% macro judged_feed(feed) %}
    {%- set declared = feed_declaration(feed) -%}
    {%- set late = seconds_between(declared.event_time, 'ingest_time') ~ ' > ' ~ late_threshold_seconds()
        if declared.event_time else none -%}
    {{ return({
        'feed': feed, 'model': declared.model, 'validated': declared.validated,
        'quarantine': declared.quarantine, 'keys': declared.merge_keys, 'late': late,
    }) }}
{% endmacro %}
