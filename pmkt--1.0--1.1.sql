-- pmkt--1.0--1.1.sql: assembled by scripts/assemble_sql.sh from the
-- parts src/<family>/NN_module--1.0--1.1.sql and the parts new in 1.1.

\echo Use "ALTER EXTENSION pmkt UPDATE TO '1.1'" to load this file. \quit

-- ======== src/00_base--1.0--1.1.sql
-- base: 1.0 -> 1.1

-- The extension's schema must still be its installer's (the 1.1 install
-- script refuses a schema pmkt owned by another role; see src/00_base.sql).
-- On update the owner may be the role running the update or the extension's
-- owner; any other owner means 1.0 was installed into a schema someone else
-- made, whose owner controls every object in it.  Search_path safe: the
-- script runs with search_path = pmkt, so every name below is qualified.
DO $pmkt_schema_owner$
DECLARE
    owner_name pg_catalog.text;
    ext_owner  pg_catalog.text;
BEGIN
    SELECT pg_catalog.pg_get_userbyid(n.nspowner)::pg_catalog.text,
           pg_catalog.pg_get_userbyid(e.extowner)::pg_catalog.text
      INTO owner_name, ext_owner
    FROM pg_catalog.pg_namespace n, pg_catalog.pg_extension e
    WHERE n.nspname OPERATOR(pg_catalog.=) 'pmkt'::pg_catalog.name
      AND e.extname OPERATOR(pg_catalog.=) 'pmkt'::pg_catalog.name;
    IF owner_name OPERATOR(pg_catalog.<>) CURRENT_USER::pg_catalog.text
       AND owner_name OPERATOR(pg_catalog.<>) ext_owner THEN
        RAISE EXCEPTION 'schema pmkt is owned by another role'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Schema pmkt is owned by role %s; the extension is owned by role %s and updated by role %s.',
                                             pg_catalog.quote_ident(owner_name),
                                             pg_catalog.quote_ident(ext_owner),
                                             pg_catalog.quote_ident(CURRENT_USER::pg_catalog.text)),
                  HINT = 'The owner of schema pmkt controls every object in it. Check the schema''s contents, then ALTER SCHEMA pmkt OWNER TO the extension''s owner and update again.';
    END IF;
END
$pmkt_schema_owner$;

-- ======== src/segment/35_rfm--1.0--1.1.sql
-- 1.1 (issue 16): pmkt.rfm and pmkt.rfm_strategy take order lines (order_col,
-- a new last argument: count distinct orders, sum amounts per order); 1.0
-- calls keep working (order_col defaults to NULL).  The old signatures are
-- dropped (nothing in 1.0 depends on them: run_evaluation is PL/pgSQL).
DROP FUNCTION pmkt.rfm(regclass, text, text, text, timestamptz, text, float8, int, int, text, text, bigint);
DROP FUNCTION pmkt.rfm_strategy(regclass, text, text, text, timestamptz, text, float8, int, int, text, text, bigint);

CREATE FUNCTION pmkt.rfm(
    orders             regclass,
    customer_col       text        DEFAULT 'customer_id',
    time_col           text        DEFAULT 'ordered_at',
    amount_col         text        DEFAULT 'amount',
    as_of              timestamptz DEFAULT NULL,
    monetary           text        DEFAULT 'total',
    new_days           float8      DEFAULT 90,
    frequent_min_score int         DEFAULT NULL,
    bins               int         DEFAULT 5,
    ties               text        DEFAULT 'shared',
    method             text        DEFAULT 'rules',
    seed               bigint      DEFAULT 42,
    order_col          text        DEFAULT NULL)
