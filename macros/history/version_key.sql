{#
    Surrogate key of one version of a dimension key: SHA-256 of the key and
    its version's start (as epoch microseconds, so any engine can recompute
    it). Null when there is no version (the key did not exist then).
#}
{% macro version_key(key_column, start_column) %}
    case
        when {{ start_column }} is not null
            then sha2(concat_ws('|', {{ key_column }}, cast(unix_micros({{ start_column }}) as string)), 256)
    end
{%- endmacro %}
