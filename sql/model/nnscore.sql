-- nnscore: nn_predict's planner rewrite and the fast path across layer sizes.
--
-- 1. nn_predict(model, ARRAY[e1, ..., en]) with float8 elements is planned
--    as nn_predict_unpacked(model, e1, ..., en) (no array per row); other
--    feature expressions are left alone.  Both forms must give the same
--    bits (same pass, same inputs) and the same errors.
-- 2. The AVX2 pass (pmkt.simd = auto) against the portable pass
--    (pmkt.simd = off) for inputs 1..17 and hidden 1..13 (every tail and
--    padding case), sigmoid and ReLU units, one and two outputs: relative
--    difference below 1e-12.  The portable pass is checked against numpy
--    and an independent PL/pgSQL pass in the bpnn and nnfast tests.
CREATE SCHEMA test_nnscore;
SET search_path = test_nnscore, public;

-- a model of the given shape with deterministic weights, as JSON text
CREATE FUNCTION mk_model(d int, h int, t int, act text, outact text) RETURNS pmkt.nnmodel
LANGUAGE sql AS $$
SELECT format('{"format": "pmkt.nnmodel", "version": 1, "kind": "bpnn",
  "inputs": %s, "hidden": %s, "outputs": %s, "hidden_activation": "%s",
  "output_activation": "%s", "optimizer": "adam", "learning_rate": 0.001,
  "epochs": 0, "n_train": 0, "n_validation": 0, "train_mse": null,
  "validation_mse": null, "cluster_sse": null,
  "input_mean": %s, "input_scale": %s, "target_mean": %s, "target_scale": %s,
  "hidden_weights": %s, "hidden_bias": %s, "output_weights": %s, "output_bias": %s,
  "curve": []}', d, h, t, act, outact,
  (SELECT json_agg(round((sin(i * 1.7) * 3)::numeric, 6)) FROM generate_series(1, d) i),
  (SELECT json_agg(round((1.5 + cos(i * 2.3))::numeric, 6)) FROM generate_series(1, d) i),
  (SELECT json_agg(k * 10) FROM generate_series(1, t) k),
  (SELECT json_agg(k + 0.5) FROM generate_series(1, t) k),
  (SELECT json_agg((SELECT json_agg(round(sin(j * 31 + i * 7)::numeric, 6)) FROM generate_series(1, d) i))
     FROM generate_series(1, h) j),
  (SELECT json_agg(round((cos(j * 5) / 2)::numeric, 6)) FROM generate_series(1, h) j),
  (SELECT json_agg((SELECT json_agg(round((sin(k * 11 + j * 3) * 2)::numeric, 6)) FROM generate_series(1, h) j))
     FROM generate_series(1, t) k),
  (SELECT json_agg(k * 0.25) FROM generate_series(1, t) k))::pmkt.nnmodel
$$;

CREATE TABLE m8 AS SELECT mk_model(8, 10, 1, 'sigmoid', 'identity') AS model;
CREATE TABLE rows8 AS
SELECT g, 4 * sin(g) AS f1, 3 * cos(g * 1.1) AS f2, sin(g * 0.3) AS f3, g % 7 AS f4,
       cos(g * 0.7) AS f5, 2 * sin(g * 1.9) AS f6, (g % 11) / 3.0 AS f7, cos(g) AS f8,
       g::int AS i1
FROM generate_series(1, 3000) g;
ALTER TABLE rows8 ALTER COLUMN f4 TYPE float8, ALTER COLUMN f7 TYPE float8;
ALTER TABLE rows8 ADD COLUMN x float8[];
UPDATE rows8 SET x = ARRAY[f1, f2, f3, f4, f5, f6, f7, f8];

