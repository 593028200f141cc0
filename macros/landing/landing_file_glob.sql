{% macro landing_file_glob() %}
    {{ return('*.{jsonl,json,jsonl.gz,json.gz}') }}
{% endmacro %}
