{#
    Expectations: row rules declared in a model's YAML under
    `config.meta.expectations`, each with a `name`, a SQL `condition` that a
    good row satisfies and an `action`:
      drop  the row goes to the quarantine, with the rule's name as reason;
      warn  the row is kept and counted in dq_run_log;
      fail  the run stops before any target changes.
    A condition that is false or null is a violation. Drop rules are judged in
    the declared order (a row carries the first one it breaks); warn and fail
    rules judge only the rows that no drop rule removed. The var
    `expectation_actions` ({rule name: action}) overrides declared actions.
#}

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
    {%- set seen = [] -%}
    {%- set rules = [] -%}
    {%- for rule in meta.get('expectations', []) -%}
        {%- set where = "expectation #" ~ loop.index ~ " of model '" ~ model_name ~ "'" -%}
        {%- if rule is not mapping or not rule.get('name') or not rule.get('condition') -%}
            {{ exceptions.raise_compiler_error(where ~ ": needs a `name` and a `condition`, got " ~ rule) }}
        {%- endif -%}
        {%- if not modules.re.match('^[a-z][a-z0-9_]*$', rule.name) -%}
            {{ exceptions.raise_compiler_error(where ~ ": name '" ~ rule.name ~ "' must be lowercase letters, digits and _") }}
        {%- endif -%}
        {%- if rule.name in seen -%}
            {{ exceptions.raise_compiler_error(where ~ ": the name '" ~ rule.name ~ "' is declared twice") }}
        {%- endif -%}
        {%- if rule.get('contract') and rule.name in overrides and overrides[rule.name] != 'drop' -%}
            {{ exceptions.raise_compiler_error(where ~ " ('" ~ rule.name ~ "') is a rule of the data contract: its action is always drop") }}
        {%- endif -%}
        {%- set action = overrides.get(rule.name, rule.get('action', '')) -%}
        {%- if action not in ('warn', 'drop', 'fail') -%}
            {{ exceptions.raise_compiler_error(where ~ " ('" ~ rule.name ~ "'): action must be warn, drop or fail, got '" ~ action ~ "'") }}
        {%- endif -%}
        {%- do seen.append(rule.name) -%}
        {%- do rules.append({'name': rule.name, 'condition': rule.condition, 'action': action}) -%}
    {%- endfor -%}
    {%- for name in overrides if name not in seen and execute -%}
        {%- set declared_anywhere = [] -%}
        {%- for node in graph.nodes.values() if node.resource_type == 'model' -%}
            {%- for rule in node.config.get('meta', {}).get('expectations', []) if rule.get('name') == name -%}
                {%- do declared_anywhere.append(node.name) -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- if not declared_anywhere -%}
            {{ exceptions.raise_compiler_error("var expectation_actions names '" ~ name ~ "', but no model declares an expectation of that name") }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(rules) }}
{% endmacro %}

{# The declared rules with one action. #}
{% macro expectations_with_action(expectations, action) %}
    {{ return(expectations | selectattr('action', 'equalto', action) | list) }}
{% endmacro %}

{# True when a row breaks the rule: its condition is false or null. #}
{% macro violates(rule) %}
    {{- 'not coalesce((' ~ rule.condition ~ '), false)' -}}
{% endmacro %}

{# The name of the first drop rule a row breaks, or null. #}
{% macro dropped_by_expectations(expectations) %}
    {%- set drop_rules = expectations_with_action(expectations, 'drop') -%}
    {%- if drop_rules | length == 0 -%}
        {{- 'cast(null as string)' -}}
    {%- else -%}
        case
        {%- for rule in drop_rules %}
            when {{ violates(rule) }} then {{ sql_string(rule.name) }}
        {%- endfor %}
        end
    {%- endif -%}
{% endmacro %}

{# The names of the rules with `action` that a row breaks, as array<string>. #}
{% macro violated_expectations(expectations, action) %}
    {%- set rules = expectations_with_action(expectations, action) -%}
    {%- if rules | length == 0 -%}
        {{- 'cast(array() as array<string>)' -}}
    {%- else -%}
        filter(
            array(
            {%- for rule in rules %}
                case when {{ violates(rule) }} then {{ sql_string(rule.name) }} end{{ ',' if not loop.last }}
            {%- endfor %}
            ),
            rule_name -> rule_name is not null
        )
    {%- endif -%}
{% endmacro %}

{#
    The select-list items `warned_expectations` and `failed_expectations`: the
    warn and fail rules a row breaks, judged only for rows that no drop rule
    sent to the quarantine (`quarantine_reason` is null).
#}
{% macro expectation_verdicts(expectations, quarantine_reason='quarantine_reason') %}
    {%- for action, column in [('warn', 'warned_expectations'), ('fail', 'failed_expectations')] %}
        case
            when {{ quarantine_reason }} is null
                then {{ violated_expectations(expectations, action) }}
            else cast(array() as array<string>)
        end as {{ column }}{{ ',' if not loop.last }}
    {%- endfor %}
{% endmacro %}

{#
    Stops the run when the validated rows this model is about to read (loaded
    after its checkpoint) break a fail rule: called while the model compiles,
    so its table is never touched. The error names each rule, its count and a
    few offending rows (`<key> at <file>:<line>`).
#}
{% macro assert_no_failed_expectations(relation, key_column) %}
    {#- nothing to check before the feed's view exists (e.g. `dbt docs generate`
        of a project whose feed was never built) -#}
    {%- if not execute or load_relation(relation) is none -%}
        {{ return('') }}
    {%- endif -%}
    {%- set window_start = processed_through() if is_incremental() else none -%}
    {%- set where = loaded_after('bronze_loaded_at', window_start) -%}
    {%- set key_expression = "concat(" ~ key_column ~ ", ' at ', source_file, ':', line_number)" -%}
    {%- set rules = declared_expectations(relation.identifier) -%}
    {%- set fail_rules = expectations_with_action(rules, 'fail') -%}
    {%- if fail_rules | length == 0 -%}
        {{ return('') }}
    {%- endif -%}
    {%- set result = run_query(
        'select failed.rule_name, count(*) as violations, '
        ~ "concat_ws(', ', slice(sort_array(collect_set(cast(" ~ key_expression ~ ' as string))), 1, 5)) as sample_keys '
        ~ 'from ' ~ relation ~ ' lateral view explode(failed_expectations) failed as rule_name '
        ~ 'where ' ~ where ~ ' group by failed.rule_name order by failed.rule_name'
    ) -%}
    {%- if result.rows | length > 0 -%}
        {%- set conditions = {} -%}
        {%- for rule in fail_rules -%}
            {%- do conditions.update({rule.name: rule.condition}) -%}
        {%- endfor -%}
        {%- set lines = [] -%}
        {%- for row in result.rows -%}
            {%- do lines.append(
                "  - '" ~ row['rule_name'] ~ "' (" ~ conditions.get(row['rule_name']) ~ "): "
                ~ row['violations'] ~ " row(s), e.g. " ~ row['sample_keys']
            ) -%}
        {%- endfor -%}
        {{ exceptions.raise_compiler_error(
            "Expectations with action 'fail' are broken by new rows of " ~ relation.identifier ~ ":\n"
            ~ (lines | join('\n'))
            ~ "\n" ~ this.identifier ~ " was not changed. Fix the data, or quarantine those rows: set"
            ~ " `expectation_actions: {<rule>: drop}` in the vars of dbt_project.yml (it must hold for"
            ~ " every later run), and run again."
        ) }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}
