-- entropy: entropy weight method and composite score (SPEC 2.4).
--
-- Reference (Debian's /usr/bin/python3, numpy 1.24), data X below (5 x 4,
-- the 4th column constant):
--   P = X / X.sum(0); L = where(P > 0, P log P, 0)
--   e = -L.sum(0) / log(n); d = 1 - e; w = d / d.sum(); scores = X @ w
-- e = [0.8042770300609395, 0.8090529228055208, 0.7957762546491475, 1.0000000000000002]
-- d = [0.19572296993906046, 0.19094707719447923, 0.20422374535085253, -2.2e-16]
-- w = [0.33123206306864417, 0.3231495737866005, 0.34561836314475575, -3.8e-16]
-- scores = [0.5078700004642692, 0.6020690110870182, 0.5046956262778772,
--           0.5225575795647182, 0.3324038913030589]
-- (pmkt clamps e to [0, 1], so the constant column gets exactly e = 1,
-- d = 0, w = 0; numpy's rounding leaves -2e-16 there.)
CREATE TABLE ew (id int, x float8[]);
INSERT INTO ew VALUES
(1, ARRAY[0.001, 0.5, 1.001, 0.2]),
(2, ARRAY[0.3, 0.7, 0.8, 0.2]),
(3, ARRAY[1.001, 0.001, 0.5, 0.2]),
(4, ARRAY[0.6, 1.001, 0.001, 0.2]),
(5, ARRAY[0.45, 0.3, 0.25, 0.2]);

SELECT (SELECT max(abs(a - b)) < 1e-12 FROM unnest(w, ARRAY[0.33123206306864417, 0.3231495737866005,
        0.34561836314475575, 0]) u(a, b)) AS weights_ok,
       (SELECT sum(v) FROM unnest(w) v) AS weight_sum,
       w::numeric(12,10)[] AS weights
FROM (SELECT pmkt.entropy_weights(x) AS w FROM ew) s;
SELECT (d).n,
       (SELECT max(abs(a - b)) < 1e-12 FROM unnest((d).entropy, ARRAY[0.8042770300609395, 0.8090529228055208,
        0.7957762546491475, 1]) u(a, b)) AS entropy_ok,
       (SELECT max(abs(a - b)) < 1e-12 FROM unnest((d).divergence, ARRAY[0.19572296993906046, 0.19094707719447923,
        0.20422374535085253, 0]) u(a, b)) AS divergence_ok,
       (d).entropy::numeric(12,10)[] AS entropy, (d).divergence::numeric(12,10)[] AS divergence
FROM (SELECT pmkt.entropy_weights_detail(x) AS d FROM ew) s;
-- composite scores against numpy
SELECT id, round(pmkt.composite_score(x, w)::numeric, 12) AS score
FROM ew, (SELECT pmkt.entropy_weights(x) AS w FROM ew) s ORDER BY id;

-- edge cases
-- one row: ln n = 0, every entropy is 1, the weights are equal
SELECT pmkt.entropy_weights_detail(x) FROM ew WHERE id = 1;
-- an all-zero column: entropy 1, weight 0 (0 ln 0 = 0)
SELECT pmkt.entropy_weights_detail(x)
FROM (VALUES (ARRAY[0.2, 0]::float8[]), (ARRAY[0.8, 0]::float8[])) v(x);
-- every column constant: equal weights
SELECT pmkt.entropy_weights(x) FROM (VALUES (ARRAY[0.5, 3]::float8[]), (ARRAY[0.5, 3]::float8[])) v(x);
-- NULL rows are skipped; no rows gives NULL
SELECT (pmkt.entropy_weights_detail(x)).n FROM (SELECT x FROM ew UNION ALL SELECT NULL) s;
SELECT pmkt.entropy_weights(x) IS NULL AS empty_is_null FROM ew WHERE false;
-- a single non-zero value in a column: p = 1 there, entropy 0, divergence 1
SELECT pmkt.entropy_weights_detail(x)
FROM (VALUES (ARRAY[0, 1]::float8[]), (ARRAY[5, 2]::float8[]), (ARRAY[0, 3]::float8[])) v(x);

-- forced parallel plan == serial plan
CREATE TABLE ew_par AS
SELECT g, ARRAY[abs(sin(g)), (g % 17)::float8 / 16, sqrt(g::float8) / 200, 0.5 + 0.4 * cos(g)]::float8[] AS x
FROM generate_series(1, 30000) g;
ANALYZE ew_par;
CREATE TABLE ew_serial AS SELECT pmkt.entropy_weights_detail(x) AS d FROM ew_par;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT pmkt.entropy_weights(x) FROM ew_par;
CREATE TABLE ew_parallel AS SELECT pmkt.entropy_weights_detail(x) AS d FROM ew_par;
SELECT (s.d).n = (p.d).n AS n_equal,
       (SELECT max(abs(a - b) / abs(b)) < 1e-12 FROM unnest((s.d).weights, (p.d).weights) u(a, b)) AS weights_equal,
       (SELECT max(abs(a - b) / abs(b)) < 1e-12 FROM unnest((s.d).entropy, (p.d).entropy) u(a, b)) AS entropy_equal
FROM ew_serial s, ew_parallel p;
RESET parallel_setup_cost; RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size; RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;

-- the state: {tag, d, n, sum x, sum x ln x, min, max}: text round trip and combine
CREATE AGGREGATE ew_state(float8[]) (sfunc = pmkt.entropy_weights_sfunc, stype = float8[]);
SELECT array_length(ew_state(x), 1) AS state_len FROM ew_par;
SELECT pmkt.entropy_weights_final(ew_state(x)::text::float8[]) = (SELECT pmkt.entropy_weights(x) FROM ew)
       AS text_round_trip
FROM ew;
WITH a AS (SELECT ew_state(x)::text AS s FROM ew WHERE id <= 2),
     b AS (SELECT ew_state(x)::text AS s FROM ew WHERE id > 2)
SELECT (SELECT max(abs(u - v)) < 1e-15
        FROM unnest(pmkt.entropy_weights_final(pmkt.entropy_weights_combine(a.s::float8[], b.s::float8[])),
                    (SELECT pmkt.entropy_weights(x) FROM ew)) t(u, v)) AS combined_ok
FROM a, b;

-- errors
SELECT pmkt.entropy_weights(x) FROM (VALUES (ARRAY[0.5, 1]::float8[]), (ARRAY[0.5, -0.1]::float8[])) v(x);
\set VERBOSITY sqlstate
SELECT pmkt.entropy_weights(x) FROM (VALUES (ARRAY[0.5, 1]::float8[]), (ARRAY[0.5, -0.1]::float8[])) v(x);
\set VERBOSITY default
SELECT pmkt.entropy_weights(x) FROM (VALUES (ARRAY[0.5, 1]::float8[]), (ARRAY[0.5]::float8[])) v(x);
\set VERBOSITY sqlstate
SELECT pmkt.entropy_weights(x) FROM (VALUES (ARRAY[0.5, 1]::float8[]), (ARRAY[0.5]::float8[])) v(x);
\set VERBOSITY default
SELECT pmkt.entropy_weights(x) FROM (VALUES (ARRAY[0.5, 'Infinity']::float8[])) v(x);
SELECT pmkt.entropy_weights(x) FROM (VALUES (ARRAY[0.5, NULL]::float8[])) v(x);
SELECT pmkt.entropy_weights(x) FROM (VALUES ('{}'::float8[])) v(x);
SELECT pmkt.entropy_weights_final(ARRAY[4501, 1, 1, 1]::float8[]);
SELECT pmkt.composite_score(ARRAY[1, 2, 3]::float8[], ARRAY[0.5, 0.5]::float8[]);
\set VERBOSITY sqlstate
SELECT pmkt.composite_score(ARRAY[1, 2, 3]::float8[], ARRAY[0.5, 0.5]::float8[]);
\set VERBOSITY default
SELECT pmkt.composite_score(ARRAY[1, 'NaN']::float8[], ARRAY[0.5, 0.5]::float8[]);
SELECT pmkt.composite_score(NULL, ARRAY[0.5, 0.5]::float8[]) IS NULL AS null_x;
SELECT pmkt.entropy_weights_final(ARRAY[5001, 'Infinity', 1, 1]::float8[]);  -- garbage width
