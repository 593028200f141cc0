{% macro dq_counts(model_name, validated, target, keys, rules, window_filter, late_condition=none) %}
{%- set drop_rules = expectations_with_action(rules, 'drop') -%}
{%- set warn_rules = expectations_with_action(rules, 'warn') -%}
select
    {{ sql_string(model_name) }} as model_name,
    count(*) as rows_read,
    count_if(outcome = 'written') as rows_written,
    count_if(outcome = 'dropped') as rows_dropped,
    count_if(size(warned_expectations) > 0) as rows_warned,
    count_if(outcome = 'redelivery') as redeliveries,
    count_if(outcome = 'stale') as stale_versions_ignored,
    count_if(outcome = 'written' and {{ late_condition or 'false' }}) as late_events,
    {{ rule_counts(drop_rules, 'quarantine_reason = {rule}') }} as dropped_by_rule,
    {{ rule_counts(warn_rules, 'array_contains(warned_expectations, {rule})') }} as warned_by_rule
from (
    select
        line.*,
        case
            when line.quarantine_reason is not null then 'dropped'
            when line.source_file = held.source_file and line.line_number = held.line_number then 'written'
            when line.ingest_time = held.ingest_time then 'redelivery'
            when line.ingest_time < held.ingest_time then 'stale'
            -- a valid line with no held version would be a lost record
            else 'unaccounted'
        end as outcome
    from {{ validated }} as line
    left join (
        -- only the held versions of keys in the window: a broadcast semi-join
        -- instead of a shuffle of the whole target
        select * from {{ target }}
        where {{ keys[0] }} in (
            select window_line.{{ keys[0] }} from {{ validated }} as window_line
            where {{ window_filter | replace('bronze_loaded_at', 'window_line.bronze_loaded_at') }}
        )
    ) as held
        on
            line.quarantine_reason is null
            {%- for key in keys %}
            and line.{{ key }} = held.{{ key }}
            {%- endfor %}
    where {{ window_filter | replace('bronze_loaded_at', 'line.bronze_loaded_at') }}
) as judged_lines
{% endmacro %}
