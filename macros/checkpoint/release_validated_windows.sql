{% macro release_validated_windows() %}
    {%- if execute -%}
        {%- set memo = run_memo() -%}
        {%- for memo_key in memo.keys() | list if memo_key.startswith('validated_window:') -%}
            {%- set cached = memo.pop(memo_key) -%}
            {%- do run_query('uncache table if exists ' ~ cached) -%}
            {%- do run_query('drop view if exists ' ~ cached) -%}
        {%- endfor -%}
    {%- endif -%}
    select 'validated windows released' as released
{% endmacro %}