-- 1. the rewrite: ARRAY[...] of float8 expressions (also mixed with a cast
--    int column) becomes nn_predict_unpacked; bpnn_predict too
EXPLAIN (VERBOSE, COSTS OFF)
SELECT pmkt.nn_predict(m.model, ARRAY[f1, f2, f3, f4, f5, f6, f7, f8]) FROM rows8, m8 m;
EXPLAIN (VERBOSE, COSTS OFF)
SELECT pmkt.bpnn_predict(m.model, ARRAY[f1, f2, f3, i1, f5, f6 * 2, f7, 1]) FROM rows8, m8 m;
-- ARRAY[int, ...]::float8[] is rewritten too: the parser casts each element
EXPLAIN (VERBOSE, COSTS OFF)
SELECT pmkt.nn_predict(m.model, ARRAY[i1, i1, i1, i1, i1, i1, i1, i1]::float8[]) FROM rows8, m8 m;
-- left alone: an array column, a constant array
EXPLAIN (VERBOSE, COSTS OFF)
SELECT pmkt.nn_predict(m.model, x) FROM rows8, m8 m;
EXPLAIN (VERBOSE, COSTS OFF)
SELECT pmkt.nn_predict(m.model, ARRAY[1, 2, 3, 4, 5, 6, 7, 8]::float8[]) FROM m8 m;

-- the same bits either way, and the portable pass within 1e-12
SELECT count(*) AS n,
       count(*) FILTER (WHERE p_cols = p_arr) AS same_bits,
       count(*) FILTER (WHERE p_cols = p_bpnn) AS bpnn_same
FROM (SELECT pmkt.nn_predict(m.model, ARRAY[f1, f2, f3, f4, f5, f6, f7, f8]) AS p_cols,
             pmkt.bpnn_predict(m.model, ARRAY[f1, f2, f3, f4, f5, f6, f7, f8]) AS p_bpnn,
             pmkt.nn_predict(m.model, x) AS p_arr
      FROM rows8, m8 m) s;
CREATE TABLE fast8 AS
SELECT g, pmkt.nn_predict(m.model, ARRAY[f1, f2, f3, f4, f5, f6, f7, f8]) AS p FROM rows8, m8 m;
SET pmkt.simd = off;
SELECT count(*) AS n, max(abs(f.p - s.p) / abs(s.p)) < 1e-12 AS fast_matches_portable,
       count(*) FILTER (WHERE s.p = s.p_arr) AS portable_same_both_forms
FROM fast8 f JOIN (SELECT g, pmkt.nn_predict(m.model, ARRAY[f1, f2, f3, f4, f5, f6, f7, f8]) AS p,
                          pmkt.nn_predict(m.model, x) AS p_arr
                   FROM rows8, m8 m) s USING (g);
RESET pmkt.simd;

-- a parallel plan gives every row the same value as the array form
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
ALTER TABLE rows8 SET (parallel_workers = 2);
EXPLAIN (COSTS OFF)
SELECT sum(abs(pmkt.nn_predict((SELECT model FROM m8), ARRAY[f1, f2, f3, f4, f5, f6, f7, f8])
               - pmkt.nn_predict((SELECT model FROM m8), x))) FROM rows8;
SELECT sum(abs(pmkt.nn_predict((SELECT model FROM m8), ARRAY[f1, f2, f3, f4, f5, f6, f7, f8])
               - pmkt.nn_predict((SELECT model FROM m8), x))) AS total_difference,
       count(*) AS n FROM rows8;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- errors through the rewritten form are the array form's