RETURNS SETOF pmkt.rfm_customer
AS 'MODULE_PATHNAME', 'pmkt_rfm'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.rfm(regclass, text, text, text, timestamptz, text, float8, int, int, text, text, bigint, text) IS
'RFM profile of every customer of an orders table. Rows are orders, or with order_col given order lines: the lines of one (customer, order id) make one order whose time is its earliest line and whose amount is the sum of its lines, so frequency counts distinct orders (without order_col every row counts as an order). Recency measured from as_of (NULL: the latest order; lines after as_of are ignored), frequency = orders, monetary = ''total'' or ''average'' order amount; 1..bins scores as ntile(bins) worst-first (ties ''shared'': equal values share the score, ''first'': plain ntile broken by customer id); segment: new when the first order is less than new_days before as_of, else frequent when the frequency is above the natural break of ln(frequency) among the other customers (exact two-group split, least within-group sum of squares) or, with frequent_min_score given, when f_score >= frequent_min_score, else occasional. method => ''kmeans'': instead, 3-means (k-means++ seeded by seed, best of 10) on the z-scores of ln(1 + tenure_days), recency_days, ln(frequency), ln(1 + monetary), clusters named by what the segments mean: in the cluster with the least mean tenure, the customers whose first order is less than new_days before as_of are new and the others occasional (a customer whose first order is older is never new), of the other two clusters the one with the higher mean ln(frequency) is frequent, the other occasional. The customer column must be an integer type, the time timestamptz, timestamp or date, the amount a number (42804 otherwise). Rows with a NULL customer, time, amount or order id are skipped';

-- rfm_query takes order_col too (a new last argument, default NULL)
DROP FUNCTION pmkt.rfm_query(text, timestamptz, text, float8, int, int, text, text, bigint);
CREATE FUNCTION pmkt.rfm_query(
    query              text,
    as_of              timestamptz DEFAULT NULL,
    monetary           text        DEFAULT 'total',
    new_days           float8      DEFAULT 90,
    frequent_min_score int         DEFAULT NULL,
    bins               int         DEFAULT 5,
    ties               text        DEFAULT 'shared',
    method             text        DEFAULT 'rules',
    seed               bigint      DEFAULT 42,
    order_col          text        DEFAULT NULL)
RETURNS SETOF pmkt.rfm_customer
AS 'MODULE_PATHNAME', 'pmkt_rfm_query'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.rfm_query(text, timestamptz, text, float8, int, int, text, text, bigint, text) IS
'pmkt.rfm over a query whose first three columns are, in this order, the customer id (an integer or numeric type), the order time (timestamptz, timestamp or date) and the amount (an integer, real or numeric type), one row per order, or with order_col given one row per order line, order_col naming the query''s order id column (after the first three; lines are combined per (customer, order id) as in pmkt.rfm); other types, or a column named customer_id, ordered_at, amount or order_id at another of these positions, raise 42804 listing the columns received, an order_col the query does not return 42703; same options and result';

CREATE FUNCTION pmkt.rfm_strategy(
    orders             regclass,
    customer_col       text        DEFAULT 'customer_id',
    time_col           text        DEFAULT 'ordered_at',
    amount_col         text        DEFAULT 'amount',
    as_of              timestamptz DEFAULT NULL,
    monetary           text        DEFAULT 'total',
    new_days           float8      DEFAULT 90,
    frequent_min_score int         DEFAULT NULL,
    bins               int         DEFAULT 5,
    ties               text        DEFAULT 'shared',
    method             text        DEFAULT 'rules',
    seed               bigint      DEFAULT 42,
    order_col          text        DEFAULT NULL)
RETURNS SETOF pmkt.customer_strategy
AS 'MODULE_PATHNAME', 'pmkt_rfm_strategy'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.rfm_strategy(regclass, text, text, text, timestamptz, text, float8, int, int, text, text, bigint, text) IS
'Each customer of an orders table (pmkt.rfm''s arguments, order_col included) with its segment and that segment''s strategy and planning figures from pmkt.segment_strategy (NULL when the segment has no row there)';

-- ======== src/segment/38_dbscan--1.0--1.1.sql
-- 1.1: dbscan reads its rows through the trainers' loader (src/util/matrix.c):
-- the comment names the column types it takes
COMMENT ON FUNCTION pmkt.dbscan(text, float8, int, bigint) IS
'DBSCAN over the rows of query (first column: id, an integer or numeric read as bigint; second: features, a float8[] or an integer, real or numeric array read as float8[]; further columns ignored): a row with at least min_points rows (itself included) within Euclidean distance eps is a core point; clusters are grown from core points in the query''s row order (ORDER BY for reproducibility), border points join the first cluster reaching them, the rest is noise (cluster_id -1). Matches scikit-learn''s DBSCAN labels + 1. Rows with a NULL id, NULL features or a NULL element are skipped. Grid neighbour search (cell side eps); refuses with 54000 beyond max_candidate_pairs distance computations per pass';

