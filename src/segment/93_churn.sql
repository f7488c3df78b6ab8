-- new in 1.1
-- ---------------------------------------------------------------------------
-- Churn curves (issue 16 part 3): Kaplan-Meier survival of customers per
-- segment, with Greenwood confidence bands.
-- ---------------------------------------------------------------------------

CREATE FUNCTION pmkt.churn_survival(
    orders           regclass,
    customer_col     text        DEFAULT 'customer_id',
    time_col         text        DEFAULT 'ordered_at',
    amount_col       text        DEFAULT 'amount',
    inactivity_days  float8      DEFAULT 90,
    as_of            timestamptz DEFAULT NULL,
    segments         text        DEFAULT 'study',
    level            float8      DEFAULT 0.95,
    order_col        text        DEFAULT NULL)
RETURNS TABLE (segment text, days float8, at_risk bigint, churned bigint, censored bigint,
               survival float8, ci_lower float8, ci_upper float8)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $f$
DECLARE
  z float8;
  r record;
  cur text := NULL;
  s float8;
  g float8;
  theta float8;
BEGIN
  IF inactivity_days IS NULL OR inactivity_days = 'NaN' OR inactivity_days <= 0
     OR inactivity_days = 'Infinity' THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'argument "inactivity_days" must be a positive finite number',
      DETAIL = format('Got %s.', coalesce(inactivity_days::text, 'NULL')),
      HINT = 'A customer without an order for this many days counts as churned, e.g. 90.';
  END IF;
  IF level IS NULL OR NOT (level > 0 AND level < 1) THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'argument "level" must be between 0 and 1',
      DETAIL = format('Got %s.', coalesce(level::text, 'NULL')), HINT = 'E.g. 0.95 for 95 % bands.';
  END IF;
  IF segments IS NULL OR segments NOT IN ('study', 'named', 'all') THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid value for argument "segments"',
      DETAIL = format('Got %s.', coalesce(quote_literal(segments), 'NULL')),
      HINT = 'Use ''study'' (frequent, occasional, new), ''named'' (pmkt.rfm_segment_map) or ''all'' (one curve).';
  END IF;
  z := pmkt.normal_quantile(1 - (1 - level) / 2);
  FOR r IN
    WITH c AS (
      SELECT CASE segments WHEN 'study' THEN x.segment
                           WHEN 'named' THEN COALESCE(pmkt.rfm_segment_name(x.r_score, x.f_score), '(unmapped)')
                           ELSE 'all' END AS seg,
             CASE WHEN x.recency_days > inactivity_days
                  THEN x.tenure_days - x.recency_days + inactivity_days
                  ELSE x.tenure_days END AS t,
             x.recency_days > inactivity_days AS ev
        FROM pmkt.rfm(churn_survival.orders, customer_col, time_col, amount_col,
                      as_of => churn_survival.as_of, order_col => order_col) x),
    e AS (SELECT c.seg, c.t, count(*) FILTER (WHERE c.ev) AS d, count(*) FILTER (WHERE NOT c.ev) AS cz
            FROM c GROUP BY c.seg, c.t)
    SELECT e.seg, e.t, e.d, e.cz,
           sum(e.d + e.cz) OVER (PARTITION BY e.seg ORDER BY e.t DESC) AS n,
           row_number() OVER (PARTITION BY e.seg ORDER BY e.t) AS i
      FROM e ORDER BY e.seg, e.t
  LOOP
    IF cur IS DISTINCT FROM r.seg THEN
      cur := r.seg;
      s := 1;
      g := 0;
      IF r.t > 0 THEN
        segment := cur; days := 0; at_risk := r.n; churned := 0; censored := 0;
        survival := 1; ci_lower := 1; ci_upper := 1;
        RETURN NEXT;
      END IF;
    END IF;
    IF r.d > 0 THEN
      s := s * (1 - r.d::float8 / r.n);
      IF r.n > r.d THEN
        g := g + r.d::float8 / (r.n::float8 * (r.n - r.d));
      END IF;
    END IF;
    segment := cur; days := r.t; at_risk := r.n; churned := r.d; censored := r.cz; survival := s;
    IF s >= 1 THEN
      ci_lower := 1; ci_upper := 1;
    ELSIF s <= 0 THEN
      ci_lower := NULL; ci_upper := NULL;
    ELSE
      theta := z * sqrt(g) / abs(ln(s));
      ci_lower := s ^ exp(theta);
      ci_upper := s ^ exp(-theta);
    END IF;
    RETURN NEXT;
  END LOOP;
END
$f$;
COMMENT ON FUNCTION pmkt.churn_survival(regclass, text, text, text, float8, timestamptz, text, float8, text) IS
'Kaplan-Meier churn curves: a customer churns inactivity_days after its last order when as_of (NULL: the latest order) is more than inactivity_days after it; its lifetime is then (last order - first order) + inactivity_days days, else it is censored at as_of - first order. One curve per segment of pmkt.rfm as of as_of (segments ''study'': frequent, occasional, new; ''named'': pmkt.rfm_segment_map; ''all'': one curve), one row per distinct lifetime (and a row at 0 days) with the customers at risk, churned and censored there, the survival S(days) and its pointwise confidence band at level from Greenwood''s variance on the log(-log S) scale (as lifelines computes it; NULL where S = 0). pmkt.rfm''s column arguments and order_col';
