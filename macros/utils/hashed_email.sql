{#
    Personal data as a salted SHA-256 of its normalised value, so gold can
    count and join on it without holding it in clear. Normalising first makes
    `Ana@Example.com ` and `ana@example.com` one customer. Null stays null.
#}
{% macro hashed_email(column) %}
    sha2(concat({{ sql_string(var('pii_hash_salt')) }}, '|', lower(trim({{ column }}))), 256)
{%- endmacro %}

{# Digits only, keeping a leading `+`: `+351 912 345 678` and `+351912345678` hash alike. #}
