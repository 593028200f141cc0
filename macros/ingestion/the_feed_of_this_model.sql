{#
    The one landing feed the model being compiled reads: the feed of the
    `bronze_<feed>` model it descends from. A model that reads several feeds
    (a join of sales and its dimensions) gets a clear error: it must name the
    feed it means.
#}
{% macro the_feed_of_this_model() %}
    {%- set feeds = feeds_upstream_of(model.unique_id) -%}
    {%- if feeds | length != 1 -%}
        {{ exceptions.raise_compiler_error(
            model.name ~ " reads the landing feeds " ~ feeds ~ ": pass the feed to processed_through(feed)") }}
    {%- endif -%}
    {{ return(feeds[0]) }}
{% endmacro %}

{# The landing feeds (names of `bronze_<feed>` models) a node descends from, sorted. #}
{% macro feeds_upstream_of(unique_id) %}
    {%- set to_visit = [unique_id] -%}
    {%- set visited = [] -%}
    {%- set feeds = [] -%}
    {#- a breadth-first walk up depends_on; the list grows while it is read -#}
    {%- for node_id in to_visit if node_id not in visited -%}
        {%- do visited.append(node_id) -%}
        {%- set node = graph.nodes.get(node_id) -%}
        {%- if node is not none -%}
            {%- if node.resource_type == 'model' and node.name.startswith('bronze_') -%}
                {%- do feeds.append(node.name[7:]) -%}
            {%- endif -%}
            {%- do to_visit.extend(node.depends_on.nodes) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(feeds | unique | sort) }}
{% endmacro %}

{#
    The models that descend from `bronze_<feed>`, the bronze model included:
    everything a run must complete before the feed's checkpoint may move.
#}
{% macro models_downstream_of_feed(feed) %}
    {%- set models = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model') | list -%}
    {%- set reached = [] -%}
    {%- for node in models if node.name == 'bronze_' ~ feed -%}
        {%- do reached.append(node.unique_id) -%}
    {%- endfor -%}
    {#- one pass per level of the DAG, at most as many passes as models -#}
    {%- for _ in models -%}
        {%- set before = reached | length -%}
        {%- for node in models if node.unique_id not in reached -%}
            {%- for parent in node.depends_on.nodes if parent in reached and node.unique_id not in reached -%}
                {%- do reached.append(node.unique_id) -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- if reached | length == before -%}
            {{ return(reached) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(reached) }}
{% endmacro %}

{#
    Whether this invocation runs every model downstream of `bronze_<feed>`
    (the checkpoint model itself aside): only then may the feed's checkpoint
    advance. A run that selects part of a feed's models leaves it where it is.
#}
{% macro feed_completes_in_this_run(feed) %}
    {#- while dbt parses, every feed counts, so the model's refs are all seen -#}
    {%- if not execute -%}
        {{ return(true) }}
    {%- endif -%}
    {%- for unique_id in models_downstream_of_feed(feed)
            if unique_id != model.unique_id and unique_id not in selected_resources -%}
        {{ return(false) }}
    {%- endfor -%}
    {{ return(true) }}
{% endmacro %}
