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
    the graph); a model that reads several feeds must name it.
#}
{% macro processed_through(feed=none) %}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set feed = feed or the_feed_of_this_model() -%}
    {%- set checkpoint = model_relation('pipeline_runs') -%}
    {%- if checkpoint is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set result = run_query(
        'select max(processed_through) from ' ~ checkpoint
        ~ ' where feed = ' ~ sql_string(feed) ~ " and status = 'completed'"
    ) -%}
    {%- set value = result.columns[0].values()[0] -%}
    {%- if value is none -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return("timestamp'" ~ value.strftime('%Y-%m-%d %H:%M:%S.%f') ~ "'") }}
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
