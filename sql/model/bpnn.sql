-- bpnn: training a back-propagation network in memory (pmkt.bpnn_train),
-- accuracy against scikit-learn, determinism, early stopping, several
-- outputs, errors; pmkt.regression_metrics and pmkt.nn_evaluate.
--
-- Data: y = sin(x1) + x2^2/2 + uniform noise in [-0.1, 0.1] on a
-- low-discrepancy grid, rows 1..2000 train, 2001..3000 test (noise
-- variance 0.0033 is the floor of the test MSE).
-- own schema, so table names cannot collide with other tests
CREATE SCHEMA test_bpnn;
SET search_path = test_bpnn, public;
CREATE TABLE smooth AS
SELECT i::int AS i, ARRAY[x1, x2] AS features,
       sin(x1) + x2*x2/2 + 0.2*(s - floor(s) - 0.5) AS y
FROM (SELECT i,
             6*(i*0.6180339887498949::float8 - floor(i*0.6180339887498949::float8)) - 3 AS x1,
             4*(i*0.7548776662466927::float8 - floor(i*0.7548776662466927::float8)) - 2 AS x2,
             sin(i)*43758.5453::float8 AS s
      FROM generate_series(1, 3000) g, LATERAL (SELECT g::float8 AS i) c) d;

-- Accuracy against scikit-learn 1.2.1 (test/model/neural_ref.py H ACT 10, run
-- with Debian's /usr/bin/python3): MLPRegressor(hidden_layer_sizes=(16,),
-- activation=ACT, solver='adam', alpha=0, batch_size=32,
-- learning_rate_init=0.001, max_iter=200, tol=0, n_iter_no_change=1e9) on
-- StandardScaler'd inputs, random_state 0..9; test MSE:
--   logistic: 0.0183575 0.0327308 0.0145289 0.0151013 0.0148189
--             0.0134755 0.0147464 0.0151081 0.01473 0.0146286      mean 0.0168226
--   tanh:     0.00523122 0.00718651 0.00690885 0.00668832 0.00682658
--             0.00642878 0.0066819 0.00568589 0.0052553 0.00453385 mean 0.00614272
--   relu:     0.00706519 0.00677535 0.00520955 0.00452281 0.00570908
--             0.00541577 0.00643294 0.00725041 0.00552915 0.00958902 mean 0.00634993
-- Same architecture, optimizer, batch, rate and epochs here (no validation
-- split, so every epoch runs); the mean test MSE over seeds 1..10 must be
-- at most 1.10 x scikit-learn's mean (single seeds vary by up to 2x on
-- both sides, so means are compared).
CREATE TABLE acc AS
SELECT a.act, s.seed,
       (pmkt.nn_evaluate(pmkt.bpnn_train('SELECT features, y FROM smooth WHERE i <= 2000', 16,
                                         activation => a.act, validation_fraction => 0, seed => s.seed),
                         'SELECT features, y FROM smooth WHERE i > 2000')).mse AS test_mse
FROM (VALUES ('sigmoid'), ('tanh'), ('relu')) a(act), generate_series(1, 10) s(seed);
-- (means shown to 3 decimals: the last bits of a run depend on the BLAS
-- kernel the CPU selects; the comparison is the assertion)
SELECT act, round(avg(test_mse)::numeric, 3) AS mean_test_mse,
       avg(test_mse) <= 1.10 * CASE act WHEN 'sigmoid' THEN 0.0168226
                                        WHEN 'tanh' THEN 0.00614272
                                        ELSE 0.00634993 END AS within_10pct_of_sklearn
FROM acc GROUP BY act ORDER BY act;

