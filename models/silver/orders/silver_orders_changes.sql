{{ merged_feed_config('orders') }}
{#-
    Every valid change of every order, once: duplicates of one (order_id,
    sequence_num) collapse to the latest received (greatest ingest_time, then
    content hash, as for events). Stale and identical records are filtered
    out before the merge, so they rewrite no file.
-#}
{%- set window_start = processed_through() if is_incremental() else none -%}

with latest_record_per_change as (

    {{ latest_new_records(ref('silver_orders_validated'), ['order_id', 'sequence_num']) }}

),

{% if is_incremental() %}

current_changes as (

    select
        order_id,
        sequence_num,
        order_date,
        ingest_time,
        record_hash,
        replaced_order_date,
        bronze_loaded_at
    from {{ this }}

),

newer_changes as (

    select
        incoming.*,
        -- the order date the replaced record may have given gold: gold must
        -- rebuild it. A record loaded after the checkpoint was never
        -- published (its run died), so the date it replaced stands.
        case
            when current_changes.order_id is null then null
            {%- if window_start %}
            when current_changes.bronze_loaded_at > {{ window_start }}
                then current_changes.replaced_order_date
            {%- endif %}
            else current_changes.order_date
        end as replaced_order_date
    from latest_record_per_change as incoming
    left join current_changes
        on
            incoming.order_id = current_changes.order_id
            and incoming.sequence_num = current_changes.sequence_num
    where
        current_changes.order_id is null
        or {{ newer_version_condition('incoming', 'current_changes') }}

)

{% else %}

newer_changes as (

    select
        *,
        cast(null as date) as replaced_order_date
    from latest_record_per_change

)

{% endif %}

select
    ---------- keys
    order_id,
    sequence_num,
    ---------- attributes
    op,
    status,
    customer_id,
    order_date,
    record_hash,
    ---------- measures
    amount,
    quantity,
    ---------- timestamps
    order_time,
    updated_at,
    ingest_time,
    ---------- lineage
    replaced_order_date,
    source_file,
    line_number,
    bronze_loaded_at
from newer_changes
