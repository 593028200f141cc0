{#
    Where this run reads the judged lines of a feed's window from: the lines
    of `validated_relation` (a feed's validated view) loaded after
    `window_start` (the feed's checkpoint; none reads every line). The view
    parses every line (JSON, timestamps, content hash) each time it is read, and silver, its quarantine, the stop check and
    dq_run_log all read the window; so on Spark the window is parsed once,
    into a cached global temporary view that every node and connection of the
    run shares (a Thrift server gives each connection its own session; the
    global_temp schema and the cache span them), and released at the end of
    the run (release_validated_windows). Databricks reads the view itself.
#}
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
        {%- do run_query('cache table ' ~ cached) -%}
        {%- do memo.update({memo_key: cached}) -%}
    {%- endif -%}
    {{ return(memo[memo_key]) }}
{% endmacro %}
