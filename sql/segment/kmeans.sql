-- kmeans: kmeans_assign, kmeans_step, kmeans_train, kmeans_choose_k.
--
-- Reference values: test/segment/kmeans_reference.py (Debian's
-- /usr/bin/python3, numpy 1.24, scikit-learn 1.2: KMeans(algorithm='lloyd',
-- init=<given>, n_init=1), silhouette_score).  The data below are built with
-- the same IEEE operations as that script, so both see identical doubles.
-- own schema, so tables such as ref do not collide with later tests
CREATE SCHEMA kmeans_test;
SET search_path = kmeans_test, public;
CREATE TABLE km AS
SELECT i AS id,
       ARRAY[cx + 4::float8 * (u1 - 0.5::float8),
             cy + 4::float8 * (u2 - 0.5::float8),
             cz + 4::float8 * (u3 - 0.5::float8) + 0.001::float8 * (i % 7)::float8] AS x
FROM (SELECT i,
             (ARRAY[0, 3, 0]::float8[])[i % 3 + 1] AS cx,
             (ARRAY[0, 3, 3]::float8[])[i % 3 + 1] AS cy,
             (ARRAY[0, 0, 3]::float8[])[i % 3 + 1] AS cz,
             ((i * 7919) % 1009)::float8 / 1009 AS u1,
             ((i * 104729) % 1013)::float8 / 1013 AS u2,
             ((i * 1299709) % 1019)::float8 / 1019 AS u3
      FROM generate_series(1::bigint, 4000) i) s;
-- relative closeness of two numbers / two arrays (max-norm)
CREATE FUNCTION rel_ok(a float8, b float8, tol float8) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$ SELECT abs(a - b) <= tol * abs(b) $$;
CREATE FUNCTION close_to(a float8[], b float8[], tol float8) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT array_dims(a) = array_dims(b)
     AND (SELECT max(abs(x - y)) <= tol * max(abs(y)) FROM unnest(a, b) u(x, y)) $$;

-- ===========================================================================
-- kmeans_assign
-- ===========================================================================
SELECT pmkt.kmeans_assign(ARRAY[1, 1]::float8[], ARRAY[[0, 0], [10, 10]]::float8[]) AS near_first,
       pmkt.kmeans_assign(ARRAY[9, 9]::float8[], ARRAY[[0, 0], [10, 10]]::float8[]) AS near_second,
       pmkt.kmeans_assign(ARRAY[5, 5]::float8[], ARRAY[[0, 0], [10, 10]]::float8[]) AS tie_lowest;
-- different centroids on every row (the cache is rebuilt when the bytes change)
SELECT x, c, pmkt.kmeans_assign(x, c)
FROM (VALUES (ARRAY[1, 1]::float8[], ARRAY[[0, 0], [10, 10]]::float8[]),
             (ARRAY[1, 1], ARRAY[[10, 10], [0, 0]]),
             (ARRAY[1, 1], ARRAY[[10, 10], [0, 0]]),
             (ARRAY[1, 1, 1], ARRAY[[0, 0, 0], [2, 2, 2], [1, 1, 1.5]]),
             (ARRAY[1, 1], ARRAY[[0, 0], [10, 10]])) v(x, c);
-- sklearn's converged centroids (tol 1e-4 run below) give sklearn's sizes 1332/1319/1349
SELECT pmkt.kmeans_assign(x, '{{4.7975433718616678e-03,-2.6688363075660915e-02,-5.7455733991795821e-03},
  {3.0275813136318583e+00,3.0087655927488113e+00,-2.4294612216373856e-02},
  {-2.1599525692047594e-03,3.0059047065685012e+00,3.0018039735754538e+00}}') AS cluster, count(*)
