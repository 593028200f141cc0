{#
    The run log row of a feed's files: what bronze made of the files the
    ledger recorded in the window, counted in files. A file bronze could not
    read is dropped under its reason, a gzip cut short is written (its lines
    before the cut) and warned as `gzip_cut_short`.
#}
{% macro dq_file_counts(feed, ledger, window_filter) %}
{%- set unreadable = [] -%}
{%- for reason in ['not_gzip', 'corrupt_gzip', 'vanished'] -%}
    {%- do unreadable.append({'name': 'file_' ~ reason}) -%}
{%- endfor -%}
select
    {{ sql_string('bronze_' ~ feed) }} as model_name,
    count(*) as rows_read,
    count_if(status != 'unreadable') as rows_written,
    count_if(status = 'unreadable') as rows_dropped,
    count_if(status = 'partial') as rows_warned,
    cast(0 as bigint) as redeliveries,
    cast(0 as bigint) as stale_versions_ignored,
    cast(0 as bigint) as late_events,
    {{ rule_counts(unreadable, "concat('file_', reason) = {rule}") }} as dropped_by_rule,
    {{ rule_counts([{'name': 'gzip_cut_short'}], 'reason = {rule}') }} as warned_by_rule
from {{ ledger }}
where feed = {{ sql_string(feed) }} and {{ window_filter }}
{% endmacro %}
