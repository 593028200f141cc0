{% macro version_key(key_column, start_column) %}
    case
        when {{ start_column }} is not null
            then sha2(concat_ws('|', {{ key_column }}, cast(unix_micros({{ start_column }}) as string)), 256)
    end
{%- endmacro %}