FROM km GROUP BY 1 ORDER BY 1;
SELECT pmkt.kmeans_assign(NULL, ARRAY[[0, 0]]::float8[]) IS NULL AS strict_null;
-- errors
SELECT pmkt.kmeans_assign(ARRAY[1, 2, 3]::float8[], ARRAY[[0, 0], [1, 1]]::float8[]);
SELECT pmkt.kmeans_assign(ARRAY[1, NULL]::float8[], ARRAY[[0, 0], [1, 1]]::float8[]);
SELECT pmkt.kmeans_assign(ARRAY[1, 'NaN']::float8[], ARRAY[[0, 0], [1, 1]]::float8[]);
SELECT pmkt.kmeans_assign(ARRAY[1, 2]::float8[], ARRAY[0, 0]::float8[]);
SELECT pmkt.kmeans_assign(ARRAY[1, 2]::float8[], ARRAY[[0, NULL], [1, 1]]::float8[]);
SELECT pmkt.kmeans_assign(ARRAY[1, 2]::float8[], ARRAY[[0, 'Infinity'], [1, 1]]::float8[]);
SELECT pmkt.kmeans_assign(ARRAY[1, 2]::float8[], '{}'::float8[]);
\set VERBOSITY sqlstate
SELECT pmkt.kmeans_assign(ARRAY[1, 2, 3]::float8[], ARRAY[[0, 0], [1, 1]]::float8[]);
SELECT pmkt.kmeans_assign(ARRAY[1, 'NaN']::float8[], ARRAY[[0, 0], [1, 1]]::float8[]);
\set VERBOSITY default

-- ===========================================================================
-- kmeans_train against scikit-learn, in memory and one pass per iteration
-- ===========================================================================
CREATE TABLE ref (name text, k int, init float8[], tol float8, max_iter int, standardize boolean,
                  iterations int, inertia float8, sizes bigint[], centroids float8[]);
INSERT INTO ref VALUES
 ('tol 1e-4', 3, '{{0,0,0},{1,1,1},{2,2,2}}', 1e-4, 300, false, 9, 15559.802748331855, '{1332,1319,1349}',
  '{{4.7975433718616678e-03,-2.6688363075660915e-02,-5.7455733991795821e-03},{3.0275813136318583e+00,3.0087655927488113e+00,-2.4294612216373856e-02},{-2.1599525692047594e-03,3.0059047065685012e+00,3.0018039735754538e+00}}'),
 ('tol 0', 3, '{{0,0,0},{1,1,1},{2,2,2}}', 0, 300, false, 13, 15559.725003650154, '{1335,1316,1349}',
  '{{9.7348581864341588e-03,-2.2551770799829063e-02,-6.7088377016459866e-03},{3.0317605080114829e+00,3.0137955814532660e+00,-2.3373820659744693e-02},{-2.1599525692047594e-03,3.0059047065685012e+00,3.0018039735754538e+00}}'),
 ('max_iter 2', 3, '{{0,0,0},{1,1,1},{2,2,2}}', 1e-4, 2, false, 2, 24677.41529466919, '{965,1291,1744}',
  '{{-0.215735529085194,-0.4613845997835304,-0.20276867196227677},{0.9824288860440445,1.7300086304694462,0.5506123996127228},{1.637157648085739,3.4361977508791575,1.9138035803277922}}'),
 ('empty cluster', 4, '{{0,0,0},{100,100,100},{3,3,0},{0,3,3}}', 1e-4, 300, false, 29, 14011.279024648742, '{1311,777,1161,751}',
  '{{0.02114304592005256,-0.04598872175072866,-0.03844066848864691},{1.2230858173871058,3.0965841496443662,2.528367697088649},{3.182525375072622,2.992251591381012,-0.2097508375351087},{-0.8993001570643909,2.8904640211298513,3.1125463260795225}}'),
 ('standardized', 3, '{{0,0,0},{1,1,1},{2,2,2}}', 1e-4, 300, true, 9, 4671.260472070616, '{1332,1319,1349}',
  '{{4.7975433718623339e-03,-2.6688363075659138e-02,-5.7455733991784719e-03},{3.0275813136318592e+00,3.0087655927488113e+00,-2.4294612216372746e-02},{-2.1599525692047594e-03,3.0059047065685012e+00,3.0018039735754538e+00}}');