CREATE TABLE bad (k int, a float8, b float8);
INSERT INTO bad VALUES (1, 1, NULL), (2, 1, 'NaN'), (3, 'Infinity', 2), (4, 1, 2);
SELECT pmkt.nn_predict(m.model, ARRAY[a, b, a, b, a, b, a, b]) FROM bad, m8 m WHERE k = 1;
SELECT pmkt.nn_predict(m.model, ARRAY[a, b, a, b, a, b, a, b]) FROM bad, m8 m WHERE k = 2;
SELECT pmkt.nn_predict(m.model, ARRAY[a, b, a, b, a, b, a, b]) FROM bad, m8 m WHERE k = 3;
SELECT pmkt.nn_predict(m.model, ARRAY[a, b, a]) FROM bad, m8 m WHERE k = 4;
SET pmkt.simd = off;
SELECT pmkt.nn_predict(m.model, ARRAY[a, b, a, b, a, b, a, b]) FROM bad, m8 m WHERE k = 2;
SELECT pmkt.nn_predict(m.model, ARRAY[a, b, a]) FROM bad, m8 m WHERE k = 4;
RESET pmkt.simd;
\set VERBOSITY sqlstate
SELECT pmkt.nn_predict(m.model, ARRAY[a, b, a, b, a, b, a, b]) FROM bad, m8 m WHERE k = 1;
SELECT pmkt.nn_predict(m.model, ARRAY[a, b, a]) FROM bad, m8 m WHERE k = 4;
\set VERBOSITY default
-- a NULL model gives NULL in both forms
SELECT pmkt.nn_predict(NULL::pmkt.nnmodel, ARRAY[a, b]) IS NULL AS cols_null,
       pmkt.nn_predict(NULL::pmkt.nnmodel, ARRAY[a, b]::float8[]) IS NULL AS array_null
FROM bad WHERE k = 4;
-- direct calls of the support function's target
SELECT pmkt.nn_predict_unpacked(m.model, 1::float8, 2::float8, 3::float8, 4::float8,
                                5::float8, 6::float8, 7::float8, 8::float8)
       = pmkt.nn_predict(m.model, '{1,2,3,4,5,6,7,8}') AS direct_same FROM m8 m;
SELECT pmkt.nn_predict_unpacked(m.model, 1::float8, 2, 3::float8) FROM m8 m;
SELECT pmkt.nn_predict_unpacked(m.model, VARIADIC '{1,2,3,4,5,6,7,8}'::float8[]) FROM m8 m;
-- an RBF model takes the portable pass in both forms
CREATE TABLE rbf_rows AS SELECT g, ARRAY[sin(g), cos(g)] AS x, sin(g) + cos(g) AS y FROM generate_series(1, 200) g;
CREATE TABLE rbf_m AS SELECT pmkt.rbf_train('SELECT x, y FROM test_nnscore.rbf_rows', 6, seed => 3) AS model;
SELECT count(*) FILTER (WHERE pmkt.nn_predict(m.model, ARRAY[x[1], x[2]]) = pmkt.nn_predict(m.model, x)) AS rbf_same
FROM rbf_rows, rbf_m m;

-- 2. fast against portable over the shapes
CREATE TABLE shapes AS
SELECT d, h, t, act, CASE WHEN t = 1 THEN 'identity' ELSE 'sigmoid' END AS outact,
       mk_model(d, h, t, act, CASE WHEN t = 1 THEN 'identity' ELSE 'sigmoid' END) AS model
FROM unnest(ARRAY[1, 3, 4, 5, 8, 9, 13, 17]) d, unnest(ARRAY[1, 2, 3, 4, 5, 8, 10, 13]) h,
     unnest(ARRAY[1, 2]) t, unnest(ARRAY['sigmoid', 'relu']) act;
CREATE TABLE shape_rows AS
SELECT g, ARRAY(SELECT 3 * sin(g * 0.37 + i) + (i % 3) FROM generate_series(1, 17) i) AS x17
FROM generate_series(1, 60) g;
CREATE TABLE fast_out AS
SELECT d, h, t, act, g, pmkt.nn_predict_all(s.model, x17[1:d]) AS y
FROM shapes s, shape_rows;
SET pmkt.simd = off;
SELECT count(DISTINCT (d, h, t, act)) AS models, count(*) AS rows_scored,
       max((SELECT max(abs(u.a - u.b) / greatest(abs(u.b), 1e-300)) FROM unnest(f.y, p.y) u(a, b))) < 1e-12 AS within_1e12
FROM fast_out f
JOIN (SELECT d, h, t, act, g, pmkt.nn_predict_all(s.model, x17[1:d]) AS y FROM shapes s, shape_rows) p
  USING (d, h, t, act, g);
RESET pmkt.simd;

DROP SCHEMA test_nnscore CASCADE;
