{% macro pipeline_runs_windows(incremental, relation_of, failed_feeds={}) %}
    {%- set windows = [] -%}
    {#- only feeds with new bronze rows are logged (the others are not queried
        at all), and a feed the run failed -#}
    {%- for judged in of_landing_feeds(judged_feeds())
            if (feed_window(judged.feed).has_new_rows or reprocess_range(judged.feed) or judged.feed in failed_feeds)
                and feed_completes_in_this_run(judged.feed) -%}
        {%- set failure = failed_feeds.get(judged.feed) -%}
        {%- set window_start = processed_through(judged.feed) if incremental else none -%}
        {#- a reprocess re-derives its dates from all of bronze and keeps the checkpoint:
            the next ordinary run takes the new window as usual -#}
        {%- set reprocessed = reprocess_range(judged.feed) if window_start else none -%}
        {%- set reasons = [] if reprocessed or failure else feed_stop_reasons(judged, window_start) -%}
        {%- do windows.append({
            'feed': judged.feed,
            'window_start': window_start,
            'reprocessed': reprocessed,
            'reprocessed_from': "date'" ~ reprocessed.first ~ "'" if reprocessed else 'cast(null as date)',
            'reprocessed_to': "date'" ~ reprocessed.last ~ "'" if reprocessed else 'cast(null as date)',
            'failure': failure,
            'stop_reason': failure or (feed_stop_message(judged, reasons) if reasons else none),
            'bronze': relation_of('bronze_' ~ judged.feed),
        }) -%}
    {%- endfor -%}
    {{ return(windows) }}
{% endmacro %}
