-- loader: every trainer that reads a query loads its rows through one
-- loader (src/util/matrix.c).  A plain read-only SELECT runs straight
-- through the executor (its ARRAY[...] of features split into columns);
-- any other query, or SET pmkt.direct_load = off, runs through SPI.  Both
-- paths must give the same rows in the same order, hence the same models
-- bit for bit (compared as text: every pmkt result prints its doubles
-- exactly) and the same errors.
CREATE TEMP TABLE ld AS
SELECT i AS id, x1, x2, x3, ARRAY[x1, x2, x3] AS x,
       sin(x1) + x2 * x2 / 2 AS y,
       ((i * 1103515245 + 12345) % 2147483648)::float8 / 2147483648.0::float8
         < 1 / (1 + exp(-(-1 + 0.3 * x1 - 1.2 * x2 + 0.1 * x3))) AS c
FROM (SELECT i::bigint AS i, ((i * 37) % 101)::float8 / 10::float8 AS x1,
             ((i * 53) % 97)::float8 / 97::float8 AS x2, ((i * 17) % 13)::float8 AS x3
      FROM generate_series(1, 2000) i) s;
-- rows 10 and 11 have a NULL feature, row 20 a NULL target: skipped
UPDATE ld SET x2 = NULL, x = ARRAY[x1, NULL, x3] WHERE id IN (10, 11);
UPDATE ld SET y = NULL, c = NULL WHERE id = 20;

