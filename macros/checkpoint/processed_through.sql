{#
    The bronze `loaded_at` up to which a feed's whole pipeline (its silver
    and gold) has completed, read from the per-feed rows of the
    `pipeline_runs` checkpoint; none before the feed's first completed run.
    Silver reads only bronze rows loaded after it. Returned as a SQL
    timestamp literal. The checkpoint model runs last, so a run that dies
    half-way is simply processed again by the next one, and a feed that a
    fail rule or circuit breaker stopped re-reads its own window while the
    other feeds move on.

    `feed` defaults to the one landing feed the current model reads (found in
    the graph); a model that reads several feeds must name it. The value is
    the checkpoint as it stood when the run started, read once (feed_window).
#}
{% macro processed_through(feed=none) %}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(feed_window(feed or the_feed_of_this_model()).start) }}
{% endmacro %}
