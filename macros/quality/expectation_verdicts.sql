{% macro expectation_verdicts(expectations, quarantine_reason='quarantine_reason') %}
    {%- for action, column in [('warn', 'warned_expectations'), ('fail', 'failed_expectations')] %}
        case
            when {{ quarantine_reason }} is null
                then {{ violated_expectations(expectations, action) }}
            else cast(array() as array<string>)
        end as {{ column }}{{ ',' if not loop.last }}
    {%- endfor %}
{% endmacro %}
