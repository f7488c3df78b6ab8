-- nnfast: the scoring fast path (AVX2/FMA forward pass over the flat model,
-- used for BPNN models with sigmoid or ReLU hidden units on
-- CPUs with AVX2 and FMA; other models and CPUs use the generic pass).
-- Layer sizes not multiples of 4 exercise the masked tails.
--
-- Reference values: /usr/bin/python3 with numpy (float64, np.exp):
--   z = (x - mean) / scale; a = W z + b; h = sigmoid(a) (model a) or
--   max(a, 0) (model b); o = V h + c (sigmoid(o) for model b);
--   y = target_mean + target_scale * o
--   x = [3, 6, -1, 2, 0.5]:    a -> [15.046435268065, 1.326325870853], b -> 0.000018925148
--   x = [1, 2, 3, 4, 5]:       a -> [16.037829329408, 1.300000000000], b -> 0.937026643943
--   x = [-7.5, 12, 3.25, 0, 100]: a -> [23.938945727418, 1.724385873745], b -> 0.000000000000
-- and, over 2000 generated rows, an independent PL/pgSQL forward pass
-- (PostgreSQL's exp): relative difference below 1e-12.
CREATE SCHEMA test_nnfast;
SET search_path = test_nnfast, public;
CREATE TABLE nnf (name text PRIMARY KEY, model pmkt.nnmodel);
INSERT INTO nnf VALUES ('a', '{"format": "pmkt.nnmodel", "version": 1, "kind": "bpnn",
  "inputs": 5, "hidden": 6, "outputs": 2, "hidden_activation": "sigmoid",
  "output_activation": "identity", "optimizer": "adam", "learning_rate": 0.001,
  "epochs": 0, "n_train": 0, "n_validation": 0, "train_mse": null,
  "validation_mse": null, "cluster_sse": null,
  "input_mean": [1, 2, 3, 4, 5], "input_scale": [2, 1, 0.5, 4, 1],
  "target_mean": [10, 0], "target_scale": [3, 1],
  "hidden_weights": [[0.1, -0.2, 0.3, -0.4, 0.5], [-0.6, 0.7, -0.8, 0.9, -1.0],
                     [1.1, 0.2, -0.3, 0.4, 0.05], [0.25, 0.5, 0.75, -1.25, 1.5],
                     [-2, 1, 0, 1, -2], [0.3, 0.3, 0.3, 0.3, 0.3]],
  "hidden_bias": [0.1, -0.1, 0.2, -0.2, 0.3, -0.3],
  "output_weights": [[1, -2, 3, -1, 0.5, 2], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]],
  "output_bias": [0.1, -0.2], "curve": []}');
INSERT INTO nnf VALUES ('b', '{"format": "pmkt.nnmodel", "version": 1, "kind": "bpnn",
  "inputs": 5, "hidden": 4, "outputs": 1, "hidden_activation": "relu",
  "output_activation": "sigmoid", "optimizer": "adam", "learning_rate": 0.001,
  "epochs": 0, "n_train": 0, "n_validation": 0, "train_mse": null,
  "validation_mse": null, "cluster_sse": null,
  "input_mean": [1, 2, 3, 4, 5], "input_scale": [2, 1, 0.5, 4, 1],
  "target_mean": [0], "target_scale": [1],
  "hidden_weights": [[0.1, -0.2, 0.3, -0.4, 0.5], [-0.6, 0.7, -0.8, 0.9, -1.0],
                     [1.1, 0.2, -0.3, 0.4, 0.05], [0.25, 0.5, 0.75, -1.25, 1.5]],
  "hidden_bias": [0.1, -0.1, 0.2, -0.2],
  "output_weights": [[1, -2, 3, -1]], "output_bias": [2.0], "curve": []}');

CREATE TABLE xs (i int PRIMARY KEY, x float8[]);
INSERT INTO xs VALUES (1, '{3, 6, -1, 2, 0.5}'), (2, '{1, 2, 3, 4, 5}'), (3, '{-7.5, 12, 3.25, 0, 100}');

-- predictions (references above)
SELECT i, (SELECT array_agg(round(v::numeric, 12)) FROM unnest(pmkt.nn_predict_all(a.model, x)) v) AS a_all,
       round(pmkt.nn_predict(a.model, x)::numeric, 12) AS a_first,
       round(pmkt.nn_predict(b.model, x)::numeric, 12) AS b
FROM xs, nnf a, nnf b WHERE a.name = 'a' AND b.name = 'b' ORDER BY i;

