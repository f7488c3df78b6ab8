-- new in 1.1
-- ---------------------------------------------------------------------------
-- The 11 named RFM segments (issue 16 part 3): the widely used map of the
-- R and F scores (1..5) to Champions ... Lost, as a seeded, editable table
-- next to the study's three segments; and the migration of customers
-- between segments from one date to another.
-- ---------------------------------------------------------------------------

CREATE TABLE pmkt.rfm_segment_map (
    r_score    int  NOT NULL CHECK (r_score BETWEEN 1 AND 5),
    f_score    int  NOT NULL CHECK (f_score BETWEEN 1 AND 5),
    segment    text NOT NULL,
    is_default boolean NOT NULL DEFAULT false,
    PRIMARY KEY (r_score, f_score)
);
COMMENT ON TABLE pmkt.rfm_segment_map IS
'Editable map from the R and F scores of pmkt.rfm (bins = 5) to the 11 named segments widely used in CRM (Champions, Loyal customers, Potential loyalists, New customers, Promising, Need attention, About to sleep, At risk, Can''t lose them, Hibernating, Lost), one row per (r_score, f_score) cell. Seeded with 25 rows (is_default = true); an edited or added row is the user''s (is_default = false) and survives pg_dump/restore';
COMMENT ON COLUMN pmkt.rfm_segment_map.r_score IS 'recency score 1..5 (5 = most recent), as pmkt.rfm returns it with bins = 5';
COMMENT ON COLUMN pmkt.rfm_segment_map.f_score IS 'frequency score 1..5 (5 = most orders)';
COMMENT ON COLUMN pmkt.rfm_segment_map.segment IS 'the segment name of the cell';
COMMENT ON COLUMN pmkt.rfm_segment_map.is_default IS 'true while the row is as shipped by pmkt; set to false by any UPDATE';

-- the usual grid (R across, F up):
--   R 5: F 1 New customers, F 2-3 Potential loyalists, F 4-5 Champions
--   R 4: F 1 Promising,     F 2-3 Potential loyalists, F 4-5 Loyal customers
--   R 3: F 1-2 About to sleep, F 3 Need attention,     F 4-5 Loyal customers
--   R 2: F 1-2 Hibernating,  F 3-4 At risk,             F 5 Can't lose them
--   R 1: F 1-2 Lost,         F 3-4 At risk,             F 5 Can't lose them
INSERT INTO pmkt.rfm_segment_map (r_score, f_score, segment, is_default)
SELECT r, f,
       CASE WHEN r = 5 AND f = 1 THEN 'New customers'
            WHEN r = 4 AND f = 1 THEN 'Promising'
            WHEN r >= 4 AND f IN (2, 3) THEN 'Potential loyalists'
            WHEN r = 5 AND f >= 4 THEN 'Champions'
            WHEN r IN (3, 4) AND f >= 4 THEN 'Loyal customers'
            WHEN r = 3 AND f = 3 THEN 'Need attention'
            WHEN r = 3 AND f <= 2 THEN 'About to sleep'
            WHEN r <= 2 AND f = 5 THEN 'Can''t lose them'
            WHEN r <= 2 AND f IN (3, 4) THEN 'At risk'
            WHEN r = 2 AND f <= 2 THEN 'Hibernating'
            ELSE 'Lost' END,
       true
FROM pg_catalog.generate_series(1, 5) r, pg_catalog.generate_series(1, 5) f;

CREATE FUNCTION pmkt.rfm_segment_map_trigger() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $f$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    NEW.is_default := false;
  ELSIF TG_OP = 'INSERT' AND NOT NEW.is_default THEN
    -- a restored dump's edited row takes the place of the seeded default
    DELETE FROM pmkt.rfm_segment_map
     WHERE r_score = NEW.r_score AND f_score = NEW.f_score AND is_default;
  END IF;
  RETURN NEW;
END
$f$;
COMMENT ON FUNCTION pmkt.rfm_segment_map_trigger() IS
'BEFORE INSERT OR UPDATE trigger of pmkt.rfm_segment_map: an updated row becomes the user''s (is_default = false); an inserted user row replaces the shipped default of its cell';
CREATE TRIGGER rfm_segment_map_user_rows
BEFORE INSERT OR UPDATE ON pmkt.rfm_segment_map
FOR EACH ROW EXECUTE FUNCTION pmkt.rfm_segment_map_trigger();
SELECT pg_catalog.pg_extension_config_dump('pmkt.rfm_segment_map', 'WHERE NOT is_default');

