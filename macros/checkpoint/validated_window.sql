{% macro validated_window(validated_relation, window_start) %}
    {{ return(adapter.dispatch('validated_window', 'lakehouse_events')(validated_relation, window_start)) }}
{% endmacro %}

{% macro default__validated_window(validated_relation, window_start) %}
    {{ return(validated_relation) }}
{% endmacro %}

{# Databricks SQL warehouses have no global temporary views: read the view (without this, spark__ would outrank default__). #}
{% macro databricks__validated_window(validated_relation, window_start) %}
    {{ return(default__validated_window(validated_relation, window_start)) }}
{% endmacro %}

{% macro spark__validated_window(validated_relation, window_start) %}
    {#- compile, docs and show read the view itself: they may run before it exists -#}
    {%- if not execute or flags.WHICH not in ('run', 'build', 'retry') -%}
        {{ return(validated_relation) }}
    {%- endif -%}
    {#- a model with nothing new skips its write (has_new_input) and never reads the window -#}
    {%- if model is defined and model.resource_type == 'model' and not has_new_input() -%}
        {{ return(validated_relation) }}
    {%- endif -%}
    {%- set memo = run_memo() -%}
    {%- set memo_key = 'validated_window:' ~ validated_relation.identifier ~ ':' ~ window_start -%}
    {%- if memo_key not in memo -%}
        {%- set cached = 'global_temp.' ~ validated_relation.identifier ~ '__window_' ~ local_md5(memo_key)[:12]
            ~ '_' ~ invocation_id | replace('-', '_') -%}
        {#- two threads may get here at once: each defines the same view (the
            same lines) and caches it, which Spark keeps as one cache entry -#}
        {%- do run_query(
            'create or replace global temporary view ' ~ cached.split('.')[1] ~ ' as select * from '
            ~ validated_relation ~ ' where ' ~ loaded_after('bronze_loaded_at', window_start)
        ) -%}
        {#- lazy: filled by the first query that reads it, so a run whose
            models all skip (nothing new) pays nothing for it -#}
        {%- do run_query('cache lazy table ' ~ cached) -%}
        {%- do memo.update({memo_key: cached}) -%}
    {%- endif -%}
    {{ return(memo[memo_key]) }}
{% endmacro %}
