{% macro new_landed_files(feed) %}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set memo = run_memo() -%}
    {%- set memo_key = 'new_landed_files:' ~ feed -%}
    {%- if memo_key not in memo -%}
        {%- set result = run_query(
            'select listed.path from ' ~ landing_schema() ~ '.' ~ feed ~ '_files as listed'
            ~ ' left anti join (select distinct source_file from ' ~ this ~ ') as ingested'
            ~ ' on listed.path = ingested.source_file order by 1'
        ) -%}
        {%- set literals = [] -%}
        {%- for path in result.columns[0].values() -%}
            {%- do literals.append(sql_string(path)) -%}
        {%- endfor -%}
        {%- do memo.update({memo_key: literals}) -%}
    {%- endif -%}
    {{ return(memo[memo_key]) }}
{% endmacro %}
