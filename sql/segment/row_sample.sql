-- row_sample: a content-keyed sample of distinct rows as a combinable
-- aggregate; loader_rows: rows that reached the in-memory loader (issue 19).
--
-- Reference samples: test/segment/row_sample_reference.py (Debian's
-- /usr/bin/python3; the hash in plain integers, the selection by sorting
-- the distinct rows), for x = ARRAY[g % 7, (g % 5) * 0.5], g = 1..100:
--   size 5 seed 7:  {{1,1.5},{6,1},{2,2},{5,1},{4,0.5}} weights {3,3,3,3,3}
--   size 5 seed -3: {{5,0.5},{6,2},{3,1},{6,1.5},{2,0}} weights {3,2,3,3,3}
--   size 3 seed 0:  {{5,1},{1,0.5},{6,0.5}} weights {3,3,3}
CREATE SCHEMA row_sample_test;
SET search_path = row_sample_test, public;
CREATE TABLE rs AS
SELECT g AS id, ARRAY[(g % 7)::float8, (g % 5) * 0.5::float8] AS x FROM generate_series(1, 100) g;

SELECT (s).rows, (s).skipped, (s).sample, (s).weights
FROM (SELECT pmkt.row_sample(x, 5, 7) s FROM rs) t;
SELECT (pmkt.row_sample(x, 5, -3)).sample = '{{5,0.5},{6,2},{3,1},{6,1.5},{2,0}}' AS seed_minus_3,
       (pmkt.row_sample(x, 5, -3)).weights = '{3,2,3,3,3}' AS weights_minus_3,
       (pmkt.row_sample(x, 3, 0)).sample = '{{5,1},{1,0.5},{6,0.5}}' AS seed_0
FROM rs;
-- a sample as large as the distinct rows: every distinct row with its count
-- (the reference here is GROUP BY)
SELECT (SELECT array_agg(w ORDER BY r) FROM unnest((s).weights) WITH ORDINALITY u(w, r))
         IS NOT NULL AS has_weights,
       (SELECT sum(w) FROM unnest((s).weights) w) AS weight_sum,
       array_length((s).weights, 1) AS distinct_rows,
       (SELECT count(*) FROM (SELECT DISTINCT x FROM rs) d) AS distinct_by_sql,
       (SELECT bool_and(c.n = w.w)
          FROM (SELECT x, count(*) n FROM rs GROUP BY x) c
          JOIN (SELECT ARRAY[(s).sample[i][1], (s).sample[i][2]] x, (s).weights[i] w
                  FROM generate_series(1, array_length((s).weights, 1)) i) w USING (x)) AS counts_equal
FROM (SELECT pmkt.row_sample(x, 1000, 7) s FROM rs) t;
-- independent of the row order: three orders, one sample
SELECT count(DISTINCT (s).sample::text || (s).weights::text) AS different_samples
FROM (SELECT pmkt.row_sample(x, 8, 11 ORDER BY id) s FROM rs
      UNION ALL SELECT pmkt.row_sample(x, 8, 11 ORDER BY id DESC) FROM rs
      UNION ALL SELECT pmkt.row_sample(x, 8, 11 ORDER BY md5(id::text)) FROM rs) t;
-- -0 is +0; NULL rows and rows with a NULL element are skipped and counted
SELECT (s).rows, (s).skipped, (s).sample, (s).weights
FROM (SELECT pmkt.row_sample(x, 4, 1) s
      FROM (VALUES ('{0,1}'::float8[]), ('{-0,1}'), (NULL), ('{NULL,1}'), ('{2,2}')) v(x)) t;
-- no usable row: no sample; no row at all: NULL
SELECT (s).rows, (s).skipped, (s).sample IS NULL AS no_sample
FROM (SELECT pmkt.row_sample(x, 4, 1) s FROM (VALUES (NULL::float8[])) v(x)) t;
SELECT pmkt.row_sample(x, 4, 1) IS NULL AS no_rows FROM rs WHERE false;
-- errors
SELECT pmkt.row_sample(x, 0, 1) FROM rs;
SELECT pmkt.row_sample(x, NULL, 1) FROM rs;
SELECT pmkt.row_sample(x, 5, id) FROM rs;
SELECT pmkt.row_sample(x, 5, 1) FROM (VALUES ('{1,2}'::float8[]), ('{1,2,3}')) v(x);
SELECT pmkt.row_sample(x, 5, 1) FROM (VALUES ('{1,NaN}'::float8[])) v(x);
SELECT pmkt.row_sample(x, 5, 1) FROM (VALUES ('{{1,2}}'::float8[])) v(x);
SELECT pmkt.row_sample(x, 16000000, 1) FROM (VALUES (array_fill(1::float8, ARRAY[100]))) v(x);

