{#
    The bronze `loaded_at` up to which the whole pipeline (silver and gold) has
    completed, read from the `pipeline_runs` checkpoint; none before the first
    completed run. Silver reads only bronze rows loaded after it. Returned as
    a SQL timestamp literal. The checkpoint model runs last, so a run that dies
    half-way is simply processed again by the next one.
#}
{% macro processed_through() %}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set checkpoint = model_relation('pipeline_runs') -%}
    {%- if checkpoint is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set result = run_query('select max(processed_through) from ' ~ checkpoint) -%}
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