CREATE TABLE runs AS
SELECT r.name, m.*
FROM ref r, pmkt.kmeans_train('SELECT x FROM km ORDER BY id', r.k, tol => r.tol, max_iter => r.max_iter,
                              standardize => r.standardize, initial_centroids => r.init) m;
-- the same runs beyond the memory budget: one kmeans_step pass per iteration
SET pmkt.max_train_memory = 64;   -- kB; the 4000 x 3 rows need 94 kB
INSERT INTO runs
SELECT r.name, m.*
FROM ref r, pmkt.kmeans_train('SELECT x FROM km ORDER BY id', r.k, tol => r.tol, max_iter => r.max_iter,
                              standardize => r.standardize, initial_centroids => r.init) m;
RESET pmkt.max_train_memory;
SELECT r.name, u.in_memory, u.init, u.iterations, u.converged, u.sizes, round(u.inertia::numeric, 6) AS inertia,
       u.iterations = r.iterations AS iter_ok, u.sizes = r.sizes AS sizes_ok,
       rel_ok(u.inertia, r.inertia, 1e-9) AS inertia_1e9, close_to(u.centroids, r.centroids, 1e-9) AS centroids_1e9
FROM runs u JOIN ref r USING (name) ORDER BY r.name, u.in_memory DESC;
-- the two paths agree far below 1e-9
SELECT a.name, rel_ok(a.inertia, b.inertia, 1e-13) AS inertia_same, close_to(a.centroids, b.centroids, 1e-13) AS centroids_same
FROM runs a JOIN runs b ON a.name = b.name AND a.in_memory AND NOT b.in_memory ORDER BY 1;
-- standardized: the z-score means and population standard deviations
SELECT name, in_memory, standardized,
       close_to(means, '{0.9999697720515363,1.997753455083909,1.0024293285083419}', 1e-12) AS means_ok,
       close_to(scales, '{1.8225839805553308,1.826674023812327,1.8260309990373946}', 1e-12) AS scales_ok
FROM runs WHERE name = 'standardized' ORDER BY in_memory DESC;

-- density seeding (subtractive clustering, ra 0.5, rb 0.75 on [0,1]-scaled rows):
-- the reference picks rows 250, 723, 3869 as heads; Lloyd from them: 7 iterations
SELECT init, iterations, converged, sizes, rel_ok(inertia, 15559.949529414305, 1e-9) AS inertia_1e9,
       close_to(centroids, '{{3.0231800587168305,3.012390620052525,-0.01721844353509749},{0.00479754337186167,-0.02668836307566091,-0.00574557339917958},{-0.00909227665298029,3.002320282752785,3.0060856472557127}}', 1e-9) AS centroids_1e9
FROM pmkt.kmeans_train('SELECT x FROM km ORDER BY id', 3, init => 'density');

-- k-means++ and random seeding: deterministic for a seed; n_init keeps the best
SELECT a.init, a.inertia = b.inertia AND a.centroids = b.centroids AS same_seed_same_model,
       a.n_init, c.n_init, c.inertia <= a.inertia AS restarts_no_worse
FROM (VALUES ('kmeans++'), ('random')) i(init),
     pmkt.kmeans_train('SELECT x FROM km ORDER BY id', 3, init => i.init) a,
     pmkt.kmeans_train('SELECT x FROM km ORDER BY id', 3, init => i.init) b,
     pmkt.kmeans_train('SELECT x FROM km ORDER BY id', 3, init => i.init, n_init => 5) c;
