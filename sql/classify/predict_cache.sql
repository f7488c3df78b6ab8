-- classify/predict_cache: pmkt.predict / predict_proba keep up to 4 decoded
-- models per call site (keyed by the TOAST pointer, or the raw bytes of an
-- inline value) with their walk arrays; a model not kept (an inline value
-- over 1 MB) is read, validated and walked with checked indices on every
-- call.  A stale cache would give one model's answer for another's: here
-- one call site sees 6 different models alternating on every row (more
-- than the 4 slots, inline and TOASTed values), and must agree exactly
-- with call sites that each see one model; then the cached fast walk must
-- agree exactly with the uncached checked walk on rows with NULL numbers,
-- NULL and unseen categories.
CREATE TABLE pc_train AS
SELECT id, ((id * 7919) % 1000) / 10.0::float8 AS x1,
       ((id * 104729) % 997) / 997.0::float8 AS x2,
       ((id * 31337) % 211)::int AS x3,
       (ARRAY['north', 'south', 'east', 'west', 'centre'])[(id * 13) % 5 + 1] AS region,
       (id * 17) % 3 = 0 AS member
FROM generate_series(1, 600) id;
ALTER TABLE pc_train ADD COLUMN y boolean;
UPDATE pc_train SET y = ((x1 > 50)::int + (x2 > 0.6)::int + (region IN ('south', 'east'))::int
                         + ((id * 7) % 5 = 0)::int) >= 2;
-- rows to score: every 7th x1 NULL, every 11th region NULL, every 13th an
-- unseen region, every 17th member NULL; columns in another order
CREATE TABLE pc AS
SELECT id, CASE WHEN id % 17 = 0 THEN NULL ELSE member END AS member,
       CASE WHEN id % 11 = 0 THEN NULL WHEN id % 13 = 0 THEN 'atlantis' ELSE region END AS region,
       x3, x2, CASE WHEN id % 7 = 0 THEN NULL ELSE x1 END AS x1
FROM pc_train;
CREATE TABLE pcm (name text, m pmkt.treemodel);
INSERT INTO pcm
SELECT 'depth' || d, pmkt.tree_train('SELECT x1, x2, x3, region, member, y FROM pc_train', 'y', max_depth => d)
FROM generate_series(1, 4) d;
INSERT INTO pcm SELECT 'region1', pmkt.tree_train('SELECT region, y FROM pc_train', 'y', max_depth => 1);
INSERT INTO pcm SELECT 'forest', pmkt.forest_train('SELECT x1, x2, x3, region, member, y FROM pc_train', 'y',
  n_trees => 30, max_depth => 6, seed => 5, permutation_importance => false);
-- six different models, small ones stored inline, larger ones TOASTed
SELECT count(DISTINCT m::text) AS distinct_models, count(*) FILTER (WHERE pg_column_size(m) < 2000) AS small,
       count(*) FILTER (WHERE pg_column_size(m) > 2000) AS large
FROM pcm;

-- one call site, the models alternating on every row (the plan shows the
-- models as the inner side of the join)
SET enable_hashjoin = off;
SET enable_mergejoin = off;
SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF) SELECT m.name, t.id, pmkt.predict_proba(m.m, t) FROM pc t CROSS JOIN pcm m;
CREATE TEMP TABLE pc_alt AS
SELECT m.name, t.id, pmkt.predict_proba(m.m, t) AS p, pmkt.predict(m.m, t) AS cls,
       pmkt.predict_proba(m.m, t, 'f') AS p_false
FROM pc t CROSS JOIN pcm m;
-- one model per call site
CREATE TEMP TABLE pc_one AS
SELECT 'depth1' AS name, id, pmkt.predict_proba((SELECT m FROM pcm WHERE name = 'depth1'), t) AS p,
       pmkt.predict((SELECT m FROM pcm WHERE name = 'depth1'), t) AS cls FROM pc t
