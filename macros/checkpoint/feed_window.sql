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
            {#- the latest completed run's, or where a restore moved it back to -#}
            {%- set value = run_query(
                'select max_by(processed_through, recorded_at) from ' ~ checkpoint
                ~ ' where feed = ' ~ sql_string(feed) ~ " and status in ('completed', 'restored')"
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