-- ======== src/ops/90_registry--1.0--1.1.sql
-- registry: 1.0 -> 1.1

-- Every SQL routine runs under search_path = pg_catalog, pg_temp, so that
-- no function or operator a caller's search_path holds is reached
-- (CVE-2018-1058); save_model(text) also names the schema in its hint.
ALTER FUNCTION pmkt.model_registry_before_insert() SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION pmkt.save_model(text, text, anyelement, jsonb, text, jsonb) SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION pmkt.latest_model(text, int) SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION pmkt.list_models() SET search_path = pg_catalog, pg_temp;

CREATE OR REPLACE FUNCTION pmkt.save_model(name text, kind text, model text,
                                parameters jsonb DEFAULT '{}',
                                training_query text DEFAULT NULL,
                                metrics jsonb DEFAULT '{}',
                                model_type text DEFAULT 'text')
RETURNS int
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v int;
BEGIN
    IF name IS NULL OR length(btrim(name)) = 0 THEN
        RAISE EXCEPTION 'name must be a non-empty text'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('name is %s.', coalesce(quote_literal(name), 'NULL')),
                  HINT = 'Give the model a name, e.g. ''sales_ols''.';
    END IF;
    IF kind IS NULL OR kind !~ '^[a-z][a-z0-9_]*$' THEN
        RAISE EXCEPTION 'kind must be a lower-case identifier'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('kind is %s.', coalesce(quote_literal(kind), 'NULL')),
                  HINT = 'Use kmeans, ols, logistic, bpnn, rbf, pca, entropy or another lower-case word.';
    END IF;
    IF model IS NULL THEN
        RAISE EXCEPTION 'model must not be NULL'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('model %s of kind %s is NULL.', quote_literal(name), kind),
                  HINT = 'Pass the trained model value (e.g. the result of the training function).';
    END IF;
    IF model_type IS NULL OR pg_catalog.to_regtype(model_type) IS NULL THEN
        RAISE EXCEPTION 'model_type must name an existing type'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('model_type is %s.', coalesce(quote_literal(model_type), 'NULL')),
                  HINT = 'Pass the type the model''s text form casts back to, schema-qualified unless it is a pg_catalog type (e.g. ''jsonb'', ''public.my_type''), or omit it for text.';
    END IF;
    IF parameters IS NULL OR jsonb_typeof(parameters) <> 'object' THEN
        RAISE EXCEPTION 'parameters must be a JSON object'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('parameters is %s.', coalesce(parameters::text, 'NULL')),
                  HINT = 'Pass e.g. ''{"k": 3, "seed": 42}'' or ''{}''.';
    END IF;
    IF metrics IS NULL OR jsonb_typeof(metrics) <> 'object' THEN
        RAISE EXCEPTION 'metrics must be a JSON object'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('metrics is %s.', coalesce(metrics::text, 'NULL')),
                  HINT = 'Pass e.g. ''{"r2": 0.91}'' or ''{}''.';
    END IF;
    INSERT INTO pmkt.model_registry AS r
        (name, kind, parameters, training_query, metrics, model_type, model)
    VALUES (save_model.name, save_model.kind, save_model.parameters,
            save_model.training_query, save_model.metrics,
            pg_catalog.format_type(pg_catalog.to_regtype(save_model.model_type), NULL),
            save_model.model)
    RETURNING r.version INTO v;
    RETURN v;
END
$fn$;

