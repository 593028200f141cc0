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
