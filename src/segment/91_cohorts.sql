-- new in 1.1
-- ---------------------------------------------------------------------------
-- cohort retention (issue 16 part 3): customers grouped by the month (or
-- week) of their first order; for each later period, how many of them
-- ordered again, their share and their revenue.  A long form for BI tools
-- and a crosstab-shaped form for psql.
-- ---------------------------------------------------------------------------

CREATE FUNCTION pmkt.cohort_retention(
    orders        regclass,
    customer_col  text        DEFAULT 'customer_id',
    time_col      text        DEFAULT 'ordered_at',
    amount_col    text        DEFAULT 'amount',
    period        text        DEFAULT 'month',
    as_of         timestamptz DEFAULT NULL,
    order_col     text        DEFAULT NULL)
RETURNS TABLE (cohort date, period_offset int, period_start date, cohort_customers bigint,
               customers bigint, retained_share float8, order_count bigint, revenue float8)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $f$
DECLARE
  a record;
  typ oid;
  cols text;
BEGIN
  IF cohort_retention.orders IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = '22004', MESSAGE = 'argument "orders" must not be NULL';
  END IF;
  IF period IS NULL OR period NOT IN ('month', 'week') THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid value for argument "period"',
      DETAIL = format('Got %s.', coalesce(quote_literal(period), 'NULL')),
      HINT = 'Use ''month'' (calendar months) or ''week'' (ISO weeks, Monday first).';
  END IF;
  IF as_of IS NOT NULL AND NOT isfinite(as_of) THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'argument "as_of" must be a finite timestamp',
      HINT = 'Pass NULL to end at the latest order.';
  END IF;
  SELECT string_agg(quote_ident(attname) || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum)
    INTO cols FROM pg_attribute
   WHERE attrelid = cohort_retention.orders AND attnum > 0 AND NOT attisdropped;
  FOR a IN SELECT * FROM (VALUES ('customer_col', customer_col, 1), ('time_col', time_col, 2),
                                 ('amount_col', amount_col, 3), ('order_col', order_col, 4)) v(arg, col, role)
  LOOP
    IF a.col IS NULL THEN
      CONTINUE WHEN a.role = 4;
      RAISE EXCEPTION USING ERRCODE = '22004', MESSAGE = format('argument "%s" must not be NULL', a.arg);
    END IF;
    SELECT CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END INTO typ
      FROM pg_attribute att JOIN pg_type t ON t.oid = att.atttypid
     WHERE att.attrelid = cohort_retention.orders AND att.attname = a.col AND att.attnum > 0 AND NOT att.attisdropped;
    IF typ IS NULL THEN
      RAISE EXCEPTION USING ERRCODE = '42703',
        MESSAGE = format('argument "%s": column "%s" does not exist in %s', a.arg, a.col, cohort_retention.orders),
        DETAIL = format('Columns: %s.', coalesce(cols, 'none')),
        HINT = 'Name the customer, order time and amount columns, e.g. customer_col => ''customer_id''.';
    END IF;
    IF (a.role = 2 AND typ NOT IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype))
       OR (a.role = 3 AND typ NOT IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype,
                                       'float4'::regtype, 'float8'::regtype, 'numeric'::regtype)) THEN
      RAISE EXCEPTION USING ERRCODE = '42804',
        MESSAGE = format('argument "%s": column "%s" must be %s', a.arg, a.col,
                         CASE a.role WHEN 2 THEN 'the order time (timestamptz, timestamp or date)'
                                     ELSE 'the amount (an integer, real or numeric type)' END),
        DETAIL = format('Columns: %s.', cols);
    END IF;
  END LOOP;

  RETURN QUERY EXECUTE format($q$
    WITH l AS (
      SELECT s.c, s.t, s.a, s.o
        FROM (SELECT %1$I AS c, %2$I::pg_catalog.timestamptz AS t, %3$I::pg_catalog.float8 AS a, %4$s AS o
                FROM %5$s) s
       WHERE s.c IS NOT NULL AND s.t IS NOT NULL AND s.a IS NOT NULL AND s.o IS NOT NULL
         AND ($1 IS NULL OR s.t <= $1)),
    f AS (SELECT l.c, pg_catalog.date_trunc($2, pg_catalog.min(l.t))::pg_catalog.date AS cohort
            FROM l GROUP BY l.c),
    lp AS (SELECT pg_catalog.date_trunc($2, COALESCE($1, pg_catalog.max(l.t)))::pg_catalog.date AS last FROM l),
    -- pmkt.period_offset written out (a function with SET search_path is
    -- not inlined: a call per order cost 3x the plain-SQL query)
    p AS (SELECT f.cohort,
                 CASE WHEN $2 = 'month'
                      THEN ((pg_catalog.date_part('year', l.t) - pg_catalog.date_part('year', f.cohort)) * 12
                            + pg_catalog.date_part('month', l.t) - pg_catalog.date_part('month', f.cohort))::pg_catalog.int4
                      ELSE (pg_catalog.date_trunc('week', l.t)::pg_catalog.date - f.cohort) / 7 END AS k,
                 l.c, l.a, l.o
            FROM l JOIN f ON f.c = l.c),
    sizes AS (SELECT f.cohort, pg_catalog.count(*) AS n FROM f GROUP BY f.cohort),
    grid AS (SELECT s.cohort, s.n, g.k
               FROM sizes s CROSS JOIN lp
               CROSS JOIN LATERAL pg_catalog.generate_series(0, pmkt.period_offset($2, s.cohort, lp.last)) g(k)),
    agg AS (SELECT p.cohort, p.k, pg_catalog.count(DISTINCT p.c) AS customers,
                   CASE WHEN $3 THEN pg_catalog.count(DISTINCT (p.c, p.o)) ELSE pg_catalog.count(*) END AS orders,
                   pg_catalog.sum(p.a) AS revenue
              FROM p GROUP BY p.cohort, p.k)
    SELECT grid.cohort, grid.k,
           (grid.cohort + CASE WHEN $2 = 'month' THEN grid.k * interval '1 month'
                               ELSE grid.k * interval '7 days' END)::pg_catalog.date,
           grid.n, COALESCE(agg.customers, 0),
           COALESCE(agg.customers, 0)::pg_catalog.float8 / grid.n,
           COALESCE(agg.orders, 0), COALESCE(agg.revenue, 0)
      FROM grid LEFT JOIN agg ON agg.cohort = grid.cohort AND agg.k = grid.k
     ORDER BY 1, 2$q$,
    customer_col, time_col, amount_col,
    CASE WHEN order_col IS NULL THEN '0' ELSE quote_ident(order_col) END,
    cohort_retention.orders)
  USING as_of, period, order_col IS NOT NULL;
