-- dbscan: density clustering, checked against scikit-learn.
-- Reference: /usr/bin/python3, sklearn.cluster.DBSCAN(eps, min_samples,
-- algorithm='kd_tree') on the same data (the formulas below, computed in
-- Python with the same float operations); labels_ and core_sample_indices_
-- are pasted as arrays.  pmkt numbers clusters from 1 (sklearn from 0) and
-- marks noise -1 (as sklearn), so cluster_id = sklearn label + 1.
CREATE TABLE db_a AS
SELECT g, CASE WHEN g <= 130 THEN ARRAY[c[1] + (a - 0.5) * 2.0, c[2] + (b - 0.5) * 2.0]
               ELSE ARRAY[-3 + a * 12, -3 + b * 12] END AS x
FROM (SELECT g, ((g * 7919) % 1000)::float8 / 1000 AS a, ((g * 104729) % 1000)::float8 / 1000 AS b,
             CASE WHEN g <= 50 THEN ARRAY[0, 0]::float8[] WHEN g <= 100 THEN ARRAY[5, 5]::float8[]
                  ELSE ARRAY[0, 6]::float8[] END AS c
      FROM generate_series(1, 150) g) s;
-- 5 features: the grid covers the 3 widest, the distance uses all 5
CREATE TABLE db_c AS
SELECT g, CASE WHEN g <= 100 THEN ARRAY(SELECT c + (u - 0.5) * 2.0 FROM unnest(us) u)
               ELSE ARRAY(SELECT -2 + u * 7 FROM unnest(us) u) END AS x
FROM (SELECT g, CASE WHEN g <= 50 THEN 0.0::float8 ELSE 3.0::float8 END AS c,
             ARRAY(SELECT ((g::bigint * m) % 1000)::float8 / 1000
                   FROM unnest(ARRAY[7919, 104729, 1299709, 15485863, 179424673]::bigint[]) WITH ORDINALITY AS t(m, o) ORDER BY o) AS us
      FROM generate_series(1, 120) g) s;

-- sklearn: A eps 0.5 min 5 clusters 3 noise 21 core 116
SELECT count(*) AS rows, count(DISTINCT cluster_id) FILTER (WHERE cluster_id > 0) AS clusters,
       count(*) FILTER (WHERE cluster_id = -1) AS noise, count(*) FILTER (WHERE is_core) AS core,
       count(*) FILTER (WHERE cluster_id <> CASE WHEN sk.label < 0 THEN -1 ELSE sk.label + 1 END) AS label_mismatches,
       count(*) FILTER (WHERE is_core <> sk.core) AS core_mismatches
FROM pmkt.dbscan('SELECT g, x FROM db_a ORDER BY g', eps => 0.5, min_points => 5) r
JOIN (SELECT ord AS g, label, core
      FROM unnest('{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,2,2,2,2,2,2,2,2,-1,-1,-1,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,-1,0,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,2,-1,-1,-1,-1,-1}'::int[], '{t,t,t,t,t,t,t,t,t,t,f,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,f,t,t,t,t,t,t,t,t,t,t,f,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,f,t,t,t,t,t,t,t,t,t,t,t,t,f,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,f,t,f,f,f,f,t,t,t,t,t,t,t,f,f,f,f,f,f,t,t,t,t,t,f,t,f,f,f,f,f,f,f,f,f,f,f,f,t,f,f,f,f,f}'::bool[]) WITH ORDINALITY AS t(label, core, ord)) sk
  ON sk.g = r.row_id;
-- sklearn: A2 eps 0.8 min 4 clusters 3 noise 16 core 133
SELECT count(*) AS rows, count(DISTINCT cluster_id) FILTER (WHERE cluster_id > 0) AS clusters,
       count(*) FILTER (WHERE cluster_id = -1) AS noise, count(*) FILTER (WHERE is_core) AS core,
       count(*) FILTER (WHERE cluster_id <> CASE WHEN sk.label < 0 THEN -1 ELSE sk.label + 1 END) AS label_mismatches,
       count(*) FILTER (WHERE is_core <> sk.core) AS core_mismatches