-- Back-propagation checked step by step: two full-batch steps on rows
-- 1..50 (3 sigmoid units) from the seeded initial weights, replayed in
-- numpy by test/model/bpnn_step_ref.py (same xoshiro256** stream, numpy
-- forward/backward, SGD rate 0.1 and Adam rate 0.01).  Parameters in the
-- model's order: hidden_weights, hidden_bias, output_weights, output_bias.
CREATE FUNCTION nn_params_ordered(m pmkt.nnmodel) RETURNS float8[] LANGUAGE sql AS $$
  SELECT array_agg(v ORDER BY s, o) FROM (
    SELECT 1 AS s, o, v::float8 AS v FROM json_array_elements(m::text::json->'hidden_weights') WITH ORDINALITY r(row, ro),
           json_array_elements_text(row) WITH ORDINALITY c(v, co), LATERAL (SELECT ro * 1000 + co AS o) x
    UNION ALL SELECT 2, o, v::float8 FROM json_array_elements_text(m::text::json->'hidden_bias') WITH ORDINALITY c(v, o)
    UNION ALL SELECT 3, o, v::float8 FROM json_array_elements(m::text::json->'output_weights') WITH ORDINALITY r(row, ro),
           json_array_elements_text(row) WITH ORDINALITY c(v, co), LATERAL (SELECT ro * 1000 + co AS o) x
    UNION ALL SELECT 4, o, v::float8 FROM json_array_elements_text(m::text::json->'output_bias') WITH ORDINALITY c(v, o)) q
  $$;
SELECT opt, max(abs(p - r)) < 1e-12 AS matches_numpy, count(*) AS parameters
FROM (VALUES
  ('sgd', pmkt.bpnn_train('SELECT features, y FROM smooth WHERE i <= 50', 3, optimizer => 'sgd',
                          learning_rate => 0.1, batch_size => 50, epochs => 2, validation_fraction => 0),
   ARRAY[-0.5227625389522892, -0.15319415010146462, 0.23755999521880555, 0.5367909915928749, 0.6104949601616455, 0.3418445678816568, 0.2756128166654217, 0.43728998353746656, 0.33732804937031, 0.04792318950946131, 0.21461640561614914, -0.3211740530917424, 0.339460639503872]),
  ('adam', pmkt.bpnn_train('SELECT features, y FROM smooth WHERE i <= 50', 3, optimizer => 'adam',
                           learning_rate => 0.01, batch_size => 50, epochs => 2, validation_fraction => 0),
   ARRAY[-0.5064061375450172, -0.17299060533070404, 0.2477262377511076, 0.5172039356676075, 0.6020811778138252, 0.36120036881615375, 0.25740935786477753, 0.42276408613036565, 0.3506103047670635, 0.09789067390477289, 0.238060210735358, -0.31599149704943, 0.40573369931904524])
  ) v(opt, model, ref),
  LATERAL unnest(nn_params_ordered(model), ref) u(p, r)
GROUP BY opt ORDER BY opt;

-- the default model: sigmoid hidden units, identity output, Adam, 10 %
-- validation with early stopping (patience 10).  Seed 2: with these
-- defaults early stopping halts on the initial plateau (training MSE about
-- 0.51 after some 22 epochs) for about a third of the seeds (7 of seeds
-- 1..20 on the loader's canonical row order, issue 19; the seeded split
-- decides it), the default seed 42 among them; seed 2 gets past it.
CREATE TABLE m AS
SELECT pmkt.bpnn_train('SELECT features, y FROM smooth WHERE i <= 2000', 16, seed => 2) AS model;
SELECT j->>'kind' AS kind, j->>'inputs' AS inputs, j->>'hidden' AS hidden, j->>'outputs' AS outputs,
       j->>'hidden_activation' AS hact, j->>'output_activation' AS oact, j->>'optimizer' AS opt,
       j->>'learning_rate' AS lr, j->>'n_train' AS n_train, j->>'n_validation' AS n_val,
       (j->>'epochs')::int BETWEEN 1 AND 200 AS epochs_ok
