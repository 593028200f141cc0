{% macro get_incremental_replace_keys_sql(arg_dict) %}
    {%- set source = arg_dict['temp_relation'] -%}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set key_columns = config.get('replace_keys_on') -%}
    {%- set key_columns = [key_columns] if key_columns is string else key_columns -%}
    {%- if not key_columns or key_columns | length != 1 -%}
        {{ exceptions.raise_compiler_error(
            "incremental_strategy 'replace_keys' needs exactly one replace_keys_on column; got "
            ~ key_columns) }}
    {%- endif -%}
    {%- set replaced_keys = distinct_values(source, key_columns[0]) -%}
    {%- set changes_model = config.get('replace_keys_from') -%}
    {%- if changes_model -%}
        {%- set touched = '(select ' ~ key_columns[0] ~ ' from ' ~ ref(changes_model) ~ ' where '
            ~ loaded_after(config.get('replace_keys_loaded_at', 'bronze_loaded_at'), processed_through())
            ~ ') as touched_keys' -%}
        {%- for value in distinct_values(touched, key_columns[0]) if value not in replaced_keys -%}
            {%- do replaced_keys.append(value) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if replaced_keys | length == 0 -%}
        select 'no keys changed' as replace_keys_result
    {%- else -%}
        {{ replace_where_sql(target, source, in_list(key_columns[0], replaced_keys)) }}
    {%- endif -%}
{% endmacro %}
