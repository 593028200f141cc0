{% macro feed_stop_reasons(judged, window_start) %}
    {%- set rules = declared_expectations(judged.validated) -%}
    {%- set stop_rules = [] -%}
    {%- for rule in rules if rule.action == 'fail' or rule.circuit_breaker is not none -%}
        {%- do stop_rules.append(rule) -%}
    {%- endfor -%}
    {%- set relation = model_relation(judged.validated) if execute and stop_rules else none -%}
    {#- nothing to judge before the feed's view exists (`dbt docs generate` of unbuilt feeds) -#}
    {%- if relation is none -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set memo = run_memo() -%}
    {%- set memo_key = 'feed_stop_reasons:' ~ judged.feed ~ ':' ~ window_start -%}
    {%- if memo_key in memo -%}
        {{ return(memo[memo_key]) }}
    {%- endif -%}
    {%- if window_start and not feed_window(judged.feed).has_new_rows -%}
        {%- do memo.update({memo_key: []}) -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set offending_row = "concat(" ~ judged['keys'][0] ~ ", ' at ', source_file, ':', line_number)" -%}
    {%- set measures = ['count(*) as new_lines'] -%}
    {%- for rule in stop_rules -%}
        {%- set broken = {
            'drop': 'quarantine_reason = ' ~ sql_string(rule.name),
            'warn': 'array_contains(warned_expectations, ' ~ sql_string(rule.name) ~ ')',
            'fail': 'array_contains(failed_expectations, ' ~ sql_string(rule.name) ~ ')',
        }[rule.action] -%}
        {%- do measures.append('count_if(' ~ broken ~ ') as broken_' ~ loop.index) -%}
        {%- do measures.append(
            "concat_ws(', ', slice(sort_array(collect_set(case when " ~ broken ~ ' then cast('
            ~ offending_row ~ ' as string) end)), 1, 5)) as sample_' ~ loop.index) -%}
    {%- endfor -%}
    {%- set counts = run_query(
        'select ' ~ (measures | join(', ')) ~ ' from ' ~ validated_window(relation, window_start)
        ~ ' where ' ~ loaded_after('bronze_loaded_at', window_start)
    ).rows[0] -%}
    {%- set reasons = [] -%}
    {%- for rule in stop_rules -%}
        {%- set broken = counts['broken_' ~ loop.index] -%}
        {%- set sample = counts['sample_' ~ loop.index] -%}
        {%- set share = broken / counts['new_lines'] if counts['new_lines'] else 0 -%}
        {%- if rule.action == 'fail' and broken > 0 -%}
            {%- do reasons.append(
                "  - '" ~ rule.name ~ "' (" ~ rule.condition ~ ", action fail): "
                ~ broken ~ " row(s), e.g. " ~ sample) -%}
        {%- elif rule.circuit_breaker is not none and share > rule.circuit_breaker -%}
            {%- do reasons.append(
                "  - '" ~ rule.name ~ "' (" ~ rule.condition ~ ", circuit breaker " ~ rule.circuit_breaker
                ~ "): broken by " ~ broken ~ " of " ~ counts['new_lines'] ~ " new lines ("
                ~ '%.1f' | format(100 * share) ~ "% > " ~ '%g' | format(100 * rule.circuit_breaker)
                ~ "%), e.g. " ~ sample) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- do memo.update({memo_key: reasons}) -%}
    {{ return(reasons) }}
{% endmacro %}
