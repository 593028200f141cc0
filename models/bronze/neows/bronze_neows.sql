-- every landed NeoWs response, whole and once; see the landed_lines macro
{{ landed_lines('neows') }}
