-- nnmodel: the pmkt.nnmodel type (JSON text I/O, binary I/O, strict
-- validation) and scoring with hand-built models.
--
-- Reference values (hand calculation, checked with /usr/bin/python3):
--   bpnn 2-2-1 below, x = [3, 6]: z = ((3-1)/2, (6-2)/4) = (1, 1);
--   h = (sigmoid(1 - 1 + 0), sigmoid(0.5 + 0.5 - 0.5)) = (0.5, 0.6224593312018546);
--   o = 0.25 + 2*0.5 - 1*0.6224593312018546 = 0.6275406687981454;
--   y = 10 + 5*o = 13.137703343990728;  second output (weights [1, 1], bias 0):
--   y2 = 10 + 5*(0.5 + 0.6224593312018546) = 15.612296656009272
--   rbf 1-2-1, x = [0.5]: h = (exp(-0.25/2), exp(-0.25/0.5)) =
--   (0.8824969025845955, 0.6065306597126334); y = 1*h1 + 2*h2 - 1 = 1.0955582220098625
--   (shown rounded to 12 decimals: the last digit depends on summation order)
-- own schema, so table names cannot collide with other tests
CREATE SCHEMA test_nnmodel;
SET search_path = test_nnmodel, public;
CREATE TABLE nnm (name text PRIMARY KEY, model pmkt.nnmodel);
INSERT INTO nnm VALUES ('bpnn', '{"format": "pmkt.nnmodel", "version": 1, "kind": "bpnn",
  "inputs": 2, "hidden": 2, "outputs": 1, "hidden_activation": "sigmoid",
  "output_activation": "identity", "optimizer": "adam", "learning_rate": 0.001,
  "epochs": 0, "n_train": 0, "n_validation": 0, "train_mse": null,
  "validation_mse": null, "cluster_sse": null,
  "input_mean": [1, 2], "input_scale": [2, 4], "target_mean": [10], "target_scale": [5],
  "hidden_weights": [[1, -1], [0.5, 0.5]], "hidden_bias": [0, -0.5],
  "output_weights": [[2, -1]], "output_bias": [0.25], "curve": [[1, 0.5, null], [2, 0.25, 0.3]]}');
INSERT INTO nnm VALUES ('bpnn2', '{"format": "pmkt.nnmodel", "version": 1, "kind": "bpnn",
  "inputs": 2, "hidden": 2, "outputs": 2, "hidden_activation": "sigmoid",
  "output_activation": "identity", "optimizer": "sgd", "learning_rate": 0.001,
  "epochs": 0, "n_train": 0, "n_validation": 0, "train_mse": null,
  "validation_mse": null, "cluster_sse": null,
  "input_mean": [1, 2], "input_scale": [2, 4], "target_mean": [10, 10], "target_scale": [5, 5],
  "hidden_weights": [[1, -1], [0.5, 0.5]], "hidden_bias": [0, -0.5],
  "output_weights": [[2, -1], [1, 1]], "output_bias": [0.25, 0], "curve": []}');
INSERT INTO nnm VALUES ('rbf', '{"format": "pmkt.nnmodel", "version": 1, "kind": "rbf",
  "inputs": 1, "hidden": 2, "outputs": 1, "hidden_activation": "gaussian",
  "output_activation": "identity", "optimizer": "lstsq", "learning_rate": null,
  "epochs": 0, "n_train": 10, "n_validation": 0, "train_mse": 0.5,
  "validation_mse": null, "cluster_sse": 0.08,
  "input_mean": [0], "input_scale": [1], "target_mean": [0], "target_scale": [1],
  "centres": [[0], [1]], "widths": [1, 0.5],
  "output_weights": [[1, 2]], "output_bias": [-1], "curve": []}');

-- the text form is JSON with exact numbers and round-trips
SELECT name, model::text FROM nnm ORDER BY name;
SELECT name, model::text::pmkt.nnmodel::text = model::text AS text_roundtrip,
       (model::text::json ->> 'kind') AS kind FROM nnm ORDER BY name;

-- the header as a row
SELECT name, (pmkt.nn_model_info(model)).* FROM nnm ORDER BY name;

