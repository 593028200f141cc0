{{ merged_feed_config('neows') }}

with newer_versions as ({{ newer_record_versions(ref('silver_neows_validated'), 'neows') }})

select
    neo_id, approach_epoch_ms,  -- keys
    neo_reference_id, neo_name, orbiting_body, is_hazardous, is_sentry,  -- attributes
    approach_date, record_hash{{ added_fields('neows') }},
    absolute_magnitude_h, diameter_min_km, diameter_max_km, velocity_kps, miss_distance_km,  -- measures
    approach_time, ingest_time,  -- timestamps
    previous_approach_date, source_file, line_number, bronze_loaded_at  -- lineage
from newer_versions