FROM (SELECT model::text::json AS j FROM m) s;
-- the curve has one row per epoch run; the stored validation MSE is the
-- best epoch's (the weights are restored to it)
SELECT count(*) = (SELECT (model::text::json->>'epochs')::int FROM m) AS one_row_per_epoch,
       bool_and(validation_mse IS NOT NULL) AS has_validation,
       min(validation_mse) = (SELECT (model::text::json->>'validation_mse')::float8 FROM m) AS best_restored,
       (array_agg(train_mse ORDER BY epoch))[1] > (array_agg(train_mse ORDER BY epoch DESC))[1] AS train_mse_fell
FROM pmkt.nn_training_curve((SELECT model FROM m));
-- the stored training MSE and the test MSE: between the noise floor 0.0033
-- and scikit-learn's worst seed (0.033)
SELECT (model::text::json->>'train_mse')::float8 BETWEEN 0.0033 AND 0.033 AS train_mse_ok,
       (pmkt.nn_evaluate(model, 'SELECT features, y FROM smooth WHERE i > 2000')).mse BETWEEN 0.0033 AND 0.033 AS test_mse_ok,
       round((pmkt.nn_evaluate(model, 'SELECT features, y FROM smooth WHERE i > 2000')).mse::numeric, 2) AS test_mse
FROM m;

-- determinism: the same seed gives a bit-identical model; another seed does not
SELECT pmkt.bpnn_train('SELECT features, y FROM smooth WHERE i <= 500', 8, epochs => 20)::text
     = pmkt.bpnn_train('SELECT features, y FROM smooth WHERE i <= 500', 8, epochs => 20)::text AS same_seed_same_model,
       pmkt.bpnn_train('SELECT features, y FROM smooth WHERE i <= 500', 8, epochs => 20)::text
     = pmkt.bpnn_train('SELECT features, y FROM smooth WHERE i <= 500', 8, epochs => 20, seed => 7)::text AS other_seed_same_model;