END
$f$;
COMMENT ON FUNCTION pmkt.cohort_retention(regclass, text, text, text, text, timestamptz, text) IS
'Cohort retention, long form (one row per cohort and period, for BI tools to pivot): customers are grouped by the period (''month'' or ''week'', ISO, Monday first; periods in the session time zone) of their first order; for each period_offset from 0 (the cohort''s own period) to the last period with data (or as_of''s period, which may be incomplete), cohort_customers, the customers of the cohort who ordered in that period, retained_share = customers / cohort_customers (a fraction; 1 at offset 0), order_count (distinct order ids with order_col, else rows) and revenue (sum of amounts). Periods without orders give rows with 0. Rows with a NULL customer, time, amount or order id are skipped, rows after as_of ignored';

CREATE FUNCTION pmkt.period_offset(period text, cohort date, t timestamptz)
RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN CASE period
         WHEN 'month' THEN ((extract(year FROM t::date) - extract(year FROM cohort)) * 12
                            + extract(month FROM t::date) - extract(month FROM cohort))::int
         WHEN 'week' THEN (date_trunc('week', t)::date - date_trunc('week', cohort::timestamp)::date) / 7
       END;
COMMENT ON FUNCTION pmkt.period_offset(text, date, timestamptz) IS
'Whole periods (''month'': calendar months, ''week'': ISO weeks) from the period holding the date cohort to the period holding t (t''s date in the session time zone); NULL for another period name';

CREATE FUNCTION pmkt.cohort_retention_table(
    orders        regclass,
    customer_col  text        DEFAULT 'customer_id',
    time_col      text        DEFAULT 'ordered_at',
    amount_col    text        DEFAULT 'amount',
    period        text        DEFAULT 'month',
    as_of         timestamptz DEFAULT NULL,
    order_col     text        DEFAULT NULL,
    digits        int         DEFAULT 3)