-- k-means++ (seed 42) converges; the reference recomputes its inertia from its centroids
SELECT iterations, converged, sizes, rel_ok(inertia, 15559.976370484772, 1e-9) AS inertia_1e9
FROM pmkt.kmeans_train('SELECT x FROM km ORDER BY id', 3);
-- beyond the budget k-means++ seeds from a seeded reservoir sample (deterministic too)
SET pmkt.max_train_memory = 64;
SELECT a.in_memory, a.converged, a.inertia = b.inertia AS deterministic, a.inertia < 15560.5 AS good_optimum
FROM pmkt.kmeans_train('SELECT x FROM km', 3) a, pmkt.kmeans_train('SELECT x FROM km', 3) b;
RESET pmkt.max_train_memory;

-- a stored model assigns new rows, applying its scaling
CREATE TABLE models AS
SELECT 'raw' AS name, pmkt.kmeans_train('SELECT x FROM km', 3, initial_centroids => '{{0,0,0},{1,1,1},{2,2,2}}') AS m
UNION ALL
SELECT 'standardized', pmkt.kmeans_train('SELECT x FROM km', 3, standardize => true,
                                         initial_centroids => '{{0,0,0},{1,1,1},{2,2,2}}');
SELECT name, (m).sizes AS trained_sizes,
       (SELECT array_agg(n ORDER BY c) FROM (SELECT pmkt.kmeans_assign(x, m) c, count(*) n FROM km GROUP BY 1) s) AS assigned_sizes
FROM models ORDER BY name;

-- NULL rows and rows with a NULL element are skipped and counted
CREATE TABLE km_nulls AS SELECT x FROM km UNION ALL VALUES (NULL::float8[]), ('{1,NULL,3}');
SELECT n_rows, skipped_null, sizes, rel_ok(inertia, 15559.802748331855, 1e-9) AS same_as_without_nulls
FROM pmkt.kmeans_train('SELECT x FROM km_nulls', 3, initial_centroids => '{{0,0,0},{1,1,1},{2,2,2}}');
SET pmkt.max_train_memory = 64;
SELECT n_rows, skipped_null, in_memory
FROM pmkt.kmeans_train('SELECT x FROM km_nulls', 3, initial_centroids => '{{0,0,0},{1,1,1},{2,2,2}}');
RESET pmkt.max_train_memory;

-- bad input
SELECT k FROM pmkt.kmeans_train('SELECT x FROM km', 0);
SELECT k FROM pmkt.kmeans_train('SELECT x FROM km WHERE id <= 2', 3);
SELECT k FROM pmkt.kmeans_train('SELECT x FROM km WHERE false', 3);
SELECT k FROM pmkt.kmeans_train('SELECT NULL::float8[] FROM km', 3);
SELECT k FROM pmkt.kmeans_train('SELECT x FROM km', 3, init => 'kmeans');
SELECT k FROM pmkt.kmeans_train('SELECT x FROM km', 3, max_iter => 0);
SELECT k FROM pmkt.kmeans_train('SELECT x FROM km', 3, tol => -1);
SELECT k FROM pmkt.kmeans_train('SELECT x FROM km', 3, n_init => 0);
SELECT k FROM pmkt.kmeans_train('SELECT x FROM km', 3, initial_centroids => '{{0,0},{1,1},{2,2}}');
SELECT k FROM pmkt.kmeans_train('SELECT x FROM km', 3, initial_centroids => '{{0,0,0},{1,1,1},{2,2,NaN}}');
SELECT k FROM pmkt.kmeans_train('SELECT x FROM km UNION ALL SELECT ARRAY[1,2]::float8[]', 3);
SELECT k FROM pmkt.kmeans_train('SELECT x FROM km UNION ALL SELECT ARRAY[1,2,''NaN'']::float8[]', 3);
SELECT k FROM pmkt.kmeans_train('SELECT id FROM km', 3);
SELECT k FROM pmkt.kmeans_train(NULL, 3);
SET pmkt.max_train_memory = 64;
SELECT k FROM pmkt.kmeans_train('SELECT x FROM km UNION ALL SELECT ARRAY[1,2]::float8[]', 3);
SELECT k FROM pmkt.kmeans_train('SELECT x FROM km UNION ALL SELECT ARRAY[1,2,''NaN'']::float8[]', 3);
SELECT k FROM pmkt.kmeans_train('SELECT x FROM km', 5000);
RESET pmkt.max_train_memory;
\set VERBOSITY sqlstate
SELECT k FROM pmkt.kmeans_train('SELECT x FROM km', 0);
SELECT k FROM pmkt.kmeans_train('SELECT x FROM km WHERE false', 3);
SELECT k FROM pmkt.kmeans_train('SELECT x FROM km', 3, init => 'kmeans');
SELECT k FROM pmkt.kmeans_train('SELECT x FROM km', 3, initial_centroids => '{{0,0},{1,1},{2,2}}');
SELECT k FROM pmkt.kmeans_train('SELECT x FROM km UNION ALL SELECT ARRAY[1,2,''NaN'']::float8[]', 3);
\set VERBOSITY default