-- plain gradient descent (the study's method), full batches
SELECT (c.first > c.last) AS sgd_learns, c.n AS epochs
FROM (SELECT (array_agg(train_mse ORDER BY epoch))[1] AS first,
             (array_agg(train_mse ORDER BY epoch DESC))[1] AS last, count(*) AS n
      FROM pmkt.nn_training_curve(pmkt.bpnn_train('SELECT features, y FROM smooth WHERE i <= 500', 8,
             optimizer => 'sgd', learning_rate => 0.1, batch_size => 500, epochs => 50,
             validation_fraction => 0))) c;

-- target_mse stops training at the first epoch whose mean training MSE reaches it
SELECT (model::text::json->>'epochs')::int < 200 AS stopped_early,
       (SELECT train_mse FROM pmkt.nn_training_curve(model) ORDER BY epoch DESC LIMIT 1) <= 0.05 AS reached,
       (SELECT bool_and(train_mse > 0.05) FROM pmkt.nn_training_curve(model) c
        WHERE c.epoch < (model::text::json->>'epochs')::int) AS not_before
FROM (SELECT pmkt.bpnn_train('SELECT features, y FROM smooth WHERE i <= 2000', 16, activation => 'tanh',
                             target_mse => 0.05, validation_fraction => 0) AS model) s;

-- several outputs: a float8[] target; sigmoid output for targets in [0, 1]
CREATE TABLE m2 AS
SELECT pmkt.bpnn_train('SELECT features, ARRAY[y, 1 - y, features[1]] FROM smooth WHERE i <= 2000', 16,
                       activation => 'tanh', validation_fraction => 0) AS model;
SELECT model::text::json->>'outputs' AS outputs,
       array_length(pmkt.nn_predict_all(model, ARRAY[0.5, 0.5]), 1) AS predicted,
       (pmkt.nn_evaluate(model, 'SELECT features, ARRAY[y, 1 - y, features[1]] FROM smooth WHERE i > 2000')).r_squared > 0.95 AS fits
FROM m2;
SELECT (pmkt.nn_evaluate(model, 'SELECT features, (y + 1.2) / 4.4 FROM smooth WHERE i > 2000')).r_squared > 0.9 AS sigmoid_output_fits,
       pmkt.nn_predict(model, ARRAY[0, 0]) BETWEEN 0 AND 1 AS bounded
FROM (SELECT pmkt.bpnn_train('SELECT features, (y + 1.2) / 4.4 FROM smooth WHERE i <= 2000', 16,
             activation => 'tanh', output_activation => 'sigmoid', learning_rate => 0.01) AS model) s;

-- scoring with the trained model equals nn_evaluate; the aggregate works for any model
SELECT (SELECT (pmkt.regression_metrics(y, pmkt.nn_predict(m.model, features))).mse
        FROM smooth WHERE i > 2000)
     = (pmkt.nn_evaluate(model, 'SELECT features, y FROM smooth WHERE i > 2000')).mse AS same
FROM m;

-- ---- regression_metrics: hand reference ----
-- y = 1,2,3,4; yhat = 1.5,2,2.5,5: errors -0.5,0,0.5,-1; SSE 1.5, MSE 0.375,
-- RMSE sqrt(0.375) = 0.6123724356957945, MAE 0.5, SST 5, R^2 = 1 - 1.5/5 = 0.7
SELECT (pmkt.regression_metrics(y, yhat)).*
FROM (VALUES (1, 1.5), (2, 2), (3, 2.5), (4, 5), (NULL, 1), (5, NULL)) v(y, yhat);
-- no rows: n = 0 and NULL metrics; constant y: R^2 NULL (SST = 0)
SELECT (pmkt.regression_metrics(y, y)).* FROM smooth WHERE false;
SELECT (pmkt.regression_metrics(1, yhat)).* FROM (VALUES (1.0), (2.0)) v(yhat);
-- the state is a float8[] that survives a text round trip
SELECT pmkt.regression_metrics_final(
         pmkt.regression_metrics_combine(
           pmkt.regression_metrics_sfunc(pmkt.regression_metrics_sfunc(NULL, 1, 1.5), 2, 2)::text::float8[],
           pmkt.regression_metrics_sfunc(pmkt.regression_metrics_sfunc(NULL, 3, 2.5), 4, 5)::text::float8[])) AS via_text;
-- parallel plan equals the serial result
CREATE TABLE pm AS SELECT sin(i) AS y, sin(i) + 0.1*cos(7*i) AS yhat FROM generate_series(1, 200000) i;
ANALYZE pm;
CREATE TABLE serial AS SELECT (pmkt.regression_metrics(y, yhat)).* FROM pm;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT pmkt.regression_metrics(y, yhat) FROM pm;
SELECT p.n = s.n AS n_same,
       abs(p.sse - s.sse) <= 1e-12 * s.sse AS sse_same,
       abs(p.mae - s.mae) <= 1e-12 * s.mae AS mae_same,
       abs(p.r_squared - s.r_squared) <= 1e-12 AS r2_same,
       round(s.r_squared::numeric, 6) AS r_squared
FROM (SELECT (pmkt.regression_metrics(y, yhat)).* FROM pm) p, serial s;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather; RESET parallel_leader_participation;
-- numpy reference for pm: R^2 = 1 - sum((0.1 cos 7i)^2) / sum((sin i - mean)^2)
SELECT round((1 - sum((0.1*cos(7*i))^2) / (sum(sin(i)^2) - sum(sin(i))^2 / 200000))::numeric, 6) AS r_squared_ref
FROM generate_series(1, 200000) i;

-- ---- errors ----
SELECT pmkt.bpnn_train('SELECT features, y FROM smooth', 0);
SELECT pmkt.bpnn_train('SELECT features, y FROM smooth', 4, activation => 'softmax');
SELECT pmkt.bpnn_train('SELECT features, y FROM smooth', 4, output_activation => 'tanh');
SELECT pmkt.bpnn_train('SELECT features, y FROM smooth', 4, optimizer => 'rmsprop');
SELECT pmkt.bpnn_train('SELECT features, y FROM smooth', 4, learning_rate => -1);
SELECT pmkt.bpnn_train('SELECT features, y FROM smooth', 4, validation_fraction => 1);
SELECT pmkt.bpnn_train('SELECT features, y FROM smooth', 4, epochs => 0);
SELECT pmkt.bpnn_train('SELECT features, y FROM smooth', 4, epochs => 20000000);
SELECT pmkt.bpnn_train('SELECT features, y FROM smooth', 4, seed => NULL);
SELECT pmkt.bpnn_train('SELECT features, y FROM smooth WHERE false', 4);
SELECT pmkt.bpnn_train('SELECT features, NULL::float8 FROM smooth', 4);
SELECT pmkt.bpnn_train('SELECT y, y FROM smooth', 4);
SELECT pmkt.bpnn_train('SELECT features FROM smooth', 4);
SELECT pmkt.bpnn_train('SELECT CASE WHEN i = 7 THEN ARRAY[1.0] ELSE features END, y FROM smooth', 4);
SELECT pmkt.bpnn_train('SELECT CASE WHEN i = 7 THEN ARRAY[1, ''NaN'']::float8[] ELSE features END, y FROM smooth', 4);
SELECT pmkt.bpnn_train('SELECT features, CASE WHEN i = 7 THEN ''NaN'' ELSE y END FROM smooth', 4);
SELECT pmkt.bpnn_train('SELECT features, CASE WHEN i = 7 THEN ARRAY[y] ELSE ARRAY[y, y] END FROM smooth', 4);
SELECT pmkt.bpnn_train('SELECT features, y FROM smooth', 4, output_activation => 'sigmoid');
SELECT pmkt.bpnn_train('SELECT features, y FROM smooth', 4, learning_rate => 1e6, optimizer => 'sgd', activation => 'relu');
SELECT pmkt.bpnn_train('SELECT nonsense', 4);
SET pmkt.max_train_memory = '64kB';
SELECT pmkt.bpnn_train('SELECT features, y FROM smooth', 4);
SET pmkt.max_train_memory = '1MB';
SELECT pmkt.bpnn_train('SELECT features, y FROM smooth', 100000);
RESET pmkt.max_train_memory;
-- 1.1: a numeric[] is read as float8[] (here it is too short for the model);
-- an array of text is refused with its type named, and so is a query
-- without columns (fuzzer case 5524 against an earlier draft of this check)
SELECT pmkt.nn_evaluate(model, 'SELECT ARRAY[1.0], 1.0') FROM m;
SELECT pmkt.nn_evaluate(model, 'SELECT ARRAY[''1''], 1.0') FROM m;
SELECT pmkt.nn_evaluate(model, 'SELECT FROM generate_series(1, 4) g') FROM m;
SELECT pmkt.nn_evaluate(model, 'SELECT features, ARRAY[y, y] FROM smooth') FROM m;
SELECT pmkt.regression_metrics(y, 'NaN') FROM smooth;
\set VERBOSITY sqlstate
SELECT pmkt.bpnn_train('SELECT features, y FROM smooth', 0);
SELECT pmkt.bpnn_train('SELECT features, y FROM smooth', 4, activation => 'softmax');
SELECT pmkt.bpnn_train('SELECT features, y FROM smooth WHERE false', 4);
SELECT pmkt.bpnn_train('SELECT CASE WHEN i = 7 THEN ARRAY[1, ''NaN'']::float8[] ELSE features END, y FROM smooth', 4);
SELECT pmkt.bpnn_train('SELECT CASE WHEN i = 7 THEN ARRAY[1.0] ELSE features END, y FROM smooth', 4);
SET pmkt.max_train_memory = '64kB';
SELECT pmkt.bpnn_train('SELECT features, y FROM smooth', 4);
RESET pmkt.max_train_memory;
\set VERBOSITY default
-- clean up
SET client_min_messages = warning;
DROP SCHEMA test_bpnn CASCADE;
RESET client_min_messages;
RESET search_path;