RETURNS TABLE (cohort date, customers bigint,
               p0 numeric, p1 numeric, p2 numeric, p3 numeric, p4 numeric, p5 numeric, p6 numeric,
               p7 numeric, p8 numeric, p9 numeric, p10 numeric, p11 numeric, p12 numeric)
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
  -- each share as its shortest decimal (extra_float_digits = 1), rounded
  RETURN QUERY
  SELECT r.cohort, max(r.cohort_customers),
         CASE WHEN digits IS NULL THEN (max(r.retained_share) FILTER (WHERE r.period_offset = 0))::text::numeric
              ELSE round((max(r.retained_share) FILTER (WHERE r.period_offset = 0))::text::numeric, digits) END,
         CASE WHEN digits IS NULL THEN (max(r.retained_share) FILTER (WHERE r.period_offset = 1))::text::numeric
              ELSE round((max(r.retained_share) FILTER (WHERE r.period_offset = 1))::text::numeric, digits) END,
         CASE WHEN digits IS NULL THEN (max(r.retained_share) FILTER (WHERE r.period_offset = 2))::text::numeric
              ELSE round((max(r.retained_share) FILTER (WHERE r.period_offset = 2))::text::numeric, digits) END,
         CASE WHEN digits IS NULL THEN (max(r.retained_share) FILTER (WHERE r.period_offset = 3))::text::numeric
              ELSE round((max(r.retained_share) FILTER (WHERE r.period_offset = 3))::text::numeric, digits) END,
         CASE WHEN digits IS NULL THEN (max(r.retained_share) FILTER (WHERE r.period_offset = 4))::text::numeric
              ELSE round((max(r.retained_share) FILTER (WHERE r.period_offset = 4))::text::numeric, digits) END,
         CASE WHEN digits IS NULL THEN (max(r.retained_share) FILTER (WHERE r.period_offset = 5))::text::numeric
              ELSE round((max(r.retained_share) FILTER (WHERE r.period_offset = 5))::text::numeric, digits) END,
         CASE WHEN digits IS NULL THEN (max(r.retained_share) FILTER (WHERE r.period_offset = 6))::text::numeric
              ELSE round((max(r.retained_share) FILTER (WHERE r.period_offset = 6))::text::numeric, digits) END,
         CASE WHEN digits IS NULL THEN (max(r.retained_share) FILTER (WHERE r.period_offset = 7))::text::numeric
              ELSE round((max(r.retained_share) FILTER (WHERE r.period_offset = 7))::text::numeric, digits) END,
         CASE WHEN digits IS NULL THEN (max(r.retained_share) FILTER (WHERE r.period_offset = 8))::text::numeric
              ELSE round((max(r.retained_share) FILTER (WHERE r.period_offset = 8))::text::numeric, digits) END,
         CASE WHEN digits IS NULL THEN (max(r.retained_share) FILTER (WHERE r.period_offset = 9))::text::numeric
              ELSE round((max(r.retained_share) FILTER (WHERE r.period_offset = 9))::text::numeric, digits) END,
         CASE WHEN digits IS NULL THEN (max(r.retained_share) FILTER (WHERE r.period_offset = 10))::text::numeric
              ELSE round((max(r.retained_share) FILTER (WHERE r.period_offset = 10))::text::numeric, digits) END,
         CASE WHEN digits IS NULL THEN (max(r.retained_share) FILTER (WHERE r.period_offset = 11))::text::numeric
              ELSE round((max(r.retained_share) FILTER (WHERE r.period_offset = 11))::text::numeric, digits) END,
         CASE WHEN digits IS NULL THEN (max(r.retained_share) FILTER (WHERE r.period_offset = 12))::text::numeric
              ELSE round((max(r.retained_share) FILTER (WHERE r.period_offset = 12))::text::numeric, digits) END
    FROM pmkt.cohort_retention(orders, customer_col, time_col, amount_col, period, as_of, order_col) r
   GROUP BY r.cohort
   ORDER BY r.cohort;
END
$f$;
COMMENT ON FUNCTION pmkt.cohort_retention_table(regclass, text, text, text, text, timestamptz, text, int) IS
'Cohort retention shaped for reading in psql: one row per cohort (pmkt.cohort_retention''s arguments), its customers and the retained share in periods 0..12 after the first order (p0 = 1), as numeric rounded to digits decimals (0..15, default 3; NULL: unrounded, the exact float8 share as its shortest decimal); NULL where the data end before that period';
