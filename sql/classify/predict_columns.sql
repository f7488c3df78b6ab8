-- classify/predict_columns: the planner rewrites pmkt.predict(model, t) and
-- pmkt.predict_proba(model, t[, class]) for the whole row t of a table into
-- pmkt.tree_predict_columns / tree_predict_proba_columns on t's columns
-- (no row value formed per row).  The two forms must give the same values
-- and the same errors: each check scores the same rows by both, the record
-- form forced by passing the row through a scalar subquery, (SELECT t),
-- which the rewrite leaves alone (it is not a Var of a table).
SET max_parallel_workers_per_gather = 0;
CREATE TABLE pk_train AS
SELECT id, ((id * 7919) % 1000) / 10.0::float8 AS x1,
       ((id * 104729) % 997) / 997.0::float8 AS x2,
       ((id * 31337) % 211)::int AS x3,
       (ARRAY['north', 'south', 'east', 'west', 'centre'])[(id * 13) % 5 + 1] AS region,
       (id * 17) % 3 = 0 AS member
FROM generate_series(1, 600) id;
ALTER TABLE pk_train ADD COLUMN y boolean;
UPDATE pk_train SET y = ((x1 > 50)::int + (x2 > 0.6)::int + (region IN ('south', 'east'))::int
                         + ((id * 7) % 5 = 0)::int) >= 2;
-- the rows to score: dropped columns among the live ones, the features in
-- another order, x3 as bigint; every 7th x1 NULL, every 11th region NULL,
-- every 13th an unseen region, every 17th member NULL
CREATE TABLE pk (gone1 int, id int, member boolean, gone2 text, region varchar(10), x3 bigint, note text, x2 float8, x1 float8);
INSERT INTO pk
SELECT 1, id, CASE WHEN id % 17 = 0 THEN NULL ELSE member END, 'x',
       CASE WHEN id % 11 = 0 THEN NULL WHEN id % 13 = 0 THEN 'atlantis' ELSE region END,
       x3, 'n' || id, x2, CASE WHEN id % 7 = 0 THEN NULL ELSE x1 END
FROM pk_train;
ALTER TABLE pk DROP COLUMN gone1, DROP COLUMN gone2;
CREATE TABLE pkm (name text, m pmkt.treemodel);
INSERT INTO pkm SELECT 'depth4', pmkt.tree_train('SELECT x1, x2, x3, region, member, y FROM pk_train', 'y', max_depth => 4);
INSERT INTO pkm SELECT 'region1', pmkt.tree_train('SELECT region, y FROM pk_train', 'y', max_depth => 1);
INSERT INTO pkm SELECT 'forest', pmkt.forest_train('SELECT x1, x2, x3, region, member, y FROM pk_train', 'y',
  n_trees => 30, max_depth => 6, seed => 5, permutation_importance => false);
INSERT INTO pkm SELECT 'three', pmkt.tree_train('SELECT x1, x2, region, CASE WHEN x3 < 70 THEN ''low'' WHEN x3 < 140 THEN ''mid'' ELSE ''high'' END AS band FROM pk_train', 'band', max_depth => 5);

-- the rewrite: the live columns by name (no dropped ones), t.ctid for NULL rows
EXPLAIN (VERBOSE, COSTS OFF)
SELECT pmkt.predict(m, t), pmkt.predict_proba(m, t), pmkt.predict_proba(m, t, 'f') FROM pkm, pk t;
-- left alone: a row passed through a subquery, a ROW(...), a row of a view
CREATE VIEW pkv AS SELECT * FROM pk;
EXPLAIN (VERBOSE, COSTS OFF)
SELECT pmkt.predict(m, (SELECT t)), pmkt.predict_proba(m, ROW(t.x1, t.x2)::record) FROM pkm, pk t;
EXPLAIN (VERBOSE, COSTS OFF) SELECT pmkt.predict_proba(m, v) FROM pkm, pkv v;

-- both forms on every model and row: the same values to the bit
SELECT m.name, count(*) AS rows_scored,
       count(*) FILTER (WHERE pmkt.predict(m.m, t) IS DISTINCT FROM pmkt.predict(m.m, (SELECT t))) AS class_differs,
       count(*) FILTER (WHERE m.name <> 'three' AND pmkt.predict_proba(m.m, t) IS DISTINCT FROM pmkt.predict_proba(m.m, (SELECT t))) AS proba_differs,
       count(*) FILTER (WHERE pmkt.predict_proba(m.m, t, CASE WHEN m.name = 'three' THEN 'mid' ELSE 'f' END)
                        IS DISTINCT FROM pmkt.predict_proba(m.m, (SELECT t), CASE WHEN m.name = 'three' THEN 'mid' ELSE 'f' END)) AS class_proba_differs,
       count(DISTINCT pmkt.predict_proba(m.m, t, CASE WHEN m.name = 'three' THEN 'mid' ELSE 't' END)) > 1 AS varied
