{% macro rejected_lines(validated_relation) %}
{%- set window_start = processed_through() if is_incremental() else none -%}
select *
from {{ validated_window(validated_relation, window_start) }}
-- the cheap load filter first: Spark evaluates the conditions in order, and
-- the validity one parses the JSON line
where
    {{ loaded_after('bronze_loaded_at', window_start) }}
    and quarantine_reason is not null
    {{- feed_stop_filter(window_start) }}
{% endmacro %}
