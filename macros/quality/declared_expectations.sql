{#
    The expectations declared on a model (the current one by default), checked
    and with the `expectation_actions` overrides applied.
#}
{% macro declared_expectations(model_name=none) %}
    {%- if model_name is none -%}
        {%- set meta = model.config.get('meta', {}) -%}
        {%- set model_name = model.name -%}
    {%- elif not execute or 'nodes' not in graph -%}
        {#- the graph is empty while dbt parses (and in one of the renders of a unit test) -#}
        {{ return([]) }}
    {%- else -%}
        {%- set meta = {} -%}
        {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.name == model_name -%}
            {%- do meta.update(node.config.get('meta', {})) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set overrides = var('expectation_actions', {}) -%}
    {%- set breakers = var('circuit_breakers', {}) -%}
    {%- set seen = [] -%}
    {%- set rules = [] -%}
    {%- for rule in line_expectations(model_name) -%}
        {%- if overrides.get(rule.name, 'drop') != 'drop' or rule.name in breakers -%}
            {{ exceptions.raise_compiler_error("'" ~ rule.name ~ "' is a line rule of the data contract: its action"
                ~ " is always drop, with no circuit breaker") }}
        {%- endif -%}
        {%- do seen.append(rule.name) -%}
        {%- do rules.append(rule) -%}
    {%- endfor -%}
    {%- for rule in meta.get('expectations', []) -%}
        {%- set where = "expectation #" ~ loop.index ~ " of model '" ~ model_name ~ "'" -%}
        {%- if rule is not mapping or not rule.get('name') or not rule.get('condition') -%}
            {{ exceptions.raise_compiler_error(where ~ ": needs a `name` and a `condition`, got " ~ rule) }}
        {%- endif -%}
        {%- if not modules.re.match('^[a-z][a-z0-9_]*$', rule.name) -%}
            {{ exceptions.raise_compiler_error(where ~ ": name '" ~ rule.name ~ "' must be lowercase letters, digits and _") }}
        {%- endif -%}
        {%- if rule.name in seen -%}
            {{ exceptions.raise_compiler_error(where ~ ": the name '" ~ rule.name ~ "' is declared twice"
                ~ " (invalid_utf8 and line_too_long are every line feed's own)") }}
        {%- endif -%}
        {%- if rule.get('contract') and rule.name in overrides and overrides[rule.name] != 'drop' -%}
            {{ exceptions.raise_compiler_error(where ~ " ('" ~ rule.name ~ "') is a rule of the data contract: its action is always drop") }}
        {%- endif -%}
        {%- set action = overrides.get(rule.name, rule.get('action', '')) -%}
        {%- if action not in ('warn', 'drop', 'fail') -%}
            {{ exceptions.raise_compiler_error(where ~ " ('" ~ rule.name ~ "'): action must be warn, drop or fail, got '" ~ action ~ "'") }}
        {%- endif -%}
        {%- set breaker = breakers[rule.name] if rule.name in breakers else rule.get('circuit_breaker') -%}
        {%- if breaker is not none and (breaker is not number or breaker is sameas true or breaker is sameas false
                or breaker <= 0 or breaker > 1) -%}
            {{ exceptions.raise_compiler_error(where ~ " ('" ~ rule.name ~ "'): a circuit breaker is the share of a run's"
                ~ " new lines above which the feed stops, a number in (0, 1] such as 0.5; got '" ~ breaker ~ "'") }}
        {%- endif -%}
        {%- do seen.append(rule.name) -%}
        {%- do rules.append({'name': rule.name, 'condition': rule.condition, 'action': action,
                             'circuit_breaker': breaker}) -%}
    {%- endfor -%}
    {%- for name in (overrides | list) + (breakers | list) if name not in seen and execute -%}
        {%- set declared_anywhere = [] -%}
        {%- for node in graph.nodes.values() if node.resource_type == 'model' -%}
            {%- for rule in node.config.get('meta', {}).get('expectations', []) if rule.get('name') == name -%}
                {%- do declared_anywhere.append(node.name) -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- if not declared_anywhere -%}
            {{ exceptions.raise_compiler_error("var " ~ ('expectation_actions' if name in overrides else 'circuit_breakers')
                ~ " names '" ~ name ~ "', but no model declares an expectation of that name") }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(rules) }}
{% endmacro %}