-- an independent forward pass in PL/pgSQL, from the model's JSON
CREATE FUNCTION ref_forward(m json, x float8[]) RETURNS float8[] LANGUAGE plpgsql AS $$
DECLARE
  d int := (m->>'inputs')::int; h int := (m->>'hidden')::int; t int := (m->>'outputs')::int;
  z float8[] := '{}'; hid float8[] := '{}'; y float8[] := '{}'; a float8;
BEGIN
  FOR i IN 1..d LOOP
    z := z || ((x[i] - (m->'input_mean'->>(i-1))::float8) / (m->'input_scale'->>(i-1))::float8);
  END LOOP;
  FOR j IN 1..h LOOP
    a := (m->'hidden_bias'->>(j-1))::float8;
    FOR i IN 1..d LOOP a := a + (m->'hidden_weights'->(j-1)->>(i-1))::float8 * z[i]; END LOOP;
    hid := hid || CASE WHEN m->>'hidden_activation' = 'sigmoid' THEN 1 / (1 + exp(-a))
                       ELSE greatest(a, 0) END;
  END LOOP;
  FOR k IN 1..t LOOP
    a := (m->'output_bias'->>(k-1))::float8;
    FOR j IN 1..h LOOP a := a + (m->'output_weights'->(k-1)->>(j-1))::float8 * hid[j]; END LOOP;
    IF m->>'output_activation' = 'sigmoid' THEN a := 1 / (1 + exp(-a)); END IF;
    y := y || ((m->'target_mean'->>(k-1))::float8 + (m->'target_scale'->>(k-1))::float8 * a);
  END LOOP;
  RETURN y;
END $$;

CREATE TABLE rows2k AS
SELECT g, ARRAY[20 * sin(g), 10 * cos(1.3 * g), 5 * sin(0.7 * g + 1), 8 * cos(0.3 * g), 30 * sin(2.1 * g)]::float8[] AS x
FROM generate_series(1, 2000) g;

-- the two models alternate row by row (the per-call model cache must follow)
SELECT count(*) AS n,
       max(abs(p - r[1]) / abs(r[1])) < 1e-12 AS first_within_1e12,
       max((SELECT max(abs(u.a - u.b) / greatest(abs(u.b), 1e-300)) FROM unnest(pa, r) u(a, b))) < 1e-12 AS all_within_1e12
FROM (SELECT pmkt.nn_predict(m.model, x) AS p, pmkt.nn_predict_all(m.model, x) AS pa,
             ref_forward(m.model::text::json, x) AS r
      FROM rows2k JOIN nnf m ON m.name = CASE WHEN g % 2 = 0 THEN 'a' ELSE 'b' END) s;

-- nn_evaluate goes through the same pass: its SSE against the reference's
SELECT e.n, abs(e.sse - r.sse) / r.sse < 1e-10 AS sse_matches
FROM nnf m,
     LATERAL pmkt.nn_evaluate(m.model, 'SELECT x, 2 * sin(g) FROM test_nnfast.rows2k') e,
     LATERAL (SELECT sum((2 * sin(g) - (ref_forward(m.model::text::json, x))[1])^2) AS sse FROM rows2k) r
WHERE m.name = 'b';

-- bad features on the fast path: the usual errors
SELECT pmkt.nn_predict(model, ARRAY[1, 2, 3, 'NaN', 5]::float8[]) FROM nnf WHERE name = 'a';
SELECT pmkt.nn_predict(model, ARRAY[1, 2, 3, 4, '-Infinity']::float8[]) FROM nnf WHERE name = 'a';
SELECT pmkt.nn_predict_all(model, ARRAY[1, 2, 'Infinity', 4, 5]::float8[]) FROM nnf WHERE name = 'a';
SELECT pmkt.nn_predict(model, ARRAY[1, 2, NULL, 4, 5]::float8[]) FROM nnf WHERE name = 'b';
SELECT pmkt.nn_predict(model, ARRAY[1, 2, 3, 4]::float8[]) FROM nnf WHERE name = 'b';
\set VERBOSITY sqlstate
SELECT pmkt.nn_predict(model, ARRAY[1, 2, 3, 'NaN', 5]::float8[]) FROM nnf WHERE name = 'a';
SELECT pmkt.nn_predict(model, ARRAY[1, 2, 3, 4]::float8[]) FROM nnf WHERE name = 'b';
\set VERBOSITY default

DROP SCHEMA test_nnfast CASCADE;