CREATE FUNCTION pmkt.rfm_segment_name(r_score int, f_score int)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$ SELECT m.segment FROM pmkt.rfm_segment_map m WHERE m.r_score = $1 AND m.f_score = $2 $$;
COMMENT ON FUNCTION pmkt.rfm_segment_name(int, int) IS
'The named segment of an (r_score, f_score) cell in pmkt.rfm_segment_map (scores of pmkt.rfm with bins = 5); NULL for a cell the map does not hold, e.g. scores outside 1..5';

CREATE FUNCTION pmkt.segment_migration(
    orders        regclass,
    from_date     timestamptz,
    to_date       timestamptz,
    customer_col  text DEFAULT 'customer_id',
    time_col      text DEFAULT 'ordered_at',
    amount_col    text DEFAULT 'amount',
    scheme        text DEFAULT 'named',
    order_col     text DEFAULT NULL,
    digits        int  DEFAULT 4)
RETURNS TABLE (from_segment text, to_segment text, customers bigint, share_of_from numeric)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
SET extra_float_digits = 1
AS $f$
BEGIN
  IF digits < 0 OR digits > 15 THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'argument "digits" must be between 0 and 15',
      DETAIL = format('Got %s.', digits),
      HINT = 'Pass the number of decimals to round to, or NULL for the values unrounded.';
  END IF;
  IF from_date IS NULL OR to_date IS NULL OR NOT isfinite(from_date) OR NOT isfinite(to_date)
     OR from_date >= to_date THEN
    RAISE EXCEPTION USING ERRCODE = '22023',
      MESSAGE = 'arguments "from_date" and "to_date" must be finite, from_date before to_date',
      DETAIL = format('Got from_date %s, to_date %s.', coalesce(from_date::text, 'NULL'), coalesce(to_date::text, 'NULL'));
  END IF;
  IF scheme IS NULL OR scheme NOT IN ('named', 'study') THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid value for argument "scheme"',
      DETAIL = format('Got %s.', coalesce(quote_literal(scheme), 'NULL')),
      HINT = 'Use ''named'' (the 11 segments of pmkt.rfm_segment_map) or ''study'' (frequent, occasional, new).';
  END IF;
  RETURN QUERY
  WITH a AS (SELECT r.customer_id,
                    CASE WHEN scheme = 'named' THEN COALESCE(pmkt.rfm_segment_name(r.r_score, r.f_score), '(unmapped)')
                         ELSE r.segment END AS seg
               FROM pmkt.rfm(orders, customer_col, time_col, amount_col, as_of => from_date, order_col => order_col) r),
       b AS (SELECT r.customer_id,
                    CASE WHEN scheme = 'named' THEN COALESCE(pmkt.rfm_segment_name(r.r_score, r.f_score), '(unmapped)')
                         ELSE r.segment END AS seg
               FROM pmkt.rfm(orders, customer_col, time_col, amount_col, as_of => to_date, order_col => order_col) r),
       m AS (SELECT COALESCE(a.seg, '(not a customer yet)') AS f, b.seg AS t
               FROM b LEFT JOIN a ON a.customer_id = b.customer_id)
  SELECT m.f, m.t, count(*),
         -- the float8 share as its shortest decimal (extra_float_digits = 1), rounded
         CASE WHEN digits IS NULL THEN (count(*)::float8 / sum(count(*)) OVER (PARTITION BY m.f))::text::numeric
              ELSE round((count(*)::float8 / sum(count(*)) OVER (PARTITION BY m.f))::text::numeric, digits) END
    FROM m GROUP BY m.f, m.t
   ORDER BY m.f, m.t;
END
$f$;
COMMENT ON FUNCTION pmkt.segment_migration(regclass, timestamptz, timestamptz, text, text, text, text, text, int) IS
'Segment migration between two dates: each customer''s segment in pmkt.rfm as of from_date and as of to_date (scores among the customers of that date), counted per (from_segment, to_segment) with share_of_from = customers / customers of from_segment (a fraction). scheme ''named'': the 11 segments of pmkt.rfm_segment_map (''(unmapped)'' for a cell the map does not hold), ''study'': frequent, occasional, new. Customers whose first order is after from_date have from_segment ''(not a customer yet)''. pmkt.rfm''s column arguments and order_col. A report for reading: share_of_from is numeric rounded to digits decimals (0..15, default 4; NULL: unrounded, the exact float8 share)';
