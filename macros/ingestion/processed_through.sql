{#
    The bronze `loaded_at` up to which a feed's whole pipeline (its silver
    and gold) has completed, read from the per-feed rows of the
    `pipeline_runs` checkpoint; none before the feed's first completed run.
    Silver reads only bronze rows loaded after it. Returned as a SQL
    timestamp literal. The checkpoint model runs last, so a run that dies
    half-way is simply processed again by the next one, and a feed that a
    fail rule or circuit breaker stopped re-reads its own window while the
    other feeds move on.

    `feed` defaults to the one landing feed the current model reads (found in
    the graph); a model that reads several feeds must name it. The value is
    the checkpoint as it stood when the run started, read once (feed_window).
#}
{% macro processed_through(feed=none) %}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(feed_window(feed or the_feed_of_this_model()).start) }}
{% endmacro %}

{#
    A feed's window in this run: `start`, its checkpoint at the start of the
    run (see processed_through), and `has_new_rows`, whether bronze holds rows
    loaded after it. Queried once per run and feed (see run_memo), by the first
    model downstream of the feed's bronze model, so after bronze has loaded.
    A window without rows lets every model of the feed skip its write.
#}
{% macro feed_window(feed) %}
    {%- if not execute -%}
        {{ return({'start': none, 'has_new_rows': true}) }}
    {%- endif -%}
    {%- set memo = run_memo() -%}
    {%- set memo_key = 'feed_window:' ~ feed -%}
    {%- if memo_key not in memo -%}
        {%- set start = none -%}
        {%- set checkpoint = model_relation('pipeline_runs') -%}
        {%- if checkpoint is not none -%}
            {%- set value = run_query(
                'select max(processed_through) from ' ~ checkpoint
                ~ ' where feed = ' ~ sql_string(feed) ~ " and status = 'completed'"
            ).columns[0].values()[0] -%}
            {%- if value is not none -%}
                {%- set start = "timestamp'" ~ value.strftime('%Y-%m-%d %H:%M:%S.%f') ~ "'" -%}
            {%- endif -%}
        {%- endif -%}
        {%- set bronze = model_relation('bronze_' ~ feed) -%}
        {#- Delta skips every bronze file whose loaded_at range ends before the start -#}
        {%- set has_new_rows = bronze is not none and run_query(
            'select 1 from ' ~ bronze ~ ' where ' ~ loaded_after('loaded_at', start) ~ ' limit 1'
        ).rows | length > 0 -%}
        {%- do memo.update({memo_key: {'start': start, 'has_new_rows': has_new_rows}}) -%}
    {%- endif -%}
    {{ return(memo[memo_key]) }}
{% endmacro %}

{#
    The existing relation of a model of this project, found by name without
    ref(): for reading state written downstream (a ref would be a cycle).
#}
{% macro model_relation(model_name) %}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.name == model_name -%}
        {{ return(adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias)) }}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error("model_relation: no model named '" ~ model_name ~ "' in this project") }}
{% endmacro %}

{#
    A filter keeping rows loaded after a checkpoint (from processed_through());
    `true` when there is none yet, so a first run reads everything.
#}
{% macro loaded_after(column, checkpoint) %}
    {{- column ~ ' > ' ~ checkpoint if checkpoint else 'true' -}}
{% endmacro %}
