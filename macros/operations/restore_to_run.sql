{% macro restore_to_run(run_id=none, dry_run=false) %}
    {%- set runs = model_relation('pipeline_runs') -%}
    {%- if not run_id -%}
        {{ exceptions.raise_compiler_error(
            "restore_to_run needs the run to go back to: --args '{run_id: <invocation_id>}' (see pipeline_runs)") }}
    {%- endif -%}
    {%- if runs is none -%}
        {{ exceptions.raise_compiler_error("restore_to_run: there is no pipeline_runs table yet, so no run to go back to") }}
    {%- endif -%}
    {%- set run_end = run_query(
        'select max(recorded_at) from ' ~ runs ~ ' where invocation_id = ' ~ sql_string(run_id)
        ~ " and status != 'restored'").columns[0].values()[0] -%}
    {%- if run_end is none -%}
        {%- set recent = run_query(
            'select invocation_id, max(recorded_at) as ended from ' ~ runs ~ " where status != 'restored'"
            ~ ' group by invocation_id order by ended desc limit 5') -%}
        {%- set listed = [] -%}
        {%- for row in recent.rows -%}
            {%- do listed.append(row[0] ~ ' (' ~ row[1] ~ ')') -%}
        {%- endfor -%}
        {{ exceptions.raise_compiler_error(
            "restore_to_run: no run '" ~ run_id ~ "' in pipeline_runs; the latest runs: "
            ~ (listed | join(', ') if listed else 'none')) }}
    {%- endif -%}
    {%- set at_run = "timestamp'" ~ run_end.strftime('%Y-%m-%d %H:%M:%S.%f') ~ "'" -%}
    {#- each table's version as the run left it: the latest recorded at or before it -#}
    {%- set recorded = run_query(
        'select table_name, max_by(version, recorded_at) from (select recorded_at, explode(table_versions) as'
        ~ ' (table_name, version) from ' ~ runs ~ ' where recorded_at <= ' ~ at_run ~ ') group by table_name') -%}
    {%- set wanted = {} -%}
    {%- for row in recorded.rows -%}
        {%- do wanted.update({row[0]: row[1] | int}) -%}
    {%- endfor -%}
    {%- set plan = [] -%}
    {%- set untouched = [] -%}
    {%- for table in restorable_tables() -%}
        {%- if table.name not in wanted -%}
            {%- do untouched.append(table.name) -%}
        {%- elif delta_version(table.relation) != wanted[table.name] -%}
            {%- do plan.append({'table': table, 'version': wanted[table.name]}) -%}
        {%- endif -%}
    {%- endfor -%}
    {#- every version must still be readable before any table changes: all or nothing -#}
    {%- for step in plan -%}
        {%- set missing = restore_missing_files(step.table.relation, step.version) -%}
        {%- if missing -%}
            {{ exceptions.raise_compiler_error(
                "restore_to_run: cannot restore " ~ step.table.relation ~ " to version " ~ step.version
                ~ " (run " ~ run_id ~ "): " ~ missing ~ ". Nothing was restored.") }}
        {%- endif -%}
    {%- endfor -%}
    {%- for step in plan -%}
        {{ log('restore [' ~ loop.index ~ '/' ~ plan | length ~ '] ' ~ step.table.relation ~ ' to version '
            ~ step.version ~ (' (dry run)' if dry_run else ''), info=true) }}
        {%- if not dry_run -%}
            {%- do run_query('restore table ' ~ step.table.relation ~ ' to version as of ' ~ step.version) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if untouched -%}
        {{ log('not restored (no version recorded at or before the run; the next run re-derives them): '
            ~ untouched | join(', '), info=true) }}
    {%- endif -%}
    {%- if not dry_run -%}
        {#- each feed's checkpoint goes back to the run's: the next ordinary run redoes what came after -#}
        {%- set statements = [] -%}
        {%- for feed in declared_feeds() -%}
            {%- do statements.append(
                'select ' ~ sql_string(invocation_id) ~ ' as invocation_id, ' ~ sql_string(feed) ~ " as feed,"
                ~ " 'restored' as status, " ~ sql_string('restored to run ' ~ run_id) ~ ' as stop_reason,'
                ~ ' cast(0 as bigint) as files_loaded, cast(0 as bigint) as bronze_rows,'
                ~ ' cast(null as double) as freshness_seconds, cast(null as double) as max_landed_to_gold_seconds,'
                ~ ' cast(map() as map<string, bigint>) as table_versions,'
                ~ ' (select max_by(processed_through, recorded_at) from ' ~ runs ~ ' where feed = ' ~ sql_string(feed)
                ~ " and status in ('completed', 'restored') and recorded_at <= " ~ at_run ~ ') as processed_through,'
                ~ ' cast(null as timestamp) as oldest_file_landed_at, cast(null as timestamp) as newest_file_landed_at,'
                ~ ' ' ~ run_started_at_timestamp() ~ ' as run_started_at, current_timestamp() as recorded_at') -%}
        {%- endfor -%}
        {%- do run_query('insert into ' ~ runs ~ ' by name ' ~ statements | join(' union all ')) -%}
    {%- endif -%}
    {{ log('restore_to_run: ' ~ plan | length ~ ' table(s) ' ~ ('would be ' if dry_run else '')
        ~ 'put back to run ' ~ run_id ~ ' (' ~ run_end ~ ')' ~ ('' if dry_run else
        '; every feed\'s checkpoint is that run\'s: the next `dbt build` re-derives what came after from bronze'),
        info=true) }}
{% endmacro %}
