{#
    The items (dicts with a `feed` key) whose feed this run registers, in
    the `landing_feeds` var: a run over some feeds only (`--vars
    '{landing_feeds: [events]}'` with a matching `--select`) logs those.
#}
{% macro of_landing_feeds(items) %}
    {%- set selected = items | selectattr('feed', 'in', var('landing_feeds')) | list -%}
    {%- if not selected -%}
        {{ exceptions.raise_compiler_error(
            "var landing_feeds (" ~ var('landing_feeds') ~ ") names none of the feeds "
            ~ (items | map(attribute='feed') | list) ~ " of " ~ this.identifier) }}
    {%- endif -%}
    {{ return(selected) }}
{% endmacro %}
