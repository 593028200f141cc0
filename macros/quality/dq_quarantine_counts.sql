{% macro dq_quarantine_counts(model_name, quarantine, rules, window_filter) %}
select
    {{ sql_string(model_name) }} as model_name,
    count(*) as rows_read,
    count(*) as rows_written,
    cast(0 as bigint) as rows_dropped,
    cast(0 as bigint) as rows_warned,
    cast(0 as bigint) as redeliveries,
    cast(0 as bigint) as stale_versions_ignored,
    cast(0 as bigint) as late_events,
    {{ rule_counts(expectations_with_action(rules, 'drop'), 'quarantine_reason = {rule}') }} as dropped_by_rule,
    {{ rule_counts([], '') }} as warned_by_rule
from {{ quarantine }}
where {{ window_filter }}
{% endmacro %}
