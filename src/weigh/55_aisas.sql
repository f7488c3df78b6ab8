
-- ---------------------------------------------------------------------------
-- aisas: the AISAS index system of study B (SPEC 2.1)
-- ---------------------------------------------------------------------------

CREATE FUNCTION pmkt.aisas_indices(source regclass,
    OUT unit_id int, OUT month date,
    OUT b11_ad_impressions float8, OUT b12_brand_recognition float8,
    OUT b21_page_views float8, OUT b22_favourite_ratio float8,
    OUT b31_keyword_searches float8, OUT b32_keyword_search_index float8,
    OUT b33_related_searches float8, OUT b34_related_search_index float8,
    OUT b41_conversion_rate float8, OUT b42_order_growth float8,
    OUT b43_purchaser_growth float8, OUT b44_standard_purchase_growth float8,
    OUT b45_amount_growth float8, OUT b51_topics float8, OUT b52_replies float8,
    OUT b53_reviews float8, OUT b54_reposts float8, OUT indices float8[])
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'pmkt_aisas_indices'
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED ROWS 1600;
COMMENT ON FUNCTION pmkt.aisas_indices(regclass) IS
'The 17 AISAS secondary indices B11..B54 per (unit_id, month) of a table or view shaped like pmkt_demo.aisas_monthly (raw monthly counts): ratios (NULL for a zero denominator), month-on-month growth rates (NULL for a unit''s first month, a missing previous month or a zero previous value), and indices float8[] of all 17 (NULL when any is NULL); all indices are positive';

CREATE FUNCTION pmkt.aisas_index_names()
RETURNS text[]
AS 'MODULE_PATHNAME', 'pmkt_aisas_index_names'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.aisas_index_names() IS
'Names of the 17 AISAS indices in the order of pmkt.aisas_indices(...).indices';
