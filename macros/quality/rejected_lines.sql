{% macro rejected_lines(validated_relation) %}
{%- set reprocessed = reprocess_range(the_feed_of_this_model()) if is_incremental() else none -%}
{%- if reprocessed -%}
{#- every line of the range's dates, judged by today's rules: reprocess_sql
    takes the rejected ones into the quarantine and releases the valid ones -#}
select *
from {{ validated_window(validated_relation, none) }}
where {{ reprocessed.condition }}
{%- else -%}
{%- set window_start = processed_through() if is_incremental() else none -%}
select *
from {{ validated_window(validated_relation, window_start) }}
-- the cheap load filter first: Spark evaluates the conditions in order, and
-- the validity one parses the JSON line
where
    {{ loaded_after('bronze_loaded_at', window_start) }}
    and quarantine_reason is not null
    {{- feed_stop_filter(window_start) }}
{%- endif %}
{% endmacro %}
