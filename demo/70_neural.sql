-- Demo report, part 70: study B's evaluation model (SPEC 2.5, 2.6) on
-- pmkt_demo.aisas_monthly (40 business units x 40 months = 1600 rows).
--
-- Inputs: the 17 AISAS secondary indices of each unit-month (SPEC 2.1),
-- min-max normalised over the 1600 rows plus 0.001 (SPEC 2.2); a unit's
-- first month has no previous month, so its four growth rates are 0.
-- Target (the programme-effect score): the entropy-weighted composite score
-- S = sum_j w_j x'_j over the same 17 indices (SPEC 2.4), computed here in
-- plain SQL.  Units with an odd id train (800 rows), even ids test (800).
\echo
\echo '================================================================'
\echo ' Study B: neural evaluation model (BPNN and k-means RBF network)'
\echo '================================================================'
SELECT to_regclass('pmkt_demo.aisas_monthly') IS NOT NULL AS nn_have_aisas \gset
\if :nn_have_aisas
CREATE TEMP TABLE nn_idx AS
SELECT unit_id, month, ARRAY[
  ad_impressions::float8,                                             -- B11
  brand_aware::float8 / nullif(consumers, 0),                         -- B12
  page_views::float8,                                                 -- B21
  favourites::float8 / nullif(interested, 0),                         -- B22
  keyword_searches::float8,                                           -- B31
  keyword_searches::float8 / nullif(category_keyword_searches, 0),    -- B32
  related_searches::float8,                                           -- B33
  related_searches::float8 / nullif(category_related_searches, 0),    -- B34
  buyers::float8 / nullif(product_page_views, 0),                     -- B41
  coalesce(orders::float8 / nullif(lag(orders) OVER w, 0) - 1, 0),    -- B42
  coalesce(purchasers::float8 / nullif(lag(purchasers) OVER w, 0) - 1, 0),                     -- B43
  coalesce(standard_purchasers::float8 / nullif(lag(standard_purchasers) OVER w, 0) - 1, 0),   -- B44
  coalesce(purchase_amount / nullif(lag(purchase_amount) OVER w, 0) - 1, 0),                   -- B45
  topics::float8, replies::float8, reviews::float8, reposts::float8]  -- B51..B54
  AS raw
FROM pmkt_demo.aisas_monthly
WINDOW w AS (PARTITION BY unit_id ORDER BY month);

CREATE TEMP TABLE nn_data AS
WITH cells AS (
  SELECT unit_id, month, j, coalesce(raw[j], 0) AS v FROM nn_idx, generate_series(1, 17) j),
norm AS (
  SELECT unit_id, month, j,
         coalesce((v - min(v) OVER (PARTITION BY j)) / nullif(max(v) OVER (PARTITION BY j) - min(v) OVER (PARTITION BY j), 0), 0)
           + 0.001 AS x
  FROM cells),
p AS (SELECT *, x / sum(x) OVER (PARTITION BY j) AS p FROM norm),
e AS (SELECT j, 1 - (-1 / ln(count(*)) * sum(p * ln(p))) AS divergence FROM p GROUP BY j),
w AS (SELECT j, divergence / sum(divergence) OVER () AS w FROM e)
SELECT n.unit_id, n.month,
       array_agg(n.x ORDER BY n.j) AS features,
       sum(w.w * n.x) AS score,
       n.unit_id % 2 = 1 AS train
FROM norm n JOIN w USING (j)
GROUP BY n.unit_id, n.month;

\echo
\echo 'Rows (train = odd unit ids), and the composite score''s range:'
SELECT train, count(*) AS rows, round(min(score)::numeric, 4) AS min_score,
       round(avg(score)::numeric, 4) AS mean_score, round(max(score)::numeric, 4) AS max_score
FROM nn_data GROUP BY train ORDER BY train DESC;

CREATE TEMP TABLE nn_models AS
SELECT 1 AS ord, 'BPNN 17-10-1 sigmoid, gradient descent 0.001, 850 epochs (the study''s setup)' AS model,
       pmkt.bpnn_train('SELECT features, score FROM nn_data WHERE train', 10,
                       optimizer => 'sgd', learning_rate => 0.001, epochs => 850,
                       validation_fraction => 0, seed => :seed) AS m
UNION ALL
SELECT 2, 'BPNN 17-10-1 sigmoid, Adam 0.001, early stopping on 10 %',
       pmkt.bpnn_train('SELECT features, score FROM nn_data WHERE train', 10,
                       epochs => 850, seed => :seed)
UNION ALL
SELECT 3, 'RBF, 10 density heads + k-means, least squares',
       pmkt.rbf_train('SELECT features, score FROM nn_data WHERE train', 10,
                      standardize => false, seed => :seed)
UNION ALL
SELECT 4, 'RBF, 10 density heads + k-means, gradient descent 0.001',
       pmkt.rbf_train('SELECT features, score FROM nn_data WHERE train', 10,
                      solver => 'gd', epochs => 850, standardize => false, seed => :seed);

\echo
\echo 'The study''s table: SSE and MSE on the 800 training and 800 test rows, and the'
\echo 'clustering SSE of the RBF centres (on the normalised indices); study: training'
\echo 'MSE 2.2e-5, testing MSE 6.2e-4, clustering SSE 0.08.'
SELECT ord, model,
       to_char(tr.sse, '9.99EEEE') AS train_sse, to_char(tr.mse, '9.99EEEE') AS train_mse,
       to_char(te.sse, '9.99EEEE') AS test_sse, to_char(te.mse, '9.99EEEE') AS test_mse,
       round(te.r_squared::numeric, 4) AS test_r2,
       coalesce(to_char((m::text::json->>'cluster_sse')::float8, '9.99EEEE'), '') AS cluster_sse,
       m::text::json->>'epochs' AS epochs
FROM nn_models,
     LATERAL pmkt.nn_evaluate(m, 'SELECT features, score FROM nn_data WHERE train') tr,
     LATERAL pmkt.nn_evaluate(m, 'SELECT features, score FROM nn_data WHERE NOT train') te
ORDER BY ord;

\echo
\echo 'Training curve of the Adam model (every 50th epoch; pmkt.nn_training_curve feeds a BI chart):'
SELECT epoch, to_char(train_mse, '9.999EEEE') AS train_mse, to_char(validation_mse, '9.999EEEE') AS validation_mse
FROM nn_models, pmkt.nn_training_curve(m)
WHERE ord = 2 AND (epoch % 50 = 0 OR epoch = 1)
ORDER BY epoch;

\echo
\echo 'Scoring the test months with pmkt.nn_predict: the five best unit-months by predicted score:'
SELECT unit_id, month, round(score::numeric, 4) AS score,
       round(pmkt.nn_predict(m, features)::numeric, 4) AS predicted
FROM nn_data, nn_models WHERE NOT train AND ord = 3
ORDER BY predicted DESC LIMIT 5;
\else
\echo 'pmkt_demo.aisas_monthly is missing (run pmkt.generate_demo first): section skipped'
\endif