-- ===========================================================================
-- kmeans_step: one Lloyd iteration as a combinable aggregate
-- ===========================================================================
-- from C0: sizes and inertia at C0, centroids after one update = sklearn max_iter=1
SELECT (r).sizes, round((r).inertia::numeric, 6) AS inertia, (r).changed, (r).n_rows, (r).skipped_null,
       rel_ok((r).inertia, 29852.59225247718, 1e-12) AS inertia_ok,
       close_to((r).centroids, '{{-0.29104455016864506,-0.2716528309170221,-0.31763790625768196},{0.7667801965055616,1.6508766743000889,0.6315512550873503},{1.7365500948911834,3.2620085470293003,1.81975393591607}}', 1e-12) AS centroids_ok,
       close_to((r).feature_means, '{0.9999697720515363,1.997753455083909,1.0024293285083419}', 1e-12) AS means_ok,
       close_to((r).feature_variances, '{3.3218123661769146,3.3367379892707176,3.3343892094455057}', 1e-12) AS variances_ok
FROM (SELECT pmkt.kmeans_step(x, '{{0,0,0},{1,1,1},{2,2,2}}') r FROM km) s;
-- previous_centroids: rows whose nearest centroid changed, checked with kmeans_assign
SELECT (pmkt.kmeans_step(x, '{{0,0,0},{1,1,1},{3,3,3}}', '{{0,0,0},{1,1,1},{2,2,2}}', NULL, NULL)).changed,
       count(*) FILTER (WHERE pmkt.kmeans_assign(x, '{{0,0,0},{1,1,1},{3,3,3}}'::float8[])
                           <> pmkt.kmeans_assign(x, '{{0,0,0},{1,1,1},{2,2,2}}'::float8[])) AS by_assign
FROM km;
-- NULLs skipped and counted; no rows at all gives NULL
SELECT (pmkt.kmeans_step(x, '{{0,0,0},{1,1,1},{2,2,2}}')).skipped_null FROM km_nulls;
SELECT pmkt.kmeans_step(x, '{{0,0,0}}') IS NULL AS no_rows FROM km WHERE false;
-- errors
SELECT pmkt.kmeans_step(x, '{{0,0},{1,1}}') FROM km;
SELECT pmkt.kmeans_step(x, NULL) FROM km;
SELECT pmkt.kmeans_step(x, '{{0,0,0}}', NULL, '{0,0,0}', '{1,0,1}') FROM km;
SELECT pmkt.kmeans_step(x, '{{0,0,0}}', '{{0,0,0},{1,1,1}}', NULL, NULL) FROM km;

-- serial plan
CREATE TABLE step_serial AS SELECT pmkt.kmeans_step(x, '{{0,0,0},{1,1,1},{2,2,2}}') r FROM km;
-- forced parallel plan: Partial Aggregate in the workers, same result
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT pmkt.kmeans_step(x, '{{0,0,0},{1,1,1},{2,2,2}}') FROM km;
SELECT (p.r).sizes = (s.r).sizes AS sizes_equal,
       rel_ok((p.r).inertia, (s.r).inertia, 1e-12) AS inertia_equal,
       close_to((p.r).centroids, (s.r).centroids, 1e-12) AS centroids_equal,
       close_to((p.r).feature_variances, (s.r).feature_variances, 1e-12) AS variances_equal
