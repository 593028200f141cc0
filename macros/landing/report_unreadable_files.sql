{#
    on-run-end: one warning line for each file this run's ledger recorded as
    unreadable or partial (at most ten, then how many more). A warning, not
    an error: the run's other files flowed and the feed carries on.
#}
{% macro report_unreadable_files(results) %}
    {%- set ledger_written = results | selectattr('node.name', 'equalto', 'file_ledger')
        | selectattr('status', 'equalto', 'success') | list -%}
    {%- if execute and ledger_written -%}
        {%- set shown = 10 -%}
        {%- set found = run_query(
            'select feed, source_file, status, reason, lines_taken from ' ~ model_relation('file_ledger')
            ~ " where loaded_at = " ~ run_started_at_timestamp() ~ " and status != 'loaded'"
            ~ ' order by feed, source_file'
        ).rows -%}
        {%- for row in found[:shown] -%}
            {%- do exceptions.warn(
                row[0] ~ ": " ~ row[1] ~ " is " ~ row[2] ~ " (" ~ row[3] ~ ")"
                ~ (", " ~ row[4] ~ " lines taken before the cut" if row[2] == 'partial' else ", nothing taken")
                ~ "; see file_ledger") -%}
        {%- endfor -%}
        {%- if found | length > shown -%}
            {%- do exceptions.warn((found | length - shown) ~ " more files unreadable or partial; see file_ledger") -%}
        {%- endif -%}
    {%- endif -%}
    select 'unreadable files reported' as unreadable_files
{% endmacro %}
