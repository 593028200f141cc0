{#-
    Deletes the data files no version younger than the retention needs.
    Under 168 hours (Delta's own floor) it refuses unless forced: a reader or
    a restore may still need those files.
-#}
{% macro vacuum(retention_hours=168, force=false) %}
    {%- if retention_hours is not number or retention_hours < 0 -%}
        {{ exceptions.raise_compiler_error("vacuum: retention_hours must be a number of hours, 0 or more; got '"
            ~ retention_hours ~ "'") }}
    {%- endif -%}
    {%- if retention_hours < 168 and not force -%}
        {{ exceptions.raise_compiler_error(
            "vacuum: retention_hours " ~ retention_hours ~ " is under 168 (7 days), Delta's safe minimum: a "
            ~ "query or run still reading an older version could fail, and runs older than " ~ retention_hours
            ~ " hours could no longer be restored. Pass force: true to vacuum anyway.") }}
    {%- endif -%}
    {%- set runs = model_relation('pipeline_runs') -%}
    {%- if runs is not none -%}
        {%- set lost = run_query(
            'select count(distinct invocation_id), max(recorded_at) from ' ~ runs
            ~ " where status != 'restored' and recorded_at < current_timestamp() - make_dt_interval(0, "
            ~ retention_hours ~ ')').rows[0] -%}
        {{ log('vacuum: time travel and restore_to_run to the ' ~ lost[0] ~ ' run(s) older than '
            ~ retention_hours ~ ' hours' ~ (' (the latest of them ended ' ~ lost[1] ~ ')' if lost[1] else '')
            ~ ' may no longer work once their files are gone', info=true) }}
    {%- endif -%}
    {%- set tables = lakehouse_tables() -%}
    {%- if retention_hours < 168 -%}
        {%- do run_query('set spark.databricks.delta.retentionDurationCheck.enabled = false') -%}
    {%- endif -%}
    {%- if target.type == 'spark' -%}
        {#- Delta lists a table's folders in as many tasks as this says (10,000 by default): 20 s a table here -#}
        {%- do run_query('set spark.sql.sources.parallelPartitionDiscovery.parallelism = 8') -%}
    {%- endif -%}
    {%- for table in tables -%}
        {%- set started = modules.datetime.datetime.now() -%}
        {%- do run_query('vacuum ' ~ table.relation ~ ' retain ' ~ retention_hours ~ ' hours') -%}
        {{ log('vacuum [' ~ loop.index ~ '/' ~ tables | length ~ '] ' ~ table.relation ~ ' ('
            ~ ((modules.datetime.datetime.now() - started).total_seconds() | round(1)) ~ ' s)', info=true) }}
    {%- endfor -%}
    {%- if retention_hours < 168 -%}
        {%- do run_query('set spark.databricks.delta.retentionDurationCheck.enabled = true') -%}
    {%- endif -%}
{% endmacro %}
