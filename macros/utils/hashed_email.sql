{% macro hashed_email(column) %}
    sha2(concat({{ sql_string(var('pii_hash_salt')) }}, '|', lower(trim({{ column }}))), 256)
{%- endmacro %}

{# Digits only, keeping a leading `+`: `+351 912 345 678` and `+351912345678` hash alike. #}