FROM pmkt.dbscan('SELECT g, x FROM db_a ORDER BY g', eps => 0.8, min_points => 4) r
JOIN (SELECT ord AS g, label, core
      FROM unnest('{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,-1,0,-1,2,-1,-1,-1,-1,-1,-1,1,-1,-1,-1,2,-1,-1,-1,-1,-1}'::int[], '{t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,f,t,f,f,f,f,f,f,f,f,t,f,f,f,t,f,f,f,f,f}'::bool[]) WITH ORDINALITY AS t(label, core, ord)) sk
  ON sk.g = r.row_id;
-- sklearn: C eps 1.2 min 4 clusters 2 noise 19 core 93
SELECT count(*) AS rows, count(DISTINCT cluster_id) FILTER (WHERE cluster_id > 0) AS clusters,
       count(*) FILTER (WHERE cluster_id = -1) AS noise, count(*) FILTER (WHERE is_core) AS core,
       count(*) FILTER (WHERE cluster_id <> CASE WHEN sk.label < 0 THEN -1 ELSE sk.label + 1 END) AS label_mismatches,
       count(*) FILTER (WHERE is_core <> sk.core) AS core_mismatches
FROM pmkt.dbscan('SELECT g, x FROM db_c ORDER BY g', eps => 1.2, min_points => 4) r
JOIN (SELECT ord AS g, label, core
      FROM unnest('{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,-1,-1,-1,-1,-1,0,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1}'::int[], '{t,t,t,t,t,t,t,t,t,t,t,f,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,f,t,t,t,t,t,t,t,f,t,t,t,t,t,t,f,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,f,f,t,t,t,t,t,f,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,t,f,f,f,f,f,f,f,f,f,f,f,f,f,f,f,f,f,f,f,f}'::bool[]) WITH ORDINALITY AS t(label, core, ord)) sk
  ON sk.g = r.row_id;
-- the result rows in input order, for one small case by hand (1-D, eps 1,
-- min_points 4): {0, 0.3, 0.6, 1.0} and {3.0, 3.4, 3.7, 4.0} are dense
-- (distances of exactly eps count); 2.0 has 3 neighbours (1.0, 3.0, itself):
-- a border point of both clusters, it joins the first one grown.
-- sklearn (same order): labels [0,0,0,0,0,1,1,1,1], core all but index 4.
SELECT * FROM pmkt.dbscan($$SELECT id, ARRAY[v] FROM unnest('{0,0.3,0.6,1.0,2.0,3.0,3.4,3.7,4.0}'::float8[]) WITH ORDINALITY AS t(v, id) ORDER BY id$$,
                          1.0, 4);
-- reversed order: the cluster of 3.0 .. 4.0 is found first and takes 2.0
SELECT * FROM pmkt.dbscan($$SELECT id, ARRAY[v] FROM unnest('{3.0,3.4,3.7,4.0,2.0,0,0.3,0.6,1.0}'::float8[]) WITH ORDINALITY AS t(v, id) ORDER BY id$$,
                          1.0, 4);
-- min_points 1: every row is core; int4 ids and numeric[] features are cast; NULL ids, NULL features and
-- NULL elements are skipped
SELECT * FROM pmkt.dbscan($$VALUES (1, ARRAY[0, 0.0]), (2, '{0.5, 0}'), (3, '{9, 9}'),
                                   (NULL, '{0.1, 0}'), (4, NULL), (5, '{NULL, 1}')$$, 1, 1);
-- empty input: no rows
SELECT count(*) FROM pmkt.dbscan('SELECT g, x FROM db_a WHERE false', 0.5, 5);

