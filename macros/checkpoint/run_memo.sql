{#
    A dict that lives for one dbt invocation and is shared by every node it
    runs: facts one run needs many times (a feed's checkpoint, whether its
    window has rows, the dates gold rebuilds) are queried once and kept here.
    It hangs off `graph`, the one object dbt shares between the nodes of a
    run; a warm runner reuses the parsed graph across runs, so the memo is
    keyed by invocation_id and an older run's memo is dropped. With several
    threads, two nodes may compute the same fact at once: what is memoized
    must be a read, or a write that is harmless twice.
#}
{% macro run_memo() %}
    {%- set memos = graph.setdefault('lakehouse_events_run_memo', {}) -%}
    {%- if invocation_id not in memos -%}
        {%- for older in memos.keys() | list if older != invocation_id -%}
            {%- do memos.pop(older, none) -%}
        {%- endfor -%}
    {%- endif -%}
    {#- setdefault is atomic: nodes on parallel threads get the same dict -#}
    {{ return(memos.setdefault(invocation_id, {})) }}
{% endmacro %}
