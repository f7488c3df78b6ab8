-- Issue 16 part 2: when the user's query fails while pmkt runs SQL wrapped
-- around it, the error names the user's argument and shows the user's
-- query (its text, and the position of a syntax error or unknown column
-- inside it), not pmkt's wrapper SQL.  SQLSTATE, message and detail are
-- the server's own.  Expected: no context line shows pmkt's wrapper text
-- (pmkt.kmeans_step, pmkt.logistic_step, pg_catalog.min(t), pmkt_src,
-- pmkt_q), checked by the DO block at the end as well as by eye.
SET client_min_messages = warning;
CREATE TABLE uq_orders (customer_id int, order_id int, ordered_at timestamptz, amount numeric);
INSERT INTO uq_orders SELECT g % 10, g, '2024-01-01+00'::timestamptz + g * interval '1 day', g % 7
FROM generate_series(1, 50) g;
CREATE TABLE uq_big AS SELECT g, g % 7 AS a, (g * 3) % 11 AS b, ((g * 7) % 13 > 6)::int AS y
FROM generate_series(1, 6000) g;
\set VERBOSITY default
-- rfm_query: a run-time error in the aggregation over the query (22012)
SELECT count(*) FROM pmkt.rfm_query('SELECT customer_id, ordered_at, amount / (order_id - 25) FROM uq_orders');
-- the same with order_col (the query is wrapped twice)
SELECT count(*) FROM pmkt.rfm_query('SELECT customer_id, ordered_at, amount / (order_id - 25), order_id FROM uq_orders', order_col => 'order_id');
-- an unknown column: the position is in the user's query
SELECT count(*) FROM pmkt.rfm_query('SELECT customer_id, ordered_at, amount FROM uq_orders WHERE no_such_column > 0');
-- a syntax error
SELECT count(*) FROM pmkt.rfm_query('SELECT customer_id, ordered_at, amount FROM uq_orders WHERE');
-- logistic_train over its memory budget runs one pass per iteration over
-- the query: a row past the budget (the loader stops at the budget, about
-- 2 000 rows) fails inside the pass
SET pmkt.max_train_memory = '64kB';
SELECT pmkt.logistic_train('SELECT ARRAY[a, b, 1.0 / (g - 5990)], y FROM uq_big');
RESET pmkt.max_train_memory;
-- the direct loader names the user's query as before
\set VERBOSITY default
SELECT pmkt.kmeans_train('SELECT ARRAY[a, b / (g - 3)] FROM uq_big', 2);
\set VERBOSITY terse

-- the same errors caught: no context line carries pmkt's wrapper text
DO $$
DECLARE ctx text; q text; n int := 0;
BEGIN
  FOREACH q IN ARRAY ARRAY[
    $q$SELECT count(*) FROM pmkt.rfm_query('SELECT customer_id, ordered_at, amount / (order_id - 25) FROM uq_orders')$q$,
    $q$SELECT count(*) FROM pmkt.rfm_query('SELECT customer_id, ordered_at, amount / (order_id - 25), order_id FROM uq_orders', order_col => 'order_id')$q$,
    $q$SELECT count(*) FROM pmkt.rfm_query('SELECT customer_id, ordered_at, amount FROM uq_orders WHERE no_such_column > 0')$q$]
  LOOP
    BEGIN
      EXECUTE q;
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS ctx = PG_EXCEPTION_CONTEXT;
      IF ctx ~ '(pmkt\.kmeans_step|pmkt\.logistic_step|pg_catalog\.min\(t\)|pmkt_src|pmkt_q)' THEN
        RAISE NOTICE 'wrapper SQL shown: %', ctx;
      END IF;
      IF ctx LIKE '%argument "query" of pmkt.rfm_query%' THEN n := n + 1; END IF;
    END;
  END LOOP;
  RAISE WARNING 'errors naming argument "query": % of 3', n;
END $$;
