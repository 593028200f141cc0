{#-
    A NeoWs feed response maps each date to the objects approaching on it,
    and each object lists its close approaches. Every value is read as text
    (numbers keep their digits) and typed by the declaration afterwards.
-#}
{%- set response_schema -%}
near_earth_objects map<string, array<struct<
    id: string, neo_reference_id: string, name: string, absolute_magnitude_h: string,
    estimated_diameter: struct<kilometers: struct<estimated_diameter_min: string, estimated_diameter_max: string>>,
    is_potentially_hazardous_asteroid: string, is_sentry_object: string,
    close_approach_data: array<struct<
        close_approach_date_full: string, epoch_date_close_approach: string,
        relative_velocity: struct<kilometers_per_second: string>,
        miss_distance: struct<kilometers: string>, orbiting_body: string>>>>>
{%- endset %}

with bronze_neows as (select * from {{ ref('bronze_neows') }}),

responses as (

    select
        source_file,
        raw_line as raw_response,
        loaded_at,
        from_json(raw_line, '{{ response_schema | replace('\n', ' ') }}') as response,
        -- the fetch time is in the file name (..._fetched_20250108T030000.123Z.json), as ISO-8601 text
        nullif(regexp_replace(
            regexp_extract(source_file, '_fetched_([0-9]{8}T[0-9]{6}[.][0-9]{3}Z)[.]json$', 1),
            '^([0-9]{4})([0-9]{2})([0-9]{2})T([0-9]{2})([0-9]{2})([0-9]{2})', '$1-$2-$3T$4:$5:$6'
        ), '') as fetched_at_text
    from bronze_neows

),

listed_approaches as (

    select
        responses.source_file,
        responses.loaded_at,
        responses.fetched_at_text,
        listed_day.approach_day,
        listed_object.object_position,
        listed_object.neo,
        approaches.approach_position,
        approaches.approach
    from responses
        lateral view explode(responses.response.near_earth_objects) listed_day as approach_day, day_objects
        lateral view posexplode(listed_day.day_objects) listed_object as object_position, neo
        -- an object without approaches still gets a record: it is quarantined, not lost
        lateral view outer posexplode(listed_object.neo.close_approach_data) approaches as approach_position, approach

),

approach_records as (

    select
        source_file,
        row_number() over (
            partition by source_file order by approach_day, object_position, approach_position
        ) as line_number,
        -- one record per close approach, named as the feed declares its fields
        to_json(named_struct(
            'neo_id', neo.id,
            'neo_reference_id', neo.neo_reference_id,
            'neo_name', neo.name,
            'absolute_magnitude_h', neo.absolute_magnitude_h,
            'diameter_min_km', neo.estimated_diameter.kilometers.estimated_diameter_min,
            'diameter_max_km', neo.estimated_diameter.kilometers.estimated_diameter_max,
            'is_hazardous', neo.is_potentially_hazardous_asteroid,
            'is_sentry', neo.is_sentry_object,
            'approach_time', approach.close_approach_date_full,
            'approach_epoch_ms', approach.epoch_date_close_approach,
            'velocity_kps', approach.relative_velocity.kilometers_per_second,
            'miss_distance_km', approach.miss_distance.kilometers,
            'orbiting_body', approach.orbiting_body,
            'ingest_time', fetched_at_text
        )) as raw_line,
        loaded_at
    from listed_approaches

),

unreadable_responses as (

    -- line 0 stands for the response itself: not a feed document (truncated, not JSON)
    select
        source_file,
        0 as line_number,
        raw_response as raw_line,
        loaded_at
    from responses
    where response.near_earth_objects is null

),

neows_records as (

    select * from approach_records
    union all
    select * from unreadable_responses

),

judged_records as ({{ judged_records('neows', 'neows_records') }})

select
    source_file, line_number, neo_id, approach_epoch_ms,  -- keys
    neo_reference_id, neo_name, orbiting_body, is_hazardous, is_sentry,  -- attributes
    {{ partition_date('neows') }}{{ added_fields('neows') }},
    quarantine_reason, warned_expectations, failed_expectations, raw_line,
    {{ record_hash('neows') }} as record_hash,
    absolute_magnitude_h, diameter_min_km, diameter_max_km, velocity_kps, miss_distance_km,  -- measures
    approach_time, ingest_time, bronze_loaded_at  -- timestamps
from judged_records
