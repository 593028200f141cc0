{% macro as_of_run(model_name, run_id) %}
    {%- if not execute -%}
        {{ return(model_name) }}
    {%- endif -%}
    {%- set relation = model_relation(model_name) -%}
    {%- set runs = model_relation('pipeline_runs') -%}
    {%- set version = run_query(
        'select max_by(try_element_at(table_versions, ' ~ sql_string(model_name) ~ '), recorded_at) from ' ~ runs
        ~ ' where recorded_at <= (select max(recorded_at) from ' ~ runs ~ ' where invocation_id = '
        ~ sql_string(run_id) ~ ') and try_element_at(table_versions, ' ~ sql_string(model_name) ~ ') is not null'
    ).columns[0].values()[0] -%}
    {%- if version is none -%}
        {{ exceptions.raise_compiler_error(
            "as_of_run: pipeline_runs records no version of " ~ model_name ~ " at or before run '" ~ run_id ~ "'") }}
    {%- endif -%}
    {{ return(relation ~ ' version as of ' ~ version) }}
{% endmacro %}
