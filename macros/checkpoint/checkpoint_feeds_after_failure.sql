{% macro checkpoint_feeds_after_failure(results) %}
    {%- set nothing_to_do = "select 'pipeline_runs ran or was not selected' as feeds_after_failure" -%}
    {%- if not execute or results is not defined -%}
        {{ return(nothing_to_do) }}
    {%- endif -%}
    {%- set runs_node = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
        | selectattr('name', 'equalto', 'pipeline_runs') | first -%}
    {%- set result_of = {} -%}
    {%- for result in results -%}
        {%- do result_of.update({result.node.unique_id: result}) -%}
    {%- endfor -%}
    {#- only when dbt skipped pipeline_runs because something upstream failed:
        a run in which it ran, failed itself or was not selected is left alone -#}
    {%- if runs_node.unique_id not in result_of or result_of[runs_node.unique_id].status != 'skipped' -%}
        {{ return(nothing_to_do) }}
    {%- endif -%}

    {#- what pipeline_runs waits for: its ancestors (a breadth-first walk up depends_on) -#}
    {%- set waited_for = [] -%}
    {%- set to_visit = runs_node.depends_on.nodes | list -%}
    {%- for node_id in to_visit if node_id not in waited_for -%}
        {%- do waited_for.append(node_id) -%}
        {%- if node_id in graph.nodes -%}
            {%- do to_visit.extend(graph.nodes[node_id].depends_on.nodes) -%}
        {%- endif -%}
    {%- endfor -%}

    {#- the failures that held it back: a node it waits for or a test of one (dbt build), and a failed hook -#}
    {%- set failures = [] -%}
    {%- for result in results if result.status in ('error', 'fail') -%}
        {%- set node = result.node -%}
        {%- set touched = [node.unique_id]
            + (node.depends_on.nodes if node.resource_type in ('test', 'unit_test') else []) -%}
        {%- if node.resource_type == 'operation' or touched | select('in', waited_for) | list -%}
            {%- set feeds = [] -%}
            {%- for node_id in touched -%}
                {%- do feeds.extend(feeds_upstream_of(node_id)) -%}
            {%- endfor -%}
            {#- the first line that says what went wrong, after dbt's headings
                ("Runtime Error in model <name> (<path>)", "Runtime Error") -#}
            {%- set said = [] -%}
            {%- for line in ((result.message or 'no message') | string).splitlines()
                    if line | trim and not modules.re.match('^([A-Z][a-z]+ )*Error( in [a-z_]+ .*)?$', line | trim) -%}
                {%- do said.append(line | trim) -%}
            {%- endfor -%}
            {%- set first_line = said[0] if said else (result.message or 'no message') | string | trim -%}
            {%- do failures.append({
                'name': node.name,
                'feeds': feeds,
                'said': node.resource_type ~ ' ' ~ node.name ~ ' failed: ' ~ first_line | truncate(500, true, '...', 0),
            }) -%}
        {%- endif -%}
    {%- endfor -%}

    {#- a feed completes when every model of it that pipeline_runs waits for
        succeeded and no failure that held pipeline_runs back descends from it -#}
    {%- set failed_feeds = {} -%}
    {#- dq_run_log reads every feed's silver: one feed's silver failure skips it
        for all, and this hook then logs the feeds that completed -#}
    {%- set dq_node = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
        | selectattr('name', 'equalto', 'dq_run_log') | first -%}
    {%- set dq_skipped = dq_node.unique_id in result_of and result_of[dq_node.unique_id].status == 'skipped' -%}
    {%- set dq_feeds = [] -%}
    {%- for judged in of_landing_feeds(judged_feeds()) if feed_completes_in_this_run(judged.feed) -%}
        {%- set feed = judged.feed -%}
        {%- set own = [] -%}
        {%- for failure in failures if feed in failure.feeds -%}
            {%- do own.append(failure) -%}
        {%- endfor -%}
        {%- set held_back = [] -%}
        {%- for unique_id in models_downstream_of_feed(feed)
                if unique_id in waited_for and unique_id in result_of and result_of[unique_id].status != 'success' -%}
            {%- do held_back.append(result_of[unique_id]) -%}
        {%- endfor -%}
        {#- a feed with nothing new has no window to log, unless its bronze model is what failed -#}
        {%- set has_window = feed_window(feed).has_new_rows or reprocess_range(feed)
            or own | selectattr('name', 'equalto', 'bronze_' ~ feed) | list -%}
        {%- set held_back_by_others = held_back | rejectattr('node.name', 'equalto', 'dq_run_log') | list -%}
        {%- if own and has_window -%}
            {%- do failed_feeds.update({feed: own | map(attribute='said') | join('; ')}) -%}
        {%- elif held_back and not held_back_by_others and dq_skipped and has_window -%}
            {%- do dq_feeds.append(feed) -%}
        {%- elif held_back and has_window -%}
            {#- e.g. dq_run_log, which every feed's window needs, skipped after another feed's silver failed -#}
            {%- do failed_feeds.update({feed:
                held_back[0].node.name ~ ', which this feed needs too, was ' ~ held_back[0].status ~ ' after: '
                ~ (failures | map(attribute='said') | join('; ') or 'an upstream failure')}) -%}
        {%- endif -%}
    {%- endfor -%}

    {%- if dq_feeds -%}
        {#- the feeds' data-quality rows first: pipeline_runs' rows move their checkpoints -#}
        {%- set dq_relation = model_relation('dq_run_log') -%}
        {%- set dq_rows = dq_run_log_select(dq_relation is not none and not flags.FULL_REFRESH, model_relation, dq_feeds) -%}
        {%- if dq_relation is none -%}
            {%- do run_query('create table ' ~ api.Relation.create(database=dq_node.database, schema=dq_node.schema,
                identifier=dq_node.alias, type='table') ~ ' using delta as ' ~ dq_rows) -%}
        {%- else -%}
            {%- do run_query('merge into ' ~ dq_relation ~ ' as logged using (' ~ dq_rows ~ '\n) as feed_counts'
                ~ ' on logged.processed_after = feed_counts.processed_after and logged.model_name = feed_counts.model_name'
                ~ ' when matched then update set * when not matched then insert *') -%}
        {%- endif -%}
    {%- endif -%}
    {%- set relation = model_relation('pipeline_runs') -%}
    {#- a hook has no refs: it finds the tables by name (a bronze model that failed in its first run has none) -#}
    {%- set windows = pipeline_runs_windows(
        relation is not none and not flags.FULL_REFRESH, model_relation, failed_feeds) -%}
    {%- if windows -%}
        {%- set rows = 'select * from (' ~ pipeline_runs_select(windows) ~ '\n) as feed_runs' -%}
        {%- if relation is none -%}
            {#- the first run failed before pipeline_runs existed: create it as dbt would (Delta, its comment) -#}
            {%- set relation = api.Relation.create(
                database=runs_node.database, schema=runs_node.schema, identifier=runs_node.alias, type='table') -%}
            {%- set comment = ' comment ' ~ sql_string(runs_node.description)
                if (runs_node.config.persist_docs or {}).get('relation') else '' -%}
            {%- do run_query('create table ' ~ relation ~ ' using delta' ~ comment ~ ' as ' ~ rows) -%}
        {%- else -%}
            {%- do run_query('insert into ' ~ relation ~ ' by name ' ~ rows) -%}
        {%- endif -%}
        {{ log('pipeline_runs was skipped after a failure: this run\'s rows were written for the feeds '
            ~ windows | map(attribute='feed') | join(', ') ~ ' (failed: '
            ~ (failed_feeds.keys() | list | join(', ') or 'none') ~ ')', info=true) }}
    {%- endif -%}
    {#- the stop check may have cached a window after release_validated_windows ran -#}
    {%- do release_validated_windows() -%}
    {{ return("select 'feeds logged after a failure' as feeds_after_failure") }}
{% endmacro %}
