{% macro feed_stop_message(judged, reasons) %}
    {{ return(
        "Feed '" ~ judged.feed ~ "' stopped: expectations with action 'fail' or a circuit breaker"
        ~ " are broken by new rows of " ~ judged.validated ~ ":\n" ~ (reasons | join('\n'))
        ~ "\n" ~ judged.model ~ " and " ~ judged.quarantine ~ " were not changed and the feed's checkpoint"
        ~ " stays, so the next run reads these lines again; the other feeds went on. Fix the data, or"
        ~ " decide what such rows are: set `expectation_actions: {<rule>: warn}` (keep them) or"
        ~ " `{<rule>: drop}` (quarantine them), or raise `circuit_breakers: {<rule>: <share>}`, in the"
        ~ " vars of dbt_project.yml (it must hold for every later run), and run again."
    ) }}
{% endmacro %}
