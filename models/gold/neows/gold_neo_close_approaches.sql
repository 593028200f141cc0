{#- an incremental run reads the changed dates: see in_rebuilt_partitions -#}
-- depends_on: {{ ref('silver_neows_changed_dates') }}

with silver_neows as (

    select * from {{ ref('silver_neows') }}
    where {{ in_rebuilt_partitions('approach_date') }}

),

banded_approaches as (

    select
        *,
        case
            when diameter_max_km < 0.1 then 'small'
            when diameter_max_km <= 1 then 'medium'
            else 'large'
        end as size_band,
        case
            when velocity_kps < 10 then 'low'
            when velocity_kps <= 25 then 'medium'
            else 'high'
        end as velocity_band,
        miss_distance_km < 1000000 as is_close
    from silver_neows

),

classified_approaches as (

    select
        *,
        case
            when is_hazardous and is_close and (size_band = 'large' or velocity_band = 'high') then 'high'
            when is_hazardous and (is_close or size_band in ('medium', 'large')) then 'moderate'
            else 'low'
        end as risk_class
    from banded_approaches

)

select
    ---------- keys
    sha2(concat_ws('|', neo_id, cast(approach_epoch_ms as string)), 256) as approach_key,
    neo_id,
    approach_epoch_ms,
    ---------- attributes
    approach_date,
    year(approach_date) as approach_year,
    month(approach_date) as approach_month,
    day(approach_date) as approach_day,
    neo_name,
    orbiting_body,
    is_hazardous,
    is_sentry,
    size_band,
    velocity_band,
    is_close,
    risk_class,
    ---------- measures
    absolute_magnitude_h,
    diameter_min_km,
    diameter_max_km,
    velocity_kps,
    miss_distance_km,
    ---------- timestamps
    approach_time,
    ingest_time as fetched_at
from classified_approaches
