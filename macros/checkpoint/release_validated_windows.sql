{% macro release_validated_windows() %}
    {%- if execute -%}
        {%- set memo = run_memo() -%}
        {%- for memo_key, cached in memo.items() if memo_key.startswith('validated_window:') -%}
            {%- do run_query('uncache table if exists ' ~ cached) -%}
            {%- do run_query('drop view if exists ' ~ cached) -%}
        {%- endfor -%}
    {%- endif -%}
    select 'validated windows released' as released
{% endmacro %}
