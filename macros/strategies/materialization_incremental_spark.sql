{% materialization incremental, adapter='spark', supported_languages=['sql', 'python'] -%}
    {%- if model['language'] == 'sql' and is_incremental() and not has_new_input() -%}
        {%- call statement('main') -%}
            {{ nothing_new_sql(this) }}
        {%- endcall -%}
        {{ return({'relations': [this]}) }}
    {%- endif -%}
    {{ return(dbt.materialization_incremental_spark()) }}
{%- endmaterialization %}