-- the state: exact text round trip; a tampered state is refused
CREATE AGGREGATE rs_state(float8[], int, bigint) (SFUNC = pmkt.row_sample_sfunc, STYPE = float8[]);
CREATE TABLE st AS SELECT rs_state(x, 5, 7) s, rs_state(x, 5, 7) FILTER (WHERE id <= 50) a,
                          rs_state(x, 5, 7) FILTER (WHERE id > 50) b FROM rs;
SELECT s::text::float8[] = s AS text_round_trip,
       pmkt.row_sample_final(s::text::float8[]) = pmkt.row_sample_final(s) AS final_equal,
       pmkt.row_sample_final(pmkt.row_sample_combine(a, b)) = pmkt.row_sample_final(s) AS combine_equal,
       pmkt.row_sample_final(pmkt.row_sample_combine(b, a)) = pmkt.row_sample_final(s) AS combine_commutes
FROM st;
-- a key that is not the row's, a multiplicity of 0, a wrong length, another tag
SELECT pmkt.row_sample_final(s[1:10] || (s[11] + 1) || s[12:]) FROM st;
SELECT pmkt.row_sample_final(s[1:11] || 0::float8 || s[13:]) FROM st;
SELECT pmkt.row_sample_final(s[1:20]) FROM st;
SELECT pmkt.row_sample_final('{1,2,3}'::float8[]);
SELECT pmkt.row_sample_combine(s, (SELECT rs_state(x, 6, 7) FROM rs)) FROM st;

-- forced parallel plan: Partial Aggregate in the workers, the same sample
CREATE TABLE big AS
SELECT g AS id, ARRAY[(g % 101)::float8, ((g * 7919) % 1009)::float8 / 7] AS x FROM generate_series(1, 60000) g;
ANALYZE big;
CREATE TABLE serial AS SELECT pmkt.row_sample(x, 500, 42) r FROM big;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT pmkt.row_sample(x, 500, 42) FROM big;
SELECT (p.r).rows, array_length((p.r).weights, 1) AS sampled, p.r = s.r AS parallel_equals_serial
FROM (SELECT pmkt.row_sample(x, 500, 42) r FROM big) p, serial s;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather; RESET parallel_leader_participation;

-- ===========================================================================
-- loader_rows: the beyond-budget paths read no row through this backend
-- ===========================================================================
CREATE TABLE lr AS
SELECT g AS id, ARRAY[(g % 3) * 3 + ((g * 7919) % 1009)::float8 / 1009,
                      (g % 3) * 2 + ((g * 104729) % 1013)::float8 / 1013] AS x,
       ((g % 3) = 0 OR (g * 7) % 11 = 0) AS y
FROM generate_series(1, 6000) g;
CREATE FUNCTION loaded(q text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE before bigint := pmkt.loader_rows();
BEGIN
  EXECUTE q;
  RETURN pmkt.loader_rows() - before;
END $$;
-- in memory: every row reaches the loader
SELECT loaded('SELECT pmkt.kmeans_train(''SELECT x FROM lr'', 3)') AS kmeans_in_memory,
       loaded('SELECT pmkt.logistic_train(''SELECT x, y FROM lr'')') AS logistic_in_memory;
-- beyond the budget (6000 x 2 doubles = 94 kB > 64 kB): none does
SET pmkt.max_train_memory = 64;
SELECT loaded('SELECT pmkt.kmeans_train(''SELECT x FROM lr'', 3)') AS kmeans_beyond_budget,
       loaded('SELECT pmkt.kmeans_train(''SELECT x FROM lr'', 3, standardize => true, n_init => 2)') AS kmeans_standardized,
       loaded('SELECT pmkt.logistic_train(''SELECT x, y FROM lr;'')') AS logistic_beyond_budget;
-- a query ending in a comment runs inside pmkt's wrappers too
SELECT in_memory, n_rows FROM pmkt.kmeans_train('SELECT x FROM lr -- all rows', 3);
-- and the model does not depend on the row order
SELECT count(DISTINCT m::text) AS different_models
FROM (SELECT pmkt.kmeans_train('SELECT x FROM lr ORDER BY id', 3) m
      UNION ALL SELECT pmkt.kmeans_train('SELECT x FROM lr ORDER BY id DESC', 3)
      UNION ALL SELECT pmkt.kmeans_train('SELECT x FROM lr ORDER BY md5(id::text)', 3)) t;
RESET pmkt.max_train_memory;
SELECT in_memory, n_rows FROM pmkt.kmeans_train('SELECT x FROM lr -- all rows', 3);
DROP SCHEMA row_sample_test CASCADE;
