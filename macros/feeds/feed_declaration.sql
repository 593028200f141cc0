{% macro feed_declaration(feed) %}
    {%- set declared = var('feeds', {}) -%}
    {%- if feed not in declared -%}
        {{ exceptions.raise_compiler_error(
            "no landing feed named '" ~ feed ~ "': the feeds declared in var `feeds` are "
            ~ (declared.keys() | list | join(', '))) }}
    {%- endif -%}
    {%- set spec = declared[feed] -%}
    {%- set where = "feed '" ~ feed ~ "' (var `feeds`)" -%}
    {%- for required in ['key', 'fields'] if not spec.get(required) -%}
        {{ exceptions.raise_compiler_error(where ~ ": needs `" ~ required ~ "`") }}
    {%- endfor -%}
    {%- set fields = [] -%}
    {%- for name, field in spec.fields.items() -%}
        {%- set field = {'type': field} if field is string else field -%}
        {%- set type = field.get('type', 'text') -%}
        {%- if not modules.re.match('^(text|timestamp|date|int|bigint|boolean|decimal\\(\\d+,\\s*\\d+\\))$', type) -%}
            {{ exceptions.raise_compiler_error(
                where ~ ", field '" ~ name ~ "': type must be text, timestamp, date, int, bigint, boolean or "
                ~ "decimal(p,s), got '" ~ type ~ "'") }}
        {%- endif -%}
        {%- if field.get('format') and type != 'timestamp' -%}
            {{ exceptions.raise_compiler_error(
                where ~ ", field '" ~ name ~ "': `format` (a Spark datetime pattern) is for timestamps only") }}
        {%- endif -%}
        {%- if field.get('added') and (name in ([spec.key] if spec.key is string else spec.key) or spec.get('sequence')) -%}
            {{ exceptions.raise_compiler_error(
                where ~ ", field '" ~ name ~ "': `added: true` (a field declared after the feed went live) is for "
                ~ "the non-key fields of a feed without `sequence`: its merged table takes it without a rebuild") }}
        {%- endif -%}
        {%- do fields.append({
            'name': name, 'type': type, 'from': field.get('from', name), 'default': field.get('default'),
            'blank_is_null': field.get('blank_is_null', false), 'signed': field.get('signed', false),
            'known_in': field.get('known_in'), 'format': field.get('format'), 'added': field.get('added', false),
        }) -%}
    {%- endfor -%}
    {%- set key = [spec.key] if spec.key is string else spec.key -%}
    {%- set names = fields | map(attribute='name') | list -%}
    {%- for column in key + [spec.get('sequence'), spec.get('event_time'), 'ingest_time']
        if column and column not in names -%}
        {{ exceptions.raise_compiler_error(where ~ ": '" ~ column ~ "' is not one of its fields " ~ names) }}
    {%- endfor -%}
    {%- set date = spec.get('date') or {} -%}
    {{ return({
        'name': feed,
        'key': key,
        'sequence': spec.get('sequence'),
        'merge_keys': key + ([spec.sequence] if spec.get('sequence') else []),
        'event_time': spec.get('event_time'),
        'whole_file': spec.get('whole_file', false),
        'date_column': (date.keys() | list | first) if date else none,
        'date_from': (date.values() | list | first) if date else none,
        'fields': fields,
        'validated': 'silver_' ~ feed ~ '_validated',
        'quarantine': 'silver_' ~ feed ~ '_quarantine',
        'model': 'silver_' ~ feed ~ ('_changes' if spec.get('sequence') else ''),
    }) }}
{% endmacro %}