UNION ALL SELECT 'depth2', id, pmkt.predict_proba((SELECT m FROM pcm WHERE name = 'depth2'), t),
       pmkt.predict((SELECT m FROM pcm WHERE name = 'depth2'), t) FROM pc t
UNION ALL SELECT 'depth3', id, pmkt.predict_proba((SELECT m FROM pcm WHERE name = 'depth3'), t),
       pmkt.predict((SELECT m FROM pcm WHERE name = 'depth3'), t) FROM pc t
UNION ALL SELECT 'depth4', id, pmkt.predict_proba((SELECT m FROM pcm WHERE name = 'depth4'), t),
       pmkt.predict((SELECT m FROM pcm WHERE name = 'depth4'), t) FROM pc t
UNION ALL SELECT 'region1', id, pmkt.predict_proba((SELECT m FROM pcm WHERE name = 'region1'), t),
       pmkt.predict((SELECT m FROM pcm WHERE name = 'region1'), t) FROM pc t
UNION ALL SELECT 'forest', id, pmkt.predict_proba((SELECT m FROM pcm WHERE name = 'forest'), t),
       pmkt.predict((SELECT m FROM pcm WHERE name = 'forest'), t) FROM pc t;
-- the models really answer differently (else the comparison below could not fail)
SELECT count(DISTINCT name) AS models, count(*) AS rows_per_model_x_models,
       (SELECT count(*) FROM (SELECT id FROM pc_one GROUP BY id HAVING count(DISTINCT p) >= 4) q) AS rows_with_4_different_answers
FROM pc_one;
SELECT count(*) AS pairs,
       count(*) FILTER (WHERE a.p IS DISTINCT FROM o.p) AS proba_differs,
       count(*) FILTER (WHERE a.cls IS DISTINCT FROM o.cls) AS class_differs,
       count(*) FILTER (WHERE abs(a.p + a.p_false - 1) > 1e-12) AS not_summing_to_1
FROM pc_alt a JOIN pc_one o USING (name, id);
RESET enable_hashjoin;
RESET enable_mergejoin;
RESET max_parallel_workers_per_gather;

-- NULL / unseen categories go to the larger child (documented): the region
-- split sends {centre, west} (240 rows) left and {east, north, south}
-- (360 rows) right (see classify/tree); a NULL or unseen region gets the
-- share of positives among those 360 rows, computed here in plain SQL
SELECT pmkt.tree_rules(m) FROM pcm WHERE name = 'region1';
SELECT t.region, count(*) AS n,
       bool_and(abs(pmkt.predict_proba(m, t)
                    - (SELECT avg(y::int) FROM pc_train WHERE region IN ('east', 'north', 'south'))::float8) < 1e-15) AS larger_side_share
FROM pcm, pc t WHERE name = 'region1' AND (t.region IS NULL OR t.region = 'atlantis')
GROUP BY t.region ORDER BY t.region;

-- the cached fast walk against the uncached checked walk: the same forest
-- stored in a table (TOASTed: kept) and made inline over 1 MB by a text
-- round trip in a materialized CTE (not kept: read and walked with checks
-- on every call)
CREATE TABLE pc_big AS SELECT pmkt.forest_train('SELECT x1, x2, x3, region, member, y FROM pc_train', 'y',
  n_trees => 500, seed => 11, permutation_importance => false) AS m;
WITH inl AS MATERIALIZED (SELECT m::text::pmkt.treemodel AS m FROM pc_big)
SELECT count(*) AS rows_scored,
       min(pg_column_size(inl.m)) > 1048576 AS inline_over_1mb,
       count(*) FILTER (WHERE pmkt.predict_proba(inl.m, t) IS DISTINCT FROM pmkt.predict_proba(b.m, t)) AS proba_differs,
       count(*) FILTER (WHERE pmkt.predict(inl.m, t) IS DISTINCT FROM pmkt.predict(b.m, t)) AS class_differs,
       count(DISTINCT pmkt.predict_proba(b.m, t)) > 30 AS varied
FROM inl, pc_big b, pc t WHERE t.id <= 200;
DROP TABLE pc_train, pc, pcm, pc_big;

