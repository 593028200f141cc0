{% macro newer_version_condition(candidate, current) %}
    ({{ candidate }}.ingest_time > {{ current }}.ingest_time
        or ({{ candidate }}.ingest_time = {{ current }}.ingest_time
            and {{ candidate }}.record_hash > {{ current }}.record_hash))
{%- endmacro %}