FROM pkm m, pk t GROUP BY m.name ORDER BY m.name;
-- a view's row (not rewritten) agrees with the table's row (rewritten)
SELECT count(*) AS rows_scored,
       count(*) FILTER (WHERE pmkt.predict_proba(m, v) IS DISTINCT FROM pmkt.predict_proba(m, t)) AS differs
FROM pkm, pk t JOIN pkv v USING (id) WHERE name = 'forest';

-- an independent check in plain SQL: the region stump sends {centre, west}
-- left and {east, north, south} right (classify/predict_cache); a region
-- seen at training gets its side's share of positives, NULL and 'atlantis'
-- (unseen) the larger (right, 360 rows) side's
SELECT pmkt.tree_rules(m) FROM pkm WHERE name = 'region1';
SELECT CASE WHEN t.region IS NULL THEN 'NULL' WHEN t.region = 'atlantis' THEN 'unseen' ELSE 'seen' END AS kind,
       count(*) AS n,
       bool_and(abs(pmkt.predict_proba(m, t)
                    - (SELECT avg(y::int) FROM pk_train
                       WHERE (region IN ('centre', 'west')) = coalesce(t.region IN ('centre', 'west'), false))::float8) < 1e-15) AS side_share
FROM pkm, pk t WHERE name = 'region1' GROUP BY 1 ORDER BY 1;

-- an outer join's NULL row: NULL (the record form is STRICT)
SELECT g, pmkt.predict(m, t), pmkt.predict_proba(m, t), pmkt.predict_proba(m, t, 't'),
       pmkt.predict_proba(m, (SELECT t)) AS record_form
FROM pkm CROSS JOIN (VALUES (1), (599), (601)) g(g) LEFT JOIN pk t ON t.id = g.g
WHERE name = 'depth4' ORDER BY g;
-- a NULL class: NULL (STRICT)
SELECT pmkt.predict_proba(m, t, NULL) FROM pkm, pk t WHERE name = 'depth4' AND id = 1;

-- grouped by the row: rewritten, the same values; with grouping sets (where
-- t is NULL in the rows of the empty set, its columns not): left alone
SELECT count(*) AS groups,
       count(*) FILTER (WHERE p IS DISTINCT FROM p_record) AS differs
FROM (SELECT pmkt.predict_proba((SELECT m FROM pkm WHERE name = 'forest'), t) AS p,
             pmkt.predict_proba((SELECT m FROM pkm WHERE name = 'forest'), (SELECT t)) AS p_record
      FROM pk t GROUP BY t) q;
SELECT count(*) AS groups, count(*) FILTER (WHERE p IS NULL) AS null_rows,
       count(*) FILTER (WHERE p IS DISTINCT FROM p_record) AS differs
FROM (SELECT pmkt.predict_proba((SELECT m FROM pkm WHERE name = 'forest'), t) AS p,
             pmkt.predict_proba((SELECT m FROM pkm WHERE name = 'forest'), (SELECT t)) AS p_record
      FROM pk t GROUP BY GROUPING SETS ((t), ())) q;

-- a partitioned table and an UPDATE of the scored table itself
CREATE TABLE pkp (id int, region text, x1 float8, x2 float8, x3 int, member boolean) PARTITION BY RANGE (id);
CREATE TABLE pkp1 PARTITION OF pkp FOR VALUES FROM (1) TO (300);
CREATE TABLE pkp2 PARTITION OF pkp FOR VALUES FROM (300) TO (1000);
INSERT INTO pkp SELECT id, region, x1, x2, x3, member FROM pk;
SELECT count(*) AS rows_scored,
       count(*) FILTER (WHERE pmkt.predict_proba(m, p) IS DISTINCT FROM pmkt.predict_proba(m, (SELECT t))) AS differs
FROM pkm, pkp p JOIN pk t USING (id) WHERE name = 'forest';
ALTER TABLE pk ADD COLUMN score float8;
UPDATE pk t SET score = pmkt.predict_proba((SELECT m FROM pkm WHERE name = 'forest'), t);
SELECT count(*) AS rows_scored,
       count(*) FILTER (WHERE score IS DISTINCT FROM pmkt.predict_proba(m, (SELECT t))) AS differs
