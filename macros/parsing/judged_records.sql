{% macro judged_records(feed, bronze) %}
{%- set declared = feed_declaration(feed) -%}
{%- set expectations = declared_expectations(declared.validated) -%}
{%- set lookups = declared.fields | selectattr('known_in') | list -%}
{%- set schema = [] -%}
{%- for field in declared.fields -%}
    {%- do schema.append(field['from'] ~ ' string') -%}
{%- endfor %}
select
    *,
    -- warn and fail rules judge only what the drop rules kept
    {{ expectation_verdicts(expectations) }}
from (
    select
        *,
        -- the first drop rule the record breaks (the contract's rules first)
        {{ dropped_by_expectations(expectations) | indent(8) }} as quarantine_reason
    from (
        {%- if lookups %}
        select
            typed.*
            {%- for field in lookups %},
            known_{{ field.name }}.{{ field.name }} is not null as {{ field.name }}_is_known
            {%- endfor %}
        from (
        {%- endif %}
        select
            source_file,
            line_number,
            raw_line,
            bronze_loaded_at,
            record is not null and record._corrupt_record is null as is_json_object,
            {%- for field in declared.fields %}
            {{ typed_field(field) }}{{ ',' if not loop.last }}
            {%- endfor %}
        from (
            select
                source_file,
                line_number,
                raw_line,
                loaded_at as bronze_loaded_at,
                -- every field as text: numbers arrive as their digits, and a
                -- value of the wrong JSON type is caught by the typing below
                -- rather than nulling the whole record
                -- a line over the length limit is quarantined unparsed
                from_json(
                    if(octet_length(raw_line) <= {{ max_line_bytes() }}, raw_line, null),
                    '{{ (schema + ['_corrupt_record string']) | join(', ') }}'
                ) as record
            from {{ bronze }}
        ) as parsed
    {%- if lookups %}
        ) as typed
        {%- for field in lookups %}
        left join (select distinct {{ field.name }} from {{ known_values(field.known_in) }}) as known_{{ field.name }}
            on typed.{{ field.name }} = known_{{ field.name }}.{{ field.name }}
        {%- endfor %}
    {%- endif %}
    ) as typed
) as validated
{%- endmacro %}
