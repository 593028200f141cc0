{% macro parse_event_timestamp(text) %}
    case
        when {{ text }} rlike '^-?[0-9]{1,13}$'
            then timestamp_millis(cast({{ text }} as bigint))
        when {{ text }} rlike '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})$'
            then try_cast({{ text }} as timestamp)
        when {{ text }} rlike '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$'
            then try_cast({{ text }} as timestamp)
    end
{% endmacro %}
