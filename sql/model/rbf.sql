-- rbf: the k-means-initialised RBF network (pmkt.rbf_train, SPEC 2.6).
--
-- Same data as the bpnn test (y = sin(x1) + x2^2/2 + noise, rows 1..2000
-- train, 2001..3000 test).  Reference: test/model/rbf_ref.py (Debian's
-- /usr/bin/python3, numpy 1.24 / scikit-learn 1.2.1) reads the trained
-- model's JSON and checks independently: the input scaling equals numpy's
-- mean/std (1e-15), the centres are a Lloyd fixed point (each equals the
-- mean of its members, 4e-15; sklearn KMeans started from them stops with
-- the same inertia), the widths are the distance to the nearest other
-- centre (exact), and numpy.linalg.lstsq on [H 1] gives:
--   density init, 20 centres: cluster SSE 209.12499933151165,
--     train MSE 0.019173093401856519, test MSE 0.02080899917204047
--   k-means++ init, 20 centres: cluster SSE 204.64221918488332,
--     train MSE 0.016012087258190973, test MSE 0.016203840685081822
--     (the seeding draws rows of the loader's canonical order, issue 19)
-- own schema, so table names cannot collide with other tests
CREATE SCHEMA test_rbf;
SET search_path = test_rbf, public;
CREATE TABLE smooth AS
SELECT i::int AS i, ARRAY[x1, x2] AS features,
       sin(x1) + x2*x2/2 + 0.2*(s - floor(s) - 0.5) AS y
FROM (SELECT i,
             6*(i*0.6180339887498949::float8 - floor(i*0.6180339887498949::float8)) - 3 AS x1,
             4*(i*0.7548776662466927::float8 - floor(i*0.7548776662466927::float8)) - 2 AS x2,
             sin(i)*43758.5453::float8 AS s
      FROM generate_series(1, 3000) g, LATERAL (SELECT g::float8 AS i) c) d;

CREATE TABLE r AS
SELECT init, pmkt.rbf_train('SELECT features, y FROM smooth WHERE i <= 2000', 20, init => init) AS model
FROM (VALUES ('density'), ('kmeans++')) v(init);
CREATE TABLE ref (init text, cluster_sse float8, train_mse float8, test_mse float8);
INSERT INTO ref VALUES ('density', 209.12499933151165, 0.019173093401856519, 0.02080899917204047),
                       ('kmeans++', 204.64221918488332, 0.016012087258190973, 0.016203840685081822);
SELECT r.init, j->>'kind' AS kind, j->>'hidden' AS centres, j->>'optimizer' AS solver,
       round((j->>'cluster_sse')::numeric, 6) AS cluster_sse,
       round((j->>'train_mse')::numeric, 8) AS train_mse,
       round(e.mse::numeric, 8) AS test_mse,
       abs((j->>'cluster_sse')::float8 / ref.cluster_sse - 1) < 1e-9 AS sse_ok,
       abs((j->>'train_mse')::float8 / ref.train_mse - 1) < 1e-9 AS train_ok,
       abs(e.mse / ref.test_mse - 1) < 1e-9 AS test_ok
FROM r JOIN ref USING (init),
     LATERAL (SELECT model::text::json AS j) jj,
     LATERAL pmkt.nn_evaluate(model, 'SELECT features, y FROM smooth WHERE i > 2000') e
ORDER BY r.init;

-- widths: epsilon x the distance to the nearest other centre (checked in SQL too)
WITH c AS (
  SELECT ord AS u, (e->>0)::float8 AS c1, (e->>1)::float8 AS c2
  FROM r, json_array_elements(model::text::json->'centres') WITH ORDINALITY t(e, ord)
  WHERE init = 'density'),
w AS (
  SELECT ord AS u, v::float8 AS width
  FROM r, json_array_elements_text(model::text::json->'widths') WITH ORDINALITY t(v, ord)
  WHERE init = 'density')
SELECT bool_and(abs(w.width - nn.d) <= 1e-12 * nn.d) AS widths_ok, count(*) AS centres
FROM w JOIN (SELECT a.u, min(sqrt((a.c1 - b.c1)^2 + (a.c2 - b.c2)^2)) AS d
             FROM c a JOIN c b ON a.u <> b.u GROUP BY a.u) nn USING (u);
-- epsilon scales every width
SELECT (SELECT array_agg(v::float8) FROM json_array_elements_text(
          pmkt.rbf_train('SELECT features, y FROM smooth WHERE i <= 2000', 20, epsilon => 2)::text::json->'widths') v)
     = (SELECT array_agg(2 * v::float8) FROM r, json_array_elements_text(model::text::json->'widths') v
        WHERE init = 'density') AS epsilon_scales;

-- gradient descent (the study's solver, online, rate 0.001): its training
-- MSE falls towards the exact least-squares minimum and never below it
SELECT c.first > c.last AS gd_learns,
       c.last >= (SELECT (model::text::json->>'train_mse')::float8 FROM r WHERE init = 'density') AS not_below_lstsq,
       c.n AS epochs
FROM (SELECT (array_agg(train_mse ORDER BY epoch))[1] AS first,
             (array_agg(train_mse ORDER BY epoch DESC))[1] AS last, count(*) AS n
      FROM pmkt.nn_training_curve(pmkt.rbf_train('SELECT features, y FROM smooth WHERE i <= 2000', 20,
                                                 solver => 'gd', epochs => 100))) c;
-- the online updates replayed in numpy (test/model/rbf_gd_ref.py: same seeded
-- row order over the loader's canonical order, test/util/canonical_order.py,
-- same per-row updates, given this model's centres and widths):
-- output weights -0.2770271160101058, 0.4823061284558029,
-- -0.6611258927925141, 0.4434018042170158, -0.5824659510086334, bias
-- 0.22572156293117246 (agreement 4.4e-16)
SELECT max(abs(v::float8 - r)) < 1e-12 AS gd_matches_numpy, count(*) AS weights
FROM (SELECT pmkt.rbf_train('SELECT features, y FROM smooth WHERE i <= 300', 5, solver => 'gd',
                            epochs => 2, learning_rate => 0.01)::text::json AS j) m,
     LATERAL (SELECT array_agg(v ORDER BY o) AS a FROM (
                SELECT v, o FROM json_array_elements_text(j->'output_weights'->0) WITH ORDINALITY t(v, o)
                UNION ALL SELECT j->'output_bias'->>0, 6) q) w,
     LATERAL unnest(w.a, ARRAY[-0.2770271160101058, 0.4823061284558029, -0.6611258927925141,
                               0.4434018042170158, -0.5824659510086334, 0.22572156293117246]) u(v, r);
-- deterministic
SELECT pmkt.rbf_train('SELECT features, y FROM smooth WHERE i <= 500', 5, init => 'kmeans++', solver => 'gd', epochs => 5)::text
     = pmkt.rbf_train('SELECT features, y FROM smooth WHERE i <= 500', 5, init => 'kmeans++', solver => 'gd', epochs => 5)::text AS same_seed_same_model;
-- scoring a single row, and the text round trip of an RBF model
SELECT round(pmkt.nn_predict(model, ARRAY[1.0, 1.0])::numeric, 4) AS y_hat,
       round((sin(1.0) + 0.5)::numeric, 4) AS y_true,
       model::text::pmkt.nnmodel::text = model::text AS text_roundtrip
FROM r WHERE init = 'density';

-- errors
SELECT pmkt.rbf_train('SELECT features, y FROM smooth', 1);
SELECT pmkt.rbf_train('SELECT features, y FROM smooth WHERE i <= 3', 4);
SELECT pmkt.rbf_train('SELECT features, y FROM smooth', 4, init => 'random');
SELECT pmkt.rbf_train('SELECT features, y FROM smooth', 4, solver => 'newton');
SELECT pmkt.rbf_train('SELECT features, y FROM smooth', 4, epsilon => 0);
SELECT pmkt.rbf_train('SELECT features, y FROM smooth WHERE false', 4);
SELECT pmkt.rbf_train('SELECT ARRAY[(i % 2)::float8], y FROM smooth WHERE i <= 10', 3);
SELECT pmkt.rbf_train('SELECT features, y FROM smooth', 4, solver => 'gd', learning_rate => 1e6);
SET pmkt.max_train_memory = '1MB';
SELECT pmkt.rbf_train('SELECT features, y FROM smooth', 100);
RESET pmkt.max_train_memory;
\set VERBOSITY sqlstate
SELECT pmkt.rbf_train('SELECT features, y FROM smooth', 1);
SELECT pmkt.rbf_train('SELECT features, y FROM smooth WHERE false', 4);
\set VERBOSITY default
-- clean up
SET client_min_messages = warning;
DROP SCHEMA test_rbf CASCADE;
RESET client_min_messages;
RESET search_path;
