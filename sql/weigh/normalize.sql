-- normalize: min-max normalisation (SPEC 2.2).
-- Hand calculation: column a = {2, 4, 10}: min 2, max 10, range 8;
--   positive: (x - 2) / 8 + 0.001 = {0.001, 0.251, 1.001}
--   negative: (10 - x) / 8 + 0.001 = {1.001, 0.751, 0.001}
-- A constant column (max = min) maps to 0.5 + shift in both directions.
CREATE TABLE nm (id int, a float8, b float8, c float8);
INSERT INTO nm VALUES (1, 2, 7, 5), (2, 4, 3, 5), (3, 10, 5, 5);

-- scalar form with window functions
SELECT id,
       pmkt.minmax_normalize(a, min(a) OVER (), max(a) OVER ()) AS a_pos,
       pmkt.minmax_normalize(a, min(a) OVER (), max(a) OVER (), false) AS a_neg,
       pmkt.minmax_normalize(b, min(b) OVER (), max(b) OVER (), positive => false, shift => 0) AS b_neg_noshift,
       pmkt.minmax_normalize(c, min(c) OVER (), max(c) OVER ()) AS c_const
FROM nm ORDER BY id;
-- a value outside the range (new data against old ranges) is not clamped
SELECT pmkt.minmax_normalize(12, 2, 10) AS above, pmkt.minmax_normalize(0, 2, 10) AS below;
SELECT pmkt.minmax_normalize(NULL, 2, 10) IS NULL AS null_x;

-- row form: column_ranges aggregate + normalize
SELECT pmkt.column_ranges(ARRAY[a, b, c]) AS ranges FROM nm;
SELECT id, pmkt.normalize(ARRAY[a, b, c], r) AS all_positive,
       pmkt.normalize(ARRAY[a, b, c], r, ARRAY[true, false, true]) AS bool_dirs,
       pmkt.normalize(ARRAY[a, b, c], r, ARRAY['+', '-', 'negative'], shift => 0) AS text_dirs
FROM nm, (SELECT pmkt.column_ranges(ARRAY[a, b, c]) AS r FROM nm) s ORDER BY id;
-- the row form equals the window form
SELECT bool_and(pmkt.normalize(ARRAY[a, b], r, ARRAY['+', '-'])
                = ARRAY[pmkt.minmax_normalize(a, mina, maxa), pmkt.minmax_normalize(b, minb, maxb, false)])
       AS row_equals_window
FROM (SELECT *, min(a) OVER () mina, max(a) OVER () maxa, min(b) OVER () minb, max(b) OVER () maxb FROM nm) w,
     (SELECT pmkt.column_ranges(ARRAY[a, b]) AS r FROM nm) s;
-- NULL rows are skipped; no rows gives NULL; NULL x gives NULL
SELECT pmkt.column_ranges(x) FROM (VALUES (ARRAY[1, 5]::float8[]), (NULL), (ARRAY[3, -1]::float8[])) v(x);
SELECT pmkt.column_ranges(x) IS NULL AS empty_is_null FROM (VALUES (ARRAY[1]::float8[])) v(x) WHERE false;
SELECT pmkt.normalize(NULL, '{{0},{1}}') IS NULL AS null_x;

-- forced parallel plan == serial plan
CREATE TABLE nm_par AS
SELECT g, ARRAY[sin(g), (g % 101)::float8, -sqrt(g::float8)]::float8[] AS x FROM generate_series(1, 30000) g;
ANALYZE nm_par;
CREATE TABLE nm_serial AS SELECT pmkt.column_ranges(x) AS r FROM nm_par;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT pmkt.column_ranges(x) FROM nm_par;
SELECT pmkt.column_ranges(x) = (SELECT r FROM nm_serial) AS parallel_equals_serial,
       pmkt.column_ranges(x) AS ranges FROM nm_par;
RESET parallel_setup_cost; RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size; RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
-- state {tag, d, n, minima, maxima}: text round trip and combine
CREATE AGGREGATE ranges_state(float8[]) (sfunc = pmkt.column_ranges_sfunc, stype = float8[]);
SELECT ranges_state(x) AS state FROM nm_par;
SELECT pmkt.column_ranges_final(ranges_state(x)::text::float8[]) = (SELECT r FROM nm_serial) AS text_round_trip
FROM nm_par;
SELECT pmkt.column_ranges_final(pmkt.column_ranges_combine(
         (SELECT ranges_state(x) FROM nm_par WHERE g <= 100)::text::float8[],
         (SELECT ranges_state(x) FROM nm_par WHERE g > 100)::text::float8[])) = (SELECT r FROM nm_serial) AS combined_ok;

-- errors
SELECT pmkt.minmax_normalize(5, 10, 2);
\set VERBOSITY sqlstate
SELECT pmkt.minmax_normalize(5, 10, 2);
\set VERBOSITY default
SELECT pmkt.minmax_normalize('NaN', 2, 10);
SELECT pmkt.minmax_normalize(5, 2, 'Infinity');
SELECT pmkt.normalize(ARRAY[1, 2]::float8[], '{{0,0},{4,4}}', ARRAY[true]);
\set VERBOSITY sqlstate
SELECT pmkt.normalize(ARRAY[1, 2]::float8[], '{{0,0},{4,4}}', ARRAY[true]);
\set VERBOSITY default
SELECT pmkt.normalize(ARRAY[1, 2]::float8[], '{{0,0},{4,4}}', ARRAY['+', 'up']);
SELECT pmkt.normalize(ARRAY[1, 2]::float8[], '{{0,0},{4,4}}', ARRAY['+', NULL]);
SELECT pmkt.normalize(ARRAY[1, 2]::float8[], '{{0,0},{4,4}}', ARRAY[true, NULL]);
SELECT pmkt.normalize(ARRAY[1, 2]::float8[], '{{0,0,0},{4,4,4}}');
SELECT pmkt.normalize(ARRAY[1, 2]::float8[], '{0,4}');
SELECT pmkt.normalize(ARRAY[1, 2]::float8[], '{{0,0},{4,4},{5,5}}');
SELECT pmkt.normalize(ARRAY[1, 2]::float8[], '{{0,5},{4,4}}');
SELECT pmkt.normalize(ARRAY[1, NULL]::float8[], '{{0,0},{4,4}}');
SELECT pmkt.normalize(ARRAY[1, 2]::float8[], '{{0,0},{4,4}}', shift => NULL);
SELECT pmkt.column_ranges(x) FROM (VALUES (ARRAY[1, 2]::float8[]), (ARRAY[1, 2, 3]::float8[])) v(x);
\set VERBOSITY sqlstate
SELECT pmkt.column_ranges(x) FROM (VALUES (ARRAY[1, 2]::float8[]), (ARRAY[1, 2, 3]::float8[])) v(x);
\set VERBOSITY default
SELECT pmkt.column_ranges(x) FROM (VALUES (ARRAY[1, 'NaN']::float8[])) v(x);
SELECT pmkt.column_ranges_final(ARRAY[5001, 1, 1, 0, 0]::float8[]);
SELECT pmkt.column_ranges_final(ARRAY[4001, 1e300, 1, 0, 0]::float8[]);  -- garbage width
