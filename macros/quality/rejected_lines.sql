{#
    The select of a quarantine model: the validated lines loaded after the
    model's checkpoint that a drop rule rejected (every column of the
    validated view; the model picks its own). A fail rule broken by the same
    lines stops the run first, before the quarantine changes.
#}
{% macro rejected_lines(validated_relation, key_column) %}
{%- do assert_no_failed_expectations(validated_relation, key_column) -%}
{%- set window_start = processed_through() if is_incremental() else none -%}
select *
from {{ validated_relation }}
-- the cheap load filter first: Spark evaluates the conditions in order, and
-- the validity one parses the JSON line
where
    {{ loaded_after('bronze_loaded_at', window_start) }}
    and quarantine_reason is not null
{% endmacro %}
