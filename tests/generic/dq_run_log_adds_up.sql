{#
    Fails for every run log row whose lines do not add up: each line read is
    dropped, written, a redelivery or a stale version, nothing else, and the
    per-rule drops add up to the rows dropped.
#}
{% test dq_run_log_adds_up(model) %}

select
    invocation_id,
    model_name,
    rows_read,
    rows_dropped,
    rows_written,
    redeliveries,
    stale_versions_ignored
from {{ model }}
where
    not model_name like '%quarantine'
    and (
        rows_read != rows_dropped + rows_written + redeliveries + stale_versions_ignored
        or rows_dropped != aggregate(map_values(dropped_by_rule), cast(0 as bigint), (total, n) -> total + n)
    )

{% endtest %}