-- bad input
SELECT * FROM pmkt.dbscan('SELECT g, x FROM db_a', 0, 5);
SELECT * FROM pmkt.dbscan('SELECT g, x FROM db_a', -1, 5);
SELECT * FROM pmkt.dbscan('SELECT g, x FROM db_a', 'NaN', 5);
SELECT * FROM pmkt.dbscan('SELECT g, x FROM db_a', 0.5, 0);
SELECT * FROM pmkt.dbscan('SELECT g, x FROM db_a', NULL, 5);
SELECT * FROM pmkt.dbscan($$VALUES (1, '{0, 0}'::float8[]), (2, '{1, 2, 3}')$$, 1, 2);
SELECT * FROM pmkt.dbscan($$VALUES (1, '{0, 0}'::float8[]), (2, '{NaN, 2}')$$, 1, 2);
SELECT * FROM pmkt.dbscan($$VALUES (1, '{0, 0}'::float8[]), (2, '{}')$$, 1, 2);
SELECT * FROM pmkt.dbscan($$VALUES (1, '{{0, 0}}'::float8[])$$, 1, 2);
SELECT * FROM pmkt.dbscan('SELECT x, g FROM db_a', 0.5, 5);
SELECT * FROM pmkt.dbscan('SELECT g FROM db_a', 0.5, 5);
SELECT * FROM pmkt.dbscan('SELECT g, ''{a}''::text[] FROM db_a', 0.5, 5);
SELECT * FROM pmkt.dbscan('SELECT g, x FROM no_such_table', 0.5, 5);
SELECT * FROM pmkt.dbscan($$VALUES (1, '{0, 0}'::float8[]), (2, '{1e300, 0}')$$, 1e-300, 2);
-- beyond the work limit (here lowered): 54000
SELECT * FROM pmkt.dbscan('SELECT g, x FROM db_a', 100, 5, max_candidate_pairs => 10000);
\set VERBOSITY sqlstate
SELECT * FROM pmkt.dbscan('SELECT g, x FROM db_a', 0, 5);
SELECT * FROM pmkt.dbscan($$VALUES (1, '{0, 0}'::float8[]), (2, '{1, 2, 3}')$$, 1, 2);
SELECT * FROM pmkt.dbscan('SELECT g, x FROM db_a', 100, 5, max_candidate_pairs => 10000);
SELECT * FROM pmkt.dbscan('SELECT g, x FROM db_a', NULL, 5);
\set VERBOSITY default
-- more rows than one sorted run (16384): the rows are sorted by grid cell
-- in runs merged with interrupt checks; a wrong merge would split cells and
-- lose neighbours.  Two unit lattices (200 x 200, and 100 x 100 far away) in
-- shuffled order, eps 1, min_points 5: by hand, each lattice is one
-- cluster, a point is core when it has its 4 lattice neighbours (the
-- interior: 198^2 + 98^2 = 48808 points), the other edge points are border
-- points (next to an interior one), the 8 corners are noise (their two
-- neighbours are edge points, not core): clusters of 39996 and 9996
CREATE TEMP TABLE db_lat AS
SELECT row_number() OVER (ORDER BY md5(x::text)) AS g, x
FROM (SELECT ARRAY[i % 200, i / 200]::float8[] AS x FROM generate_series(0, 39999) i
      UNION ALL
      SELECT ARRAY[1000 + i % 100, i / 100]::float8[] FROM generate_series(0, 9999) i) s;
SELECT count(DISTINCT cluster_id) FILTER (WHERE cluster_id <> -1) AS clusters, count(*) FILTER (WHERE is_core) AS cores,
       count(*) FILTER (WHERE cluster_id = -1) AS noise,
       array_agg(DISTINCT sz ORDER BY sz) FILTER (WHERE cluster_id <> -1) AS cluster_sizes
FROM (SELECT r.*, count(*) OVER (PARTITION BY cluster_id) AS sz
      FROM pmkt.dbscan('SELECT g, x FROM db_lat', eps => 1, min_points => 5) r) t;