FROM (SELECT pmkt.kmeans_step(x, '{{0,0,0},{1,1,1},{2,2,2}}') r FROM km) p, step_serial s;
-- the trainer's passes also run in parallel (same model as in memory)
SET pmkt.max_train_memory = 64;
SELECT in_memory, iterations, sizes, rel_ok(inertia, 15559.802748331855, 1e-9) AS inertia_1e9
FROM pmkt.kmeans_train('SELECT x FROM km', 3, initial_centroids => '{{0,0,0},{1,1,1},{2,2,2}}');
RESET pmkt.max_train_memory;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather; RESET parallel_leader_participation;

-- the state survives a text round trip exactly (as Citus ships partial states)
CREATE AGGREGATE kmeans_step_state(float8[], float8[]) (
    SFUNC = pmkt.kmeans_step_sfunc, STYPE = float8[], COMBINEFUNC = pmkt.kmeans_step_combine);
CREATE TABLE states AS
SELECT id % 2 AS part, kmeans_step_state(x, '{{0,0,0},{1,1,1},{2,2,2}}') st FROM km GROUP BY 1;
SELECT array_length(st, 1) AS slots, st::text::float8[] = st AS text_round_trip FROM states ORDER BY part;
SELECT (pmkt.kmeans_step_final(pmkt.kmeans_step_combine(a.st::text::float8[], b.st::text::float8[]))).sizes,
       rel_ok((pmkt.kmeans_step_final(pmkt.kmeans_step_combine(a.st::text::float8[], b.st::text::float8[]))).inertia,
              (s.r).inertia, 1e-12) AS inertia_equal,
       close_to((pmkt.kmeans_step_final(pmkt.kmeans_step_combine(a.st::text::float8[], b.st::text::float8[]))).centroids,
                (s.r).centroids, 1e-12) AS centroids_equal
FROM states a, states b, step_serial s WHERE a.part = 0 AND b.part = 1;
-- states from different centroids, or not ours, are rejected
SELECT pmkt.kmeans_step_combine(a.st, (SELECT kmeans_step_state(x, '{{0,0,0},{1,1,1},{2,2,5}}') FROM km))
FROM states a WHERE part = 0;
SELECT pmkt.kmeans_step_final('{1,2,3}');
\set VERBOSITY sqlstate
SELECT pmkt.kmeans_step_final('{1,2,3}');
\set VERBOSITY default

-- ===========================================================================
-- kmeans_choose_k
-- ===========================================================================
-- sample_size >= rows: the silhouette is over every row, as sklearn's
-- silhouette_score(X, labels) with the labels of each k-means++ model
SELECT c.k, c.iterations, c.converged, round(c.inertia::numeric, 6) AS inertia, round(c.silhouette::numeric, 9) AS silhouette,
       rel_ok(c.inertia, r.inertia, 1e-9) AS inertia_1e9, rel_ok(c.silhouette, r.silhouette, 1e-9) AS silhouette_1e9
FROM pmkt.kmeans_choose_k('SELECT x FROM km ORDER BY id', 1, 4, sample_size => 4000, digits => NULL) c
JOIN (VALUES (1, 39971.758259572496, NULL),
             (2, 27365.77574951903, 0.2982850837135401),
             (3, 15559.976370484772, 0.38887988424596054),
             (4, 13909.870722760685, 0.2891930174464594)) r(k, inertia, silhouette) ON r.k = c.k
