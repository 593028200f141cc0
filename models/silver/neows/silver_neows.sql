{{ config(unique_key=feed_declaration('neows').merge_keys, partition_by=[feed_declaration('neows').date_column],
          matched_condition=newer_version_condition('DBT_INTERNAL_SOURCE', 'DBT_INTERNAL_DEST')) }}

with newer_versions as ({{ newer_record_versions(ref('silver_neows_validated'), 'neows') }})

select
    neo_id, approach_epoch_ms,  -- keys
    neo_reference_id, neo_name, orbiting_body, is_hazardous, is_sentry, approach_date, record_hash,  -- attributes
    absolute_magnitude_h, diameter_min_km, diameter_max_km, velocity_kps, miss_distance_km,  -- measures
    approach_time, ingest_time,  -- timestamps
    previous_approach_date, source_file, line_number, bronze_loaded_at  -- lineage
from newer_versions
