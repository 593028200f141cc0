{#- an incremental run reads the changed dates: see in_rebuilt_partitions -#}
-- depends_on: {{ ref('silver_neows_changed_dates') }}

with close_approaches as (

    select * from {{ ref('gold_neo_close_approaches') }}
    where {{ in_rebuilt_partitions('approach_date') }}

),

daily_approaches as (

    select
        approach_date,
        count(*) as approaches,
        count_if(is_hazardous) as hazardous_approaches,
        count_if(risk_class = 'high') as high_risk_approaches,
        min(miss_distance_km) as closest_miss_km,
        max(velocity_kps) as fastest_velocity_kps
    from close_approaches
    group by approach_date

)

select
    ---------- keys
    approach_date,
    ---------- measures
    approaches,
    hazardous_approaches,
    high_risk_approaches,
    closest_miss_km,
    fastest_velocity_kps
from daily_approaches