-- scoring (references above)
SELECT round(pmkt.nn_predict(model, ARRAY[3, 6]::float8[])::numeric, 12) AS y,
       pmkt.bpnn_predict(model, ARRAY[3, 6]::float8[]) = pmkt.nn_predict(model, ARRAY[3, 6]::float8[]) AS alias_same,
       (pmkt.nn_predict_all(model, ARRAY[3, 6]::float8[]))[1] = pmkt.nn_predict(model, ARRAY[3, 6]::float8[]) AS all_same
FROM nnm WHERE name = 'bpnn';
SELECT array_length(pmkt.nn_predict_all(model, ARRAY[3, 6]::float8[]), 1) AS outputs,
       (SELECT array_agg(round(v::numeric, 12)) FROM unnest(pmkt.nn_predict_all(model, ARRAY[3, 6]::float8[])) v) AS y_all,
       round(pmkt.nn_predict(model, ARRAY[3, 6]::float8[])::numeric, 12) AS first_output
FROM nnm WHERE name = 'bpnn2';
SELECT round(pmkt.nn_predict(model, ARRAY[0.5])::numeric, 12) AS y FROM nnm WHERE name = 'rbf';
-- NULL model or x: NULL (strict)
SELECT pmkt.nn_predict(NULL, ARRAY[1.0]) IS NULL AS null_model,
       pmkt.nn_predict(model, NULL) IS NULL AS null_x FROM nnm WHERE name = 'rbf';

-- training curve
SELECT * FROM pmkt.nn_training_curve((SELECT model FROM nnm WHERE name = 'bpnn'));
SELECT count(*) FROM pmkt.nn_training_curve((SELECT model FROM nnm WHERE name = 'rbf'));

-- a large model stored compressed and out of line is read through the
-- per-query cache; the result equals the in-memory value's
CREATE TABLE big AS
SELECT ('{"format": "pmkt.nnmodel", "version": 1, "kind": "bpnn", "inputs": 2, "hidden": 2, "outputs": 1, '
        '"hidden_activation": "tanh", "output_activation": "identity", "optimizer": "adam", '
        '"learning_rate": 0.001, "epochs": 3000, "n_train": 5, "n_validation": 0, "train_mse": 1, '
        '"validation_mse": null, "cluster_sse": null, "input_mean": [0, 0], "input_scale": [1, 1], '
        '"target_mean": [0], "target_scale": [1], "hidden_weights": [[1, 2], [3, 4]], "hidden_bias": [0.1, 0.2], '
        '"output_weights": [[0.5, -0.5]], "output_bias": [1], "curve": ['
        || string_agg(format('[%s, %s, null]', e, 1.0 / e), ', ' ORDER BY e) || ']}')::pmkt.nnmodel AS model
FROM generate_series(1, 3000) e;
SELECT pg_column_size(model) < length(model::text) AS stored_compressed FROM big;
SELECT pmkt.nn_predict(b.model, ARRAY[x, 1]) = pmkt.nn_predict(b.model::text::pmkt.nnmodel, ARRAY[x, 1]) AS same,
       round(pmkt.nn_predict(b.model, ARRAY[x, 1])::numeric, 12) AS y
FROM big b, generate_series(0, 2) x ORDER BY x;
-- reference: 1 + 0.5*tanh(x + 2 + 0.1) - 0.5*tanh(3x + 4 + 0.2)
SELECT round((1 + 0.5*tanh(x + 2.1) - 0.5*tanh(3*x + 4.2))::numeric, 12) AS y_ref
FROM generate_series(0, 2) x ORDER BY x;

-- binary I/O: COPY BINARY round trip
CREATE TABLE nnb (LIKE nnm);
COPY nnm TO PROGRAM 'cat > nnmodel_test.bin' (FORMAT binary);
COPY nnb FROM PROGRAM 'cat nnmodel_test.bin' (FORMAT binary);
SELECT a.name, a.model::text = b.model::text AS binary_roundtrip
FROM nnm a JOIN nnb b USING (name) ORDER BY a.name;