ORDER BY c.k;
-- a seeded sample: the same rows for every k and every call
SELECT a.k, a.silhouette = b.silhouette AS deterministic, a.silhouette BETWEEN 0.25 AND 0.45 AS plausible
FROM pmkt.kmeans_choose_k('SELECT x FROM km ORDER BY id', 2, 4, sample_size => 500, digits => NULL) a
JOIN pmkt.kmeans_choose_k('SELECT x FROM km ORDER BY id', 2, 4, sample_size => 500, digits => NULL) b USING (k)
ORDER BY k;
-- a report for reading (issue 16): inertia and silhouette to digits decimals
-- (default 4); sklearn's values above (pmkt within 1e-9) rounded by hand:
--   k 1: 39971.758259572496 -> 39971.7583 / 39971.8, silhouette NULL
--   k 2: 27365.77574951903 -> 27365.7757 / 27365.8, 0.2982850837135401 -> 0.2983 / 0.3
--   k 3: 15559.976370484772 -> 15559.9764 / 15560.0, 0.38887988424596054 -> 0.3889 / 0.4
--   k 4: 13909.870722760685 -> 13909.8707 / 13909.9, 0.2891930174464594 -> 0.2892 / 0.3
SELECT k, inertia, silhouette FROM pmkt.kmeans_choose_k('SELECT x FROM km ORDER BY id', 1, 4, sample_size => 4000) ORDER BY k;
SELECT k, inertia, silhouette FROM pmkt.kmeans_choose_k('SELECT x FROM km ORDER BY id', 1, 4, sample_size => 4000, digits => 1) ORDER BY k;
-- digits outside 0..15: 22023
SELECT * FROM pmkt.kmeans_choose_k('SELECT x FROM km', 2, 3, digits => 16);
-- k beyond the rows stops at the row count, with a NOTICE (issue 16):
-- 3 rows, so 2..6 becomes 2..3
SELECT k FROM pmkt.kmeans_choose_k('SELECT x FROM km WHERE id <= 3', 2, 6);
-- rows dropped for a NULL are counted in a NOTICE (issue 16), said once by
-- the shared loader for every trainer: of these 5 rows, 2 have a NULL (a
-- NULL array and a NULL element) -> "skipped 2 of 5 rows"; the centroid of
-- the 3 others (1,1), (2,2), (3,3) is (2,2)
SELECT centroids FROM pmkt.kmeans_train($$SELECT x FROM (VALUES (ARRAY[1,1]::float8[]), (ARRAY[2,2]), (NULL), (ARRAY[3,3]), (ARRAY[4,NULL])) v(x)$$, 1);
-- no NOTICE without NULLs
SELECT centroids FROM pmkt.kmeans_train($$SELECT x FROM (VALUES (ARRAY[1,1]::float8[]), (ARRAY[3,3])) v(x)$$, 1);
SELECT * FROM pmkt.kmeans_choose_k('SELECT x FROM km', 4, 3);
SELECT * FROM pmkt.kmeans_choose_k('SELECT x FROM km', 0, 3);
SELECT * FROM pmkt.kmeans_choose_k('SELECT x FROM km', 2, 3, sample_size => 0);
SET pmkt.max_train_memory = 64;
SELECT * FROM pmkt.kmeans_choose_k('SELECT x FROM km', 2, 3);
RESET pmkt.max_train_memory;

-- ===========================================================================
-- large input: the in-memory assignment pass runs in threads (one per
-- max_parallel_workers_per_gather + 1, over fixed blocks of 50 000 rows); it
-- gives the same doubles with one thread, and the model of the aggregate
-- passes from the same start
-- ===========================================================================
CREATE TABLE km_big AS
SELECT ARRAY[(i % 4)::float8 * 2 + ((i * 7919) % 1009)::float8 / 1009,
             (i % 3)::float8 + ((i * 104729) % 1013)::float8 / 1013] AS x
FROM generate_series(1::bigint, 150000) i;
SET max_parallel_workers_per_gather = 2;
CREATE TABLE big_runs AS
SELECT m.* FROM pmkt.kmeans_train('SELECT x FROM km_big', 4, tol => 0,
                                  initial_centroids => '{{0,0},{1,1},{2,2},{3,3}}') m;