FROM pkm, pk t WHERE name = 'forest';

-- the same errors: a missing feature column (42703), a wrong type (42804)
CREATE TABLE pk_nox2 AS SELECT id, x1, x3, region, member FROM pk;
CREATE TABLE pk_textx2 AS SELECT id, x1, x2::text AS x2, x3, region, member FROM pk;
\set VERBOSITY sqlstate
SELECT pmkt.predict(m, t) FROM pkm, pk_nox2 t WHERE name = 'depth4';
SELECT pmkt.predict(m, (SELECT t)) FROM pkm, pk_nox2 t WHERE name = 'depth4';
SELECT pmkt.predict_proba(m, t) FROM pkm, pk_textx2 t WHERE name = 'depth4';
SELECT pmkt.predict_proba(m, (SELECT t)) FROM pkm, pk_textx2 t WHERE name = 'depth4';
\set VERBOSITY default
SELECT pmkt.predict_proba(m, t) FROM pkm, pk_nox2 t WHERE name = 'depth4';
SELECT pmkt.predict_proba(m, (SELECT t)) FROM pkm, pk_nox2 t WHERE name = 'depth4';
-- a three-class model without a class: 22023 in both forms
SELECT pmkt.predict_proba(m, t) FROM pkm, pk t WHERE name = 'three';
SELECT pmkt.predict_proba(m, (SELECT t)) FROM pkm, pk t WHERE name = 'three';
-- a table of more columns than a call can take (95): left alone, same values
SELECT format('CREATE TABLE pk_wide AS SELECT id, x1, x2, x3, region, member, %s FROM pk',
              string_agg(format('0 AS c%s', g), ', ')) FROM generate_series(1, 100) g \gexec
EXPLAIN (VERBOSE, COSTS OFF) SELECT pmkt.predict(m, t) FROM pkm, pk_wide t WHERE name = 'depth4';
SELECT count(*) FILTER (WHERE pmkt.predict_proba(m, w) IS DISTINCT FROM pmkt.predict_proba(m, t)) AS differs
FROM pkm, pk_wide w JOIN pk t USING (id) WHERE name = 'depth4';

-- the columns form called directly: checked, never trusted
SELECT pmkt.tree_predict_columns(m, '(0,1)', ARRAY['x1', 'x2', 'x3', 'region', 'member'], 50.0::float8, 0.5::float8, 3, 'east'::text, true)
  = pmkt.predict(m, (SELECT r FROM (SELECT 50.0::float8 AS x1, 0.5::float8 AS x2, 3 AS x3, 'east'::text AS region, true AS member) r)) AS same
FROM pkm WHERE name = 'depth4';
SELECT pmkt.tree_predict_columns(m, NULL, ARRAY['x1'], 1.0::float8) IS NULL AS null_present,
       pmkt.tree_predict_columns(NULL, '(0,1)', ARRAY['x1'], 1.0::float8) IS NULL AS null_model,
       pmkt.tree_predict_proba_columns(m, true, NULL, '(0,1)', ARRAY['x1'], 1.0::float8) IS NULL AS null_class
FROM pkm WHERE name = 'depth4';
SELECT pmkt.tree_predict_columns(m, '(0,1)', ARRAY['x1', 'x2'], 1.0::float8) FROM pkm WHERE name = 'depth4';
SELECT pmkt.tree_predict_columns(m, '(0,1)', ARRAY[name], 1.0::float8) FROM pkm WHERE name = 'depth4';
SELECT pmkt.tree_predict_columns(m, '(0,1)', ARRAY['x1', NULL], 1.0::float8, 2) FROM pkm WHERE name = 'depth4';
SELECT pmkt.tree_predict_columns(m, '(0,1)', '{{x1}}', 1.0::float8) FROM pkm WHERE name = 'depth4';
SELECT pmkt.tree_predict_columns(m, '(0,1)', ARRAY[repeat('x', 70)], 1.0::float8) FROM pkm WHERE name = 'depth4';
SELECT pmkt.tree_predict_columns(m, '(0,1)', ARRAY['x1'], VARIADIC ARRAY[1.0::float8]) FROM pkm WHERE name = 'depth4';
SELECT pmkt.tree_predict_proba_columns(m, false, NULL, '(0,1)', ARRAY['x1'], 1.0::float8) FROM pkm WHERE name = 'depth4';
DROP VIEW pkv;
DROP TABLE pk_train, pk, pkm, pkp, pk_nox2, pk_textx2, pk_wide;
RESET max_parallel_workers_per_gather;
