{#
    True when record `candidate` should replace record `current` of the same
    event_id: a later ingest_time wins; at equal ingest_time (a redelivery)
    the greater content hash wins, so the choice never depends on arrival
    order or on how files were grouped into runs. Identical content is not
    newer, so a plain redelivery changes nothing.
#}
{% macro newer_version_condition(candidate, current) %}
    ({{ candidate }}.ingest_time > {{ current }}.ingest_time
        or ({{ candidate }}.ingest_time = {{ current }}.ingest_time
            and {{ candidate }}.record_hash > {{ current }}.record_hash))
{%- endmacro %}
