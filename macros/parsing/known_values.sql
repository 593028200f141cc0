{% macro known_values(seed) %}
    {%- set relation = ref(seed) -%}
    {#- a run that did not load the seed would fail on a missing table: say what to do -#}
    {%- if execute and model.resource_type == 'model' and load_relation(relation) is none -%}
        {{ exceptions.raise_compiler_error(
            "the seed '" ~ seed ~ "' is not loaded (" ~ relation ~ "): run `dbt seed` once, or `dbt build`, "
            ~ "which loads seeds before the models that read them") }}
    {%- endif -%}
    {{ return(relation) }}
{% endmacro %}
