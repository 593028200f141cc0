{#
    A timestamp in any form the events contract accepts, as a UTC timestamp;
    null when the text matches none of them or names no real instant:
      - ISO-8601 with `Z` or a `+hh:mm` offset, optional fraction up to micros
        (2025-01-03T23:30:00+02:00, 2025-01-03T21:30:00.250Z);
      - `yyyy-MM-dd HH:mm:ss`, read as UTC (the session time zone is UTC);
      - epoch milliseconds: a JSON integer (a string of digits is accepted too).
    The patterns gate try_cast, which alone would also take dates without a
    time, times without seconds and other forms the contract does not offer.
#}
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