SET max_parallel_workers_per_gather = 0;
-- one thread gives bit-identical doubles: blocks are fixed, merged in order
SELECT (m).centroids = b.centroids AS same_centroids_bitwise, (m).inertia = b.inertia AS same_inertia_bitwise,
       (m).iterations = b.iterations AS same_iterations
FROM (SELECT pmkt.kmeans_train('SELECT x FROM km_big', 4, tol => 0,
                               initial_centroids => '{{0,0},{1,1},{2,2},{3,3}}') m) s, big_runs b;
SET pmkt.max_train_memory = 64;
INSERT INTO big_runs
SELECT m.* FROM pmkt.kmeans_train('SELECT x FROM km_big', 4, tol => 0,
                                  initial_centroids => '{{0,0},{1,1},{2,2},{3,3}}') m;
RESET pmkt.max_train_memory;
RESET max_parallel_workers_per_gather;
-- sklearn (reference script): 123 iterations, inertia 157705.09310849884, sizes 37179/37170/38151/37500
SELECT in_memory, iterations, converged, sizes, n_rows, rel_ok(inertia, 157705.09310849884, 1e-9) AS inertia_1e9,
       close_to(centroids, '{{1.4942601233456303,0.7442017589619457},{1.4791769154286158,2.254652790558893},{4.473246716486434,1.4998058450284955},{6.499513709943839,1.4995008358012505}}', 1e-9) AS centroids_1e9
FROM big_runs ORDER BY in_memory DESC;
SELECT a.iterations = b.iterations AS same_iterations, a.sizes = b.sizes AS same_sizes,
       rel_ok(a.inertia, b.inertia, 1e-12) AS inertia_same, close_to(a.centroids, b.centroids, 1e-12) AS centroids_same
FROM big_runs a, big_runs b WHERE a.in_memory AND NOT b.in_memory;

-- ===========================================================================
-- the direct loader: a query whose first column is ARRAY[float8 expressions]
-- is planned with that column split into its elements (no array per row);
-- it reads the same rows as the SPI path (a float8[] column), so it gives
-- the same model, with the same NULL and NaN rules
-- ===========================================================================
SELECT a::text = b::text AS same_model, a::text = c::text AS same_model_extra_column
FROM pmkt.kmeans_train('SELECT x FROM km ORDER BY id', 3) a,
     pmkt.kmeans_train('SELECT ARRAY[x[1], x[2], x[3]] FROM km ORDER BY id', 3) b,
     pmkt.kmeans_train('SELECT ARRAY[x[1], x[2], x[3]], id FROM km ORDER BY id', 3) c;
-- 150 000 rows: k-means++, Lloyd and the final assignment in threads
SET max_parallel_workers_per_gather = 2;
SELECT a::text = b::text AS same_model_big, a.n_rows, a.iterations
FROM pmkt.kmeans_train('SELECT x FROM km_big', 4, tol => 0) a,
     pmkt.kmeans_train('SELECT ARRAY[x[1], x[2]] FROM km_big', 4, tol => 0) b;
RESET max_parallel_workers_per_gather;
SELECT n_rows, skipped_null, sizes, rel_ok(inertia, 15559.802748331855, 1e-9) AS same_as_without_nulls
FROM pmkt.kmeans_train('SELECT ARRAY[x[1], x[2], x[3]] FROM km_nulls', 3, initial_centroids => '{{0,0,0},{1,1,1},{2,2,2}}');
SELECT k FROM pmkt.kmeans_train('SELECT ARRAY[x[1], x[2], CASE WHEN id = 5 THEN ''NaN'' ELSE x[3] END] FROM km', 3);
\set VERBOSITY sqlstate
SELECT k FROM pmkt.kmeans_train('SELECT ARRAY[x[1], x[2], CASE WHEN id = 5 THEN ''NaN'' ELSE x[3] END] FROM km', 3);
\set VERBOSITY default
