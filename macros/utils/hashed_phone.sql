{% macro hashed_phone(column) %}
    sha2(concat({{ sql_string(var('pii_hash_salt')) }}, '|', regexp_replace({{ column }}, '[^0-9+]', '')), 256)
{%- endmacro %}