-- corrupted binary values are rejected (file: 19-byte header, then per row
-- int16 field count, int32 name length, name, int32 model length, model).
-- byte_at(offset within the first row's model) -> the file with that byte set
CREATE FUNCTION corrupt(off int, val int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE f bytea := pg_read_binary_file('nnmodel_test.bin');
        base int := 19 + 2 + 4 + length('bpnn') + 4;
BEGIN
  f := set_byte(f, base + off, val);
  EXECUTE format('COPY (SELECT %L) TO PROGRAM %L', encode(f, 'hex'),
                 'perl -ne ''chomp; print pack("H*", $_)'' > nnmodel_bad.bin');
END $$;
TRUNCATE nnb;
SELECT corrupt(0, 0);        -- magic
COPY nnb FROM PROGRAM 'cat nnmodel_bad.bin' (FORMAT binary);
SELECT corrupt(7, 2);        -- version 2
COPY nnb FROM PROGRAM 'cat nnmodel_bad.bin' (FORMAT binary);
SELECT corrupt(16, 127);     -- n_hidden huge
COPY nnb FROM PROGRAM 'cat nnmodel_bad.bin' (FORMAT binary);
SELECT corrupt(39, 9);       -- n_curve 9: more data announced than follows
COPY nnb FROM PROGRAM 'cat nnmodel_bad.bin' (FORMAT binary);
SELECT corrupt(27, 9);       -- hidden activation code 9
COPY nnb FROM PROGRAM 'cat nnmodel_bad.bin' (FORMAT binary);
SELECT corrupt(92, 127);     -- input_mean[1] becomes NaN: 22P03 (binary input)
COPY nnb FROM PROGRAM 'cat nnmodel_bad.bin' (FORMAT binary);
\set VERBOSITY sqlstate
COPY nnb FROM PROGRAM 'cat nnmodel_bad.bin' (FORMAT binary);
\set VERBOSITY default
SELECT count(*) FROM nnb;
-- sizes within the limits but far beyond the bytes that follow (983042
-- hidden units): rejected from the byte count before any allocation
SELECT corrupt(17, 15);
COPY nnb FROM PROGRAM 'cat nnmodel_bad.bin' (FORMAT binary);

-- bad feature vectors
SELECT pmkt.nn_predict(model, ARRAY[1.0]) FROM nnm WHERE name = 'bpnn';
SELECT pmkt.nn_predict(model, ARRAY[1, 'NaN']::float8[]) FROM nnm WHERE name = 'bpnn';
SELECT pmkt.nn_predict(model, ARRAY[1, NULL]::float8[]) FROM nnm WHERE name = 'bpnn';
SELECT pmkt.nn_predict(model, '{}'::float8[]) FROM nnm WHERE name = 'bpnn';
SELECT pmkt.nn_predict(model, ARRAY[[1, 2]]::float8[]) FROM nnm WHERE name = 'bpnn';
\set VERBOSITY sqlstate
SELECT pmkt.nn_predict(model, ARRAY[1.0]) FROM nnm WHERE name = 'bpnn';
SELECT pmkt.nn_predict(model, ARRAY[1, 'Infinity']::float8[]) FROM nnm WHERE name = 'bpnn';
\set VERBOSITY default

-- corrupted / hand-edited text: every one is 22P02
SELECT '{"kind": "bpnn"'::pmkt.nnmodel;
SELECT left((SELECT model::text FROM nnm WHERE name = 'bpnn'), 200)::pmkt.nnmodel;
SELECT replace((SELECT model::text FROM nnm WHERE name = 'bpnn'), '"version": 1', '"version": 2')::pmkt.nnmodel;
SELECT replace((SELECT model::text FROM nnm WHERE name = 'bpnn'), '"epochs"', '"epochz"')::pmkt.nnmodel;
SELECT replace((SELECT model::text FROM nnm WHERE name = 'bpnn'), '"input_scale": [2, 4]', '"input_scale": [2]')::pmkt.nnmodel;
SELECT replace((SELECT model::text FROM nnm WHERE name = 'bpnn'), '"input_scale": [2, 4]', '"input_scale": [2, 0]')::pmkt.nnmodel;
SELECT replace((SELECT model::text FROM nnm WHERE name = 'bpnn'), '[[1, -1], [0.5, 0.5]]', '[[1, -1], [0.5]]')::pmkt.nnmodel;
SELECT replace((SELECT model::text FROM nnm WHERE name = 'bpnn'), '"hidden": 2', '"hidden": 3')::pmkt.nnmodel;
SELECT replace((SELECT model::text FROM nnm WHERE name = 'bpnn'), '"sigmoid"', '"softmax"')::pmkt.nnmodel;
SELECT replace((SELECT model::text FROM nnm WHERE name = 'bpnn'), '"output_bias": [0.25]', '"output_bias": [NaN]')::pmkt.nnmodel;
SELECT replace((SELECT model::text FROM nnm WHERE name = 'bpnn'), '"hidden_weights"', '"centres"')::pmkt.nnmodel;
SELECT replace((SELECT model::text FROM nnm WHERE name = 'bpnn'), '"inputs": 2,', '')::pmkt.nnmodel;
SELECT replace((SELECT model::text FROM nnm WHERE name = 'bpnn'), '"inputs": 2,', '"inputs": 2, "inputs": 2,')::pmkt.nnmodel;
SELECT ((SELECT model::text FROM nnm WHERE name = 'bpnn') || ' x')::pmkt.nnmodel;
SELECT replace((SELECT model::text FROM nnm WHERE name = 'bpnn'), '"inputs": 2', '"inputs": 2.5')::pmkt.nnmodel;
SELECT replace((SELECT model::text FROM nnm WHERE name = 'bpnn'), '"kind": "bpnn"', '"kind": "rbf"')::pmkt.nnmodel;
SELECT ''::pmkt.nnmodel;
-- header sizes are checked against the arrays before anything is
-- allocated: a few hundred bytes claiming a 1000000-125-1 network (1 GB of
-- weights) or a 1000000-1000000-1 one (beyond any allocation) fail at once
-- with 22P02 naming the first short array (1.0 allocated and zeroed 1 GB
-- for seconds, or raised 54000, here)
SET statement_timeout = '3s';
SELECT length(j) < 600 AS small_input, j::pmkt.nnmodel
FROM (VALUES ('{"format": "pmkt.nnmodel", "version": 1, "kind": "bpnn",
  "inputs": 1000000, "hidden": 125, "outputs": 1, "hidden_activation": "sigmoid",
  "output_activation": "identity", "optimizer": "adam", "learning_rate": 0.001,
  "epochs": 0, "n_train": 0, "n_validation": 0, "train_mse": null,
  "validation_mse": null, "cluster_sse": null,
  "input_mean": [1, 2], "input_scale": [2, 4], "target_mean": [10], "target_scale": [5],
  "hidden_weights": [[1, -1], [0.5, 0.5]], "hidden_bias": [0, -0.5],
  "output_weights": [[2, -1]], "output_bias": [0.25], "curve": []}')) v(j);
SELECT replace(replace((SELECT model::text FROM nnm WHERE name = 'bpnn'), '"inputs": 2', '"inputs": 1000000'),
               '"hidden": 2', '"hidden": 1000000')::pmkt.nnmodel;
SELECT replace(replace((SELECT model::text FROM nnm WHERE name = 'rbf'), '"inputs": 1', '"inputs": 1000'),
               '"input_mean": [0], "input_scale": [1]',
               '"input_mean": [' || array_to_string(array_fill(0, ARRAY[1000]), ', ') || '], "input_scale": [' || array_to_string(array_fill(1, ARRAY[1000]), ', ') || ']')
       ::pmkt.nnmodel;
\set VERBOSITY sqlstate
SELECT replace(replace((SELECT model::text FROM nnm WHERE name = 'bpnn'), '"inputs": 2', '"inputs": 1000000'),
               '"hidden": 2', '"hidden": 1000000')::pmkt.nnmodel;
\set VERBOSITY default
RESET statement_timeout;
\set VERBOSITY sqlstate
SELECT replace((SELECT model::text FROM nnm WHERE name = 'bpnn'), '"version": 1', '"version": 2')::pmkt.nnmodel;
\set VERBOSITY default
-- clean up
SET client_min_messages = warning;
DROP SCHEMA test_nnmodel CASCADE;
RESET client_min_messages;
RESET search_path;
