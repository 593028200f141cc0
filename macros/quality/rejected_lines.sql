{#
    The select of a quarantine model: the validated lines loaded after the
    model's checkpoint that a drop rule rejected (every column of the
    validated view; the model picks its own). A feed that a fail rule or a
    circuit breaker stops quarantines nothing of the window (see
    feed_stop_reasons). A quarantine model merges these on the bronze line's
    key (source_file, line_number), never appends: a run that dies before the
    checkpoint is re-run over the same bronze rows and must not add them twice.
#}
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
