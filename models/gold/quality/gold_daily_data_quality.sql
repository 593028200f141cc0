{#- A view over the run log: always current, nothing to rebuild. -#}
{{ config(materialized='view') }}

with run_log as (

    select * from {{ ref('dq_run_log') }}

),

rows_read_per_day as (

    select
        to_date(run_started_at) as run_date,
        model_name,
        sum(rows_read) as rows_read
    from run_log
    group by to_date(run_started_at), model_name

),

dropped_per_rule as (

    select
        to_date(run_log.run_started_at) as run_date,
        run_log.model_name,
        dropped.expectation,
        'drop' as action,
        dropped.affected_rows
    from run_log
        lateral view explode(run_log.dropped_by_rule) dropped as expectation, affected_rows

),

warned_per_rule as (

    select
        to_date(run_log.run_started_at) as run_date,
        run_log.model_name,
        warned.expectation,
        'warn' as action,
        warned.affected_rows
    from run_log
        lateral view explode(run_log.warned_by_rule) warned as expectation, affected_rows

),

rule_violations as (

    select * from dropped_per_rule
    union all
    select * from warned_per_rule

),

rule_totals as (

    select
        run_date,
        model_name,
        expectation,
        action,
        sum(affected_rows) as affected_rows
    from rule_violations
    group by run_date, model_name, expectation, action

)

select
    ---------- keys
    rule_totals.run_date,
    rule_totals.model_name,
    rule_totals.expectation,
    ---------- attributes
    rule_totals.action,
    ---------- measures
    rule_totals.affected_rows,
    rows_read_per_day.rows_read,
    {{ percentage('rule_totals.affected_rows', 'rows_read_per_day.rows_read') }} as affected_pct
from rule_totals
inner join rows_read_per_day
    on
        rule_totals.run_date = rows_read_per_day.run_date
        and rule_totals.model_name = rows_read_per_day.model_name