-- via(direct, query): the query's single value as text, loaded with
-- pmkt.direct_load = direct (for this call only)
CREATE FUNCTION pg_temp.via(direct boolean, q text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE r text;
BEGIN
  PERFORM set_config('pmkt.direct_load', direct::text, true);
  EXECUTE q INTO r;
  RETURN r;
END $$;
-- same(query_with_ARRAY, query_with_array_column): the four loads agree
CREATE FUNCTION pg_temp.same(q_unpacked text, q_column text) RETURNS boolean
LANGUAGE sql AS $$
  SELECT count(DISTINCT v) = 1 AND count(v) = 4
  FROM (VALUES (pg_temp.via(true, q_unpacked)), (pg_temp.via(false, q_unpacked)),
               (pg_temp.via(true, q_column)), (pg_temp.via(false, q_column))) t(v)
$$;

-- which path a load takes (DEBUG1 names it, with the rows read and skipped)
SET client_min_messages = debug1;
SELECT n_rows, skipped_null FROM pmkt.kmeans_train('SELECT ARRAY[x1, x2, x3] FROM ld ORDER BY id', 3);
SELECT n_rows, skipped_null FROM pmkt.kmeans_train('SELECT x FROM ld ORDER BY id', 3);
SET pmkt.direct_load = off;
SELECT n_rows, skipped_null FROM pmkt.kmeans_train('SELECT ARRAY[x1, x2, x3] FROM ld ORDER BY id', 3);
RESET pmkt.direct_load;
-- VALUES is a plain SELECT too
SELECT n_rows FROM pmkt.kmeans_train('VALUES (ARRAY[1, 2]::float8[]), (ARRAY[3, 4]), (ARRAY[5, 7])', 2);
SELECT (pmkt.logistic_train('SELECT ARRAY[x1, x2, x3], c FROM ld ORDER BY id')).n;
RESET client_min_messages;

-- ===========================================================================
-- every trainer: ARRAY[...] and an array column, direct and through SPI
-- ===========================================================================
SELECT pg_temp.same(
  $$SELECT pmkt.kmeans_train('SELECT ARRAY[x1, x2, x3] FROM ld ORDER BY id', 3)::text$$,
  $$SELECT pmkt.kmeans_train('SELECT x FROM ld ORDER BY id', 3)::text$$) AS kmeans_train_same;
SELECT pg_temp.same(
  $$SELECT pmkt.kmeans_train('SELECT ARRAY[x1, x2, x3] FROM ld ORDER BY id', 4, standardize => true, n_init => 2)::text$$,
  $$SELECT pmkt.kmeans_train('SELECT x FROM ld ORDER BY id', 4, standardize => true, n_init => 2)::text$$) AS kmeans_train_std_same;
SELECT pg_temp.same(
  $$SELECT array_agg(c ORDER BY k)::text FROM pmkt.kmeans_choose_k('SELECT ARRAY[x1, x2, x3] FROM ld ORDER BY id', 2, 4, 300, digits => NULL) c$$,
  $$SELECT array_agg(c ORDER BY k)::text FROM pmkt.kmeans_choose_k('SELECT x FROM ld ORDER BY id', 2, 4, 300, digits => NULL) c$$) AS kmeans_choose_k_same;
SELECT pg_temp.same(
  $$SELECT array_agg(r ORDER BY row_id)::text FROM pmkt.dbscan('SELECT id, ARRAY[x1, x2] FROM ld ORDER BY id', 0.4, 5) r$$,
  $$SELECT array_agg(r ORDER BY row_id)::text FROM pmkt.dbscan('SELECT id, x[1:2] FROM ld ORDER BY id', 0.4, 5) r$$) AS dbscan_same;
-- dbscan casts numeric ids and features as ::int8 / ::float8[] would
SELECT pg_temp.same(
  $$SELECT array_agg(r ORDER BY row_id)::text FROM pmkt.dbscan('SELECT id::numeric, ARRAY[x1::numeric, x2::numeric] FROM ld ORDER BY id', 0.4, 5) r$$,
  $$SELECT array_agg(r ORDER BY row_id)::text FROM pmkt.dbscan('SELECT id::int, x[1:2]::numeric[] FROM ld ORDER BY id', 0.4, 5) r$$)
  AND pg_temp.via(true, $$SELECT array_agg(r ORDER BY row_id)::text FROM pmkt.dbscan('SELECT id::numeric, ARRAY[x1::numeric, x2::numeric] FROM ld ORDER BY id', 0.4, 5) r$$)
    = pg_temp.via(true, $$SELECT array_agg(r ORDER BY row_id)::text FROM pmkt.dbscan('SELECT id, ARRAY[x1, x2] FROM ld ORDER BY id', 0.4, 5) r$$)
  AS dbscan_numeric_same;
SELECT pg_temp.same(
  $$SELECT pmkt.logistic_train('SELECT ARRAY[x1, x2, x3], c FROM ld ORDER BY id')::text$$,
  $$SELECT pmkt.logistic_train('SELECT x, c FROM ld ORDER BY id')::text$$) AS logistic_train_same;
SELECT pg_temp.same(
  $$SELECT pmkt.logistic_train('SELECT ARRAY[x1, x2, x3], c::int FROM ld ORDER BY id', intercept => false)::text$$,
  $$SELECT pmkt.logistic_train('SELECT x, c::int FROM ld ORDER BY id', intercept => false)::text$$) AS logistic_train_int_same;
SELECT pg_temp.same(
  $$SELECT pmkt.bpnn_train('SELECT ARRAY[x1, x2], y FROM ld ORDER BY id', 4, epochs => 20)::text$$,
  $$SELECT pmkt.bpnn_train('SELECT x[1:2], y FROM ld ORDER BY id', 4, epochs => 20)::text$$) AS bpnn_train_same;
SELECT pg_temp.same(
  $$SELECT pmkt.bpnn_train('SELECT ARRAY[x1, x2], ARRAY[y, x3] FROM ld ORDER BY id', 4, epochs => 20)::text$$,
  $$SELECT pmkt.bpnn_train('SELECT x[1:2], ARRAY[y, x3] FROM ld ORDER BY id', 4, epochs => 20)::text$$) AS bpnn_train_two_outputs_same;
SELECT pg_temp.same(
  $$SELECT pmkt.rbf_train('SELECT ARRAY[x1, x2], y FROM ld ORDER BY id', 8)::text$$,
  $$SELECT pmkt.rbf_train('SELECT x[1:2], y FROM ld ORDER BY id', 8)::text$$) AS rbf_train_same;
-- the loads are not trivially equal: one row less gives another model
SELECT pg_temp.via(true, $$SELECT pmkt.bpnn_train('SELECT ARRAY[x1, x2], y FROM ld ORDER BY id', 4, epochs => 20)::text$$)
    <> pg_temp.via(true, $$SELECT pmkt.bpnn_train('SELECT ARRAY[x1, x2], y FROM ld WHERE id > 1 ORDER BY id', 4, epochs => 20)::text$$)
  AS one_row_matters;

-- ===========================================================================
-- issue 19: the same model whatever order the rows arrive in.  The loader
-- puts the rows in a canonical order (by id for dbscan, else by a hash of
-- the row's bits, ties by the bits): every trainer gives the same result bit
-- for bit for the rows in id order, reversed, shuffled (two seeds of
-- random()), and through a forced parallel plan.
-- ===========================================================================
CREATE TABLE public.loader_ld AS SELECT * FROM ld;
ANALYZE public.loader_ld;
CREATE FUNCTION pg_temp.any_order(q text) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE v text[] := '{}'; r text; o text;
BEGIN
  FOREACH o IN ARRAY ARRAY['id', 'id DESC', 'random()', 'random()', 'x3, x1 DESC'] LOOP
    PERFORM setseed(CASE WHEN cardinality(v) = 2 THEN 0.25 ELSE -0.5 END);
    EXECUTE format(q, 'ORDER BY ' || o) INTO r;
    v := v || r;
  END LOOP;
  -- no ORDER BY, from a plain table (a temporary one is never scanned in
  -- parallel), with a parallel plan as cheap as possible (the loader may
  -- read through workers)
  PERFORM set_config('parallel_setup_cost', '0', true);
  PERFORM set_config('parallel_tuple_cost', '0', true);
  PERFORM set_config('min_parallel_table_scan_size', '0', true);
  PERFORM set_config('max_parallel_workers_per_gather', '2', true);
  EXECUTE format(replace(q, 'FROM ld ', 'FROM public.loader_ld '), '') INTO r;
  v := v || r;
  PERFORM set_config('parallel_setup_cost', '1000', true);
  PERFORM set_config('parallel_tuple_cost', '0.1', true);
  PERFORM set_config('min_parallel_table_scan_size', '8MB', true);
  RETURN (SELECT count(DISTINCT x) = 1 AND count(x) = 6 FROM unnest(v) x);
END $$;
SET client_min_messages = warning;  -- the NULL rows' notices
SELECT pg_temp.any_order($$SELECT pmkt.kmeans_train('SELECT ARRAY[x1, x2, x3] FROM ld %s', 4)::text$$) AS kmeans_pp,
       pg_temp.any_order($$SELECT pmkt.kmeans_train('SELECT x FROM ld %s', 4, n_init => 3, standardize => true)::text$$) AS kmeans_pp_n_init,
       pg_temp.any_order($$SELECT pmkt.kmeans_train('SELECT x FROM ld %s', 3, init => 'random')::text$$) AS kmeans_random,
       pg_temp.any_order($$SELECT pmkt.kmeans_train('SELECT x FROM ld %s', 3, init => 'density')::text$$) AS kmeans_density,
       pg_temp.any_order($$SELECT array_agg(c ORDER BY k)::text FROM pmkt.kmeans_choose_k('SELECT x FROM ld %s', 2, 4, 300, digits => NULL) c$$) AS kmeans_choose_k;
SELECT pg_temp.any_order($$SELECT array_agg(r ORDER BY row_id)::text FROM pmkt.dbscan('SELECT id, ARRAY[x1, x2] FROM ld %s', 0.4, 5) r$$) AS dbscan,
       pg_temp.any_order($$SELECT array_agg(r ORDER BY row_id, cluster_id, is_core)::text FROM pmkt.dbscan('SELECT id %% 7, ARRAY[x1, x2] FROM ld %s', 0.4, 5) r$$) AS dbscan_duplicate_ids,
       pg_temp.any_order($$SELECT pmkt.bpnn_train('SELECT ARRAY[x1, x2], y FROM ld %s', 4, epochs => 20)::text$$) AS bpnn,
       pg_temp.any_order($$SELECT pmkt.bpnn_train('SELECT x, ARRAY[y, x3] FROM ld %s', 4, epochs => 5, batch_size => 16)::text$$) AS bpnn_two_outputs,
       pg_temp.any_order($$SELECT pmkt.rbf_train('SELECT ARRAY[x1, x2], y FROM ld %s', 8)::text$$) AS rbf,
       pg_temp.any_order($$SELECT pmkt.rbf_train('SELECT ARRAY[x1, x2], y FROM ld %s', 5, init => 'kmeans++', solver => 'gd', epochs => 3)::text$$) AS rbf_gd,
       pg_temp.any_order($$SELECT pmkt.logistic_train('SELECT x, c FROM ld %s')::text$$) AS logistic;
-- dbscan numbers its clusters by a canonical rule: rows are taken in id
-- order (ties by the features' bits), clusters grown from core rows in that
-- order, so cluster 1 holds the core row with the smallest id, cluster 2
-- the smallest id of the core rows left, and so on; a border row joins the
-- first cluster (in that numbering) that reaches it.  Here: the smallest
-- core id of cluster c increases with c, and every row's label is the same
-- as for the rows given in id order with scikit-learn's rule (checked by the
-- 1-D examples in segment/dbscan, whose ids are given in reversed order too).
SELECT bool_and(first_core_increasing) AS clusters_by_smallest_core_id
FROM (SELECT min(row_id) FILTER (WHERE is_core)
               > coalesce(lag(min(row_id) FILTER (WHERE is_core)) OVER (ORDER BY cluster_id), 0) AS first_core_increasing
      FROM pmkt.dbscan('SELECT id, ARRAY[x1, x2] FROM ld ORDER BY random()', 0.4, 5)
      WHERE cluster_id > 0 GROUP BY cluster_id) s;
-- the parallel load (issue 19): with the features as ARRAY[...] and a plan
-- that is a Gather, the workers validate their own rows and write them into
-- shared blocks (nothing goes through the Gather); with
-- parallel_leader_participation off every row goes through a worker.  The
-- same models as the serial load of the temporary copy, every row counted
-- by pmkt.loader_rows() (2000 rows, 3 of them skipped for a NULL), 53200
-- beyond the budget, a row's error raised in a worker.
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT x1, x2, x3 FROM public.loader_ld;
SELECT pmkt.loader_rows() AS rows_before \gset
SELECT pmkt.kmeans_train('SELECT ARRAY[x1, x2, x3] FROM public.loader_ld', 4)::text AS kmeans_par \gset
SELECT pmkt.loader_rows() - :rows_before AS rows_loaded,
       :'kmeans_par' = pmkt.kmeans_train('SELECT ARRAY[x1, x2, x3] FROM ld', 4)::text AS kmeans_parallel;
SELECT (SELECT array_agg(r ORDER BY row_id)::text FROM pmkt.dbscan('SELECT id, ARRAY[x1, x2] FROM public.loader_ld', 0.4, 5) r)
         = (SELECT array_agg(r ORDER BY row_id)::text FROM pmkt.dbscan('SELECT id, ARRAY[x1, x2] FROM ld', 0.4, 5) r) AS dbscan_parallel,
       pmkt.logistic_train('SELECT ARRAY[x1, x2], c FROM public.loader_ld')::text
         = pmkt.logistic_train('SELECT ARRAY[x1, x2], c FROM ld')::text AS logistic_parallel,
       pmkt.bpnn_train('SELECT ARRAY[x1, x2], y FROM public.loader_ld', 4, epochs => 5)::text
         = pmkt.bpnn_train('SELECT ARRAY[x1, x2], y FROM ld', 4, epochs => 5)::text AS bpnn_parallel;
\set VERBOSITY sqlstate
SET pmkt.max_train_memory = 64;  -- 910 rows of 8 features and an id
SELECT count(*) FROM pmkt.dbscan('SELECT id, ARRAY[x1, x2, x3, x1 + 1, x2 + 1, x3 + 1, x1 * 2, x2 * 2] FROM public.loader_ld', 1, 2);
RESET pmkt.max_train_memory;
SELECT k FROM pmkt.kmeans_train('SELECT ARRAY[x1, x2, CASE WHEN id = 7 THEN ''NaN'' ELSE x3 END] FROM public.loader_ld', 3);
\set VERBOSITY default
RESET parallel_setup_cost; RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size; RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
DROP TABLE public.loader_ld;
RESET client_min_messages;

-- ===========================================================================
-- the same errors on both paths (message, detail, hint, context line)
-- ===========================================================================
SET pmkt.direct_load = on;
SELECT k FROM pmkt.kmeans_train('SELECT ARRAY[x1, x2, CASE WHEN id = 7 THEN ''NaN'' ELSE x3 END] FROM ld', 3);
SET pmkt.direct_load = off;
SELECT k FROM pmkt.kmeans_train('SELECT ARRAY[x1, x2, CASE WHEN id = 7 THEN ''NaN'' ELSE x3 END] FROM ld', 3);
SET pmkt.direct_load = on;
SELECT pmkt.logistic_train('SELECT ARRAY[x1, x2], c, c FROM ld');
SET pmkt.direct_load = off;
SELECT pmkt.logistic_train('SELECT ARRAY[x1, x2], c, c FROM ld');
SET pmkt.direct_load = on;
SELECT count(*) FROM pmkt.dbscan('SELECT id, ARRAY[x1, CASE WHEN id = 9 THEN ''Infinity'' ELSE x2 END] FROM ld ORDER BY id', 0.4, 5);
SET pmkt.direct_load = off;
SELECT count(*) FROM pmkt.dbscan('SELECT id, ARRAY[x1, CASE WHEN id = 9 THEN ''Infinity'' ELSE x2 END] FROM ld ORDER BY id', 0.4, 5);
SET pmkt.direct_load = on;
SELECT pmkt.bpnn_train('SELECT ARRAY[x1, x2], CASE WHEN id = 5 THEN ''NaN'' ELSE y END FROM ld', 4);
SET pmkt.direct_load = off;
SELECT pmkt.bpnn_train('SELECT ARRAY[x1, x2], CASE WHEN id = 5 THEN ''NaN'' ELSE y END FROM ld', 4);
SET pmkt.direct_load = on;
SELECT pmkt.rbf_train('SELECT ARRAY[x1, x2], y FROM no_such_table', 4);
SET pmkt.direct_load = off;
SELECT pmkt.rbf_train('SELECT ARRAY[x1, x2], y FROM no_such_table', 4);
RESET pmkt.direct_load;

-- beyond pmkt.max_train_memory (64 kB = 2730 rows of 3 doubles): 53200
-- where the trainer needs its rows in memory, on both paths
SET pmkt.max_train_memory = 64;
SET pmkt.direct_load = on;
SELECT * FROM pmkt.kmeans_choose_k('SELECT ARRAY[g, g % 7, g % 3]::float8[] FROM generate_series(1, 3000) g', 2, 3);
SET pmkt.direct_load = off;
SELECT * FROM pmkt.kmeans_choose_k('SELECT ARRAY[g, g % 7, g % 3]::float8[] FROM generate_series(1, 3000) g', 2, 3);
\set VERBOSITY sqlstate
SELECT count(*) FROM pmkt.dbscan('SELECT g, ARRAY[g, g % 7]::float8[] FROM generate_series(1, 3000) g', 1, 2);
SELECT pmkt.rbf_train('SELECT ARRAY[g, g % 7]::float8[], g FROM generate_series(1, 3000) g', 2);
\set VERBOSITY default
RESET pmkt.direct_load;
RESET pmkt.max_train_memory;

-- queries the direct path does not take, and SPI (read-only) refuses: a
-- locking read, several statements, a data-modifying CTE, EXECUTE
SELECT k FROM pmkt.kmeans_train('SELECT x FROM ld FOR SHARE', 2);
SELECT k FROM pmkt.kmeans_train('SELECT x FROM ld; SELECT x FROM ld', 2);
SELECT k FROM pmkt.kmeans_train('WITH d AS (DELETE FROM ld WHERE id = 1 RETURNING x) SELECT x FROM d', 1);
PREPARE ld_rows AS SELECT x FROM ld ORDER BY id;
SELECT k FROM pmkt.kmeans_train('EXECUTE ld_rows', 3);
SELECT count(*) FROM ld;

-- the direct path checks privileges and applies row security as SPI does
CREATE TABLE loader_rls AS SELECT id, x FROM ld;
ALTER TABLE loader_rls ENABLE ROW LEVEL SECURITY;
CREATE ROLE pmkt_loader_reader;
GRANT USAGE ON SCHEMA pmkt TO pmkt_loader_reader;
CREATE POLICY first_half ON loader_rls FOR SELECT TO pmkt_loader_reader USING (id <= 1000);
SET ROLE pmkt_loader_reader;
SELECT n_rows FROM pmkt.kmeans_train('SELECT x FROM loader_rls', 2);
SET pmkt.direct_load = off;
SELECT n_rows FROM pmkt.kmeans_train('SELECT x FROM loader_rls', 2);
RESET pmkt.direct_load;
RESET ROLE;
GRANT SELECT ON loader_rls TO pmkt_loader_reader;
SET ROLE pmkt_loader_reader;
-- 1000 rows pass the policy; ids 10 and 11 have a NULL element
SELECT n_rows, skipped_null FROM pmkt.kmeans_train('SELECT x FROM loader_rls', 2);
SET pmkt.direct_load = off;
SELECT n_rows, skipped_null FROM pmkt.kmeans_train('SELECT x FROM loader_rls', 2);
RESET pmkt.direct_load;
RESET ROLE;
DROP TABLE loader_rls;
REVOKE USAGE ON SCHEMA pmkt FROM pmkt_loader_reader;
DROP ROLE pmkt_loader_reader;