-- the fast walk compares integer keys of the numbers (x > threshold as
-- unsigned keys) and bit masks of the categories: against the checked walk
-- (doubles compared as doubles), on every value at and between the
-- thresholds.  Training x1 holds the odd multiples of 1/4 from -4.75 to
-- 4.75, so the exact splitter's thresholds are the even ones (midpoints,
-- 0 among them); the scored x1 run from -5.5 to 5.5 by 1/8 (each threshold,
-- each training value and the values between), plus -0 and NULL; x2
-- integers -5 .. 5 and NULL; cat a .. d, an unseen one and NULL; three
-- classes, so predict (all classes) and predict_proba with the class
-- changing on every row (the leaves' values rewritten) at one call site.
CREATE TABLE pw_train AS
SELECT id, (2 * ((id * 37) % 20) - 19) / 4.0::float8 AS x1, ((id * 11) % 9 - 4)::int AS x2,
       (ARRAY['a', 'b', 'c', 'd'])[(id * 7) % 4 + 1] AS cat
FROM generate_series(1, 800) id;
ALTER TABLE pw_train ADD COLUMN y text;
UPDATE pw_train SET y = CASE WHEN x1 + x2 / 2.0 + CASE cat WHEN 'a' THEN 1 WHEN 'c' THEN -1 ELSE 0 END
                                  + ((id * 13) % 7 - 3) / 2.0 < -1 THEN 'lo'
                             WHEN x1 - x2 / 3.0 + ((id * 5) % 3) > 1.5 THEN 'hi' ELSE 'mid' END;
CREATE TABLE pw AS
SELECT row_number() OVER () AS id, x1, x2, cat
FROM (SELECT g / 8.0::float8 AS x1 FROM generate_series(-44, 44) g
      UNION ALL SELECT '-0'::float8 UNION ALL SELECT NULL) a,
     (SELECT g AS x2 FROM generate_series(-5, 5) g UNION ALL SELECT NULL) b,
     (SELECT unnest(ARRAY['a', 'b', 'c', 'd', 'zz', NULL]) AS cat) c;
CREATE TABLE pw_big AS SELECT pmkt.forest_train('SELECT x1, x2, cat, y FROM pw_train', 'y',
  n_trees => 300, seed => 3, splitter => 'exact', permutation_importance => false) AS m;
WITH inl AS MATERIALIZED (SELECT m::text::pmkt.treemodel AS m FROM pw_big)
SELECT count(*) AS rows_scored,
       min(pg_column_size(inl.m)) > 1048576 AS inline_over_1mb,
       count(*) FILTER (WHERE pmkt.predict_proba(inl.m, t, (ARRAY['lo', 'mid', 'hi'])[t.id % 3 + 1])
                        IS DISTINCT FROM pmkt.predict_proba(b.m, t, (ARRAY['lo', 'mid', 'hi'])[t.id % 3 + 1])) AS proba_differs,
       count(*) FILTER (WHERE pmkt.predict(inl.m, t) IS DISTINCT FROM pmkt.predict(b.m, t)) AS class_differs,
       count(DISTINCT pmkt.predict_proba(b.m, t, 'hi')) > 100 AS varied,
       count(DISTINCT pmkt.predict(b.m, t)) AS classes_predicted
FROM inl, pw_big b, pw t;
-- x1 = -0 scores as 0 (the same probabilities, every x2 and cat)
SELECT count(*) AS pairs,
       count(*) FILTER (WHERE pmkt.predict_proba(m, z, 'hi') IS DISTINCT FROM pmkt.predict_proba(m, p, 'hi')) AS differs
FROM pw_big, pw z JOIN pw p ON z.x2 IS NOT DISTINCT FROM p.x2 AND z.cat IS NOT DISTINCT FROM p.cat
WHERE z.x1 = 0 AND z.x1::text = '-0' AND p.x1::text = '0';
DROP TABLE pw_train, pw, pw_big;