-- ======== src/segment/91_cohorts.sql
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
    p AS (SELECT f.cohort, pmkt.period_offset($2, f.cohort, l.t) AS k, l.c, l.a, l.o
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
AS $f$
BEGIN
  IF digits IS NULL OR digits < 0 OR digits > 15 THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'argument "digits" must be between 0 and 15',
      DETAIL = format('Got %s.', coalesce(digits::text, 'NULL'));
  END IF;
  RETURN QUERY
  SELECT r.cohort, max(r.cohort_customers),
         round(max(r.retained_share) FILTER (WHERE r.period_offset = 0)::numeric, digits),
         round(max(r.retained_share) FILTER (WHERE r.period_offset = 1)::numeric, digits),
         round(max(r.retained_share) FILTER (WHERE r.period_offset = 2)::numeric, digits),
         round(max(r.retained_share) FILTER (WHERE r.period_offset = 3)::numeric, digits),
         round(max(r.retained_share) FILTER (WHERE r.period_offset = 4)::numeric, digits),
         round(max(r.retained_share) FILTER (WHERE r.period_offset = 5)::numeric, digits),
         round(max(r.retained_share) FILTER (WHERE r.period_offset = 6)::numeric, digits),
         round(max(r.retained_share) FILTER (WHERE r.period_offset = 7)::numeric, digits),
         round(max(r.retained_share) FILTER (WHERE r.period_offset = 8)::numeric, digits),
         round(max(r.retained_share) FILTER (WHERE r.period_offset = 9)::numeric, digits),
         round(max(r.retained_share) FILTER (WHERE r.period_offset = 10)::numeric, digits),
         round(max(r.retained_share) FILTER (WHERE r.period_offset = 11)::numeric, digits),
         round(max(r.retained_share) FILTER (WHERE r.period_offset = 12)::numeric, digits)
    FROM pmkt.cohort_retention(orders, customer_col, time_col, amount_col, period, as_of, order_col) r
   GROUP BY r.cohort
   ORDER BY r.cohort;
END
$f$;
COMMENT ON FUNCTION pmkt.cohort_retention_table(regclass, text, text, text, text, timestamptz, text, int) IS
'Cohort retention shaped for reading in psql: one row per cohort (pmkt.cohort_retention''s arguments), its customers and the retained share in periods 0..12 after the first order (p0 = 1), as numeric rounded to digits (0..15, default 3); NULL where the data end before that period';

-- ======== src/segment/92_rfm_map.sql
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
    order_col     text DEFAULT NULL)
RETURNS TABLE (from_segment text, to_segment text, customers bigint, share_of_from float8)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $f$
BEGIN
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
  SELECT m.f, m.t, count(*), count(*)::float8 / sum(count(*)) OVER (PARTITION BY m.f)
    FROM m GROUP BY m.f, m.t
   ORDER BY m.f, m.t;
END
$f$;
COMMENT ON FUNCTION pmkt.segment_migration(regclass, timestamptz, timestamptz, text, text, text, text, text) IS
'Segment migration between two dates: each customer''s segment in pmkt.rfm as of from_date and as of to_date (scores among the customers of that date), counted per (from_segment, to_segment) with share_of_from = customers / customers of from_segment (a fraction). scheme ''named'': the 11 segments of pmkt.rfm_segment_map (''(unmapped)'' for a cell the map does not hold), ''study'': frequent, occasional, new. Customers whose first order is after from_date have from_segment ''(not a customer yet)''. pmkt.rfm''s column arguments and order_col';

-- ======== src/segment/93_churn.sql
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

-- ======== src/ops/95_operations--1.0--1.1.sql
-- operations: 1.0 -> 1.1

-- Every SQL routine runs under search_path = pg_catalog, pg_temp, so that
-- no function or operator a caller's search_path holds is reached
-- (CVE-2018-1058).
ALTER FUNCTION pmkt.evaluation_source(text, text) SET search_path = pg_catalog, pg_temp;
ALTER PROCEDURE pmkt.evaluation_cleanup() SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION pmkt.evaluation_record_model(text, date, timestamptz, text, text, text, text, jsonb, text, jsonb, boolean)
    SET search_path = pg_catalog, pg_temp;
ALTER PROCEDURE pmkt.run_evaluation(text, date, int, bigint, float8, float8, int, text, int, int, boolean)
    SET search_path = pg_catalog, pg_temp;
