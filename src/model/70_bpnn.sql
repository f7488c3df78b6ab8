
-- ---------------------------------------------------------------------------
-- bpnn: the pmkt.nnmodel type, back-propagation training, scoring,
-- training curve and regression metrics (SPEC 2.5)
-- ---------------------------------------------------------------------------

CREATE TYPE pmkt.nnmodel;

CREATE FUNCTION pmkt.nnmodel_in(cstring) RETURNS pmkt.nnmodel
AS 'MODULE_PATHNAME', 'pmkt_nnmodel_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.nnmodel_out(pmkt.nnmodel) RETURNS cstring
AS 'MODULE_PATHNAME', 'pmkt_nnmodel_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.nnmodel_recv(internal) RETURNS pmkt.nnmodel
AS 'MODULE_PATHNAME', 'pmkt_nnmodel_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.nnmodel_send(pmkt.nnmodel) RETURNS bytea
AS 'MODULE_PATHNAME', 'pmkt_nnmodel_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE pmkt.nnmodel (
    INPUT = pmkt.nnmodel_in,
    OUTPUT = pmkt.nnmodel_out,
    RECEIVE = pmkt.nnmodel_recv,
    SEND = pmkt.nnmodel_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE pmkt.nnmodel IS
'a trained three-layer network (BPNN or RBF): layer sizes, activations, input/target scaling, weights and the training curve; text form is JSON with exact numbers';
COMMENT ON FUNCTION pmkt.nnmodel_in(cstring) IS 'pmkt.nnmodel input: strict JSON parser';
COMMENT ON FUNCTION pmkt.nnmodel_out(pmkt.nnmodel) IS 'pmkt.nnmodel output: JSON with shortest exact numbers';
COMMENT ON FUNCTION pmkt.nnmodel_recv(internal) IS 'pmkt.nnmodel binary input (validated)';
COMMENT ON FUNCTION pmkt.nnmodel_send(pmkt.nnmodel) IS 'pmkt.nnmodel binary output';

CREATE FUNCTION pmkt.bpnn_train(
    query text,
    hidden int,
    activation text DEFAULT 'sigmoid',
    output_activation text DEFAULT 'identity',
    optimizer text DEFAULT 'adam',
    learning_rate float8 DEFAULT NULL,
    epochs int DEFAULT 200,
    batch_size int DEFAULT 32,
    target_mse float8 DEFAULT 0,
    validation_fraction float8 DEFAULT 0.1,
    patience int DEFAULT 10,
    standardize boolean DEFAULT true,
    seed bigint DEFAULT 42)
RETURNS pmkt.nnmodel
AS 'MODULE_PATHNAME', 'pmkt_bpnn_train'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.bpnn_train(text, int, text, text, text, float8, int, int, float8, float8, int, boolean, bigint) IS
'train a three-layer back-propagation network in memory on the query''s (features float8[], target) rows: hidden units, activation sigmoid/tanh/relu, output identity/sigmoid, optimizer adam/sgd (learning rate 0.001 by default), mini-batches, early stopping on a validation fraction, seeded';

-- nn_predict(model, ARRAY[f1, ...]) is rewritten at plan time into
-- nn_predict_unpacked(model, f1, ...), which takes the features as separate
-- arguments: no array is built per scored row (see src/nnscore.c)
CREATE FUNCTION pmkt.nn_predict_unpacked(model pmkt.nnmodel, VARIADIC x "any") RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_nn_predict_unpacked'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.nn_predict_unpacked(pmkt.nnmodel, "any") IS
'support function: nn_predict with the float8 features as separate arguments; the planner rewrites nn_predict(model, ARRAY[...]) into it';

CREATE FUNCTION pmkt.nn_predict_support(internal) RETURNS internal
AS 'MODULE_PATHNAME', 'pmkt_nn_predict_support'
LANGUAGE C STRICT;
COMMENT ON FUNCTION pmkt.nn_predict_support(internal) IS
'planner support function of nn_predict and bpnn_predict (rewrites ARRAY[...] features into nn_predict_unpacked)';

CREATE FUNCTION pmkt.nn_predict(model pmkt.nnmodel, x float8[]) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_nn_predict'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
SUPPORT pmkt.nn_predict_support;
COMMENT ON FUNCTION pmkt.nn_predict(pmkt.nnmodel, float8[]) IS
'the network''s (first) output for the feature vector x';

CREATE FUNCTION pmkt.bpnn_predict(model pmkt.nnmodel, x float8[]) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_nn_predict'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
SUPPORT pmkt.nn_predict_support;
COMMENT ON FUNCTION pmkt.bpnn_predict(pmkt.nnmodel, float8[]) IS
'the network''s (first) output for the feature vector x (same as pmkt.nn_predict)';

CREATE FUNCTION pmkt.nn_predict_all(model pmkt.nnmodel, x float8[]) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_nn_predict_all'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.nn_predict_all(pmkt.nnmodel, float8[]) IS
'all of the network''s outputs for the feature vector x';

CREATE FUNCTION pmkt.nn_training_curve(model pmkt.nnmodel,
    OUT epoch int, OUT train_mse float8, OUT validation_mse float8)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'pmkt_nn_training_curve'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 200;
COMMENT ON FUNCTION pmkt.nn_training_curve(pmkt.nnmodel) IS
'the training curve stored in the model: per epoch the mean training MSE over the epoch''s batches and the validation MSE (NULL without a validation set), on the target''s scale';

CREATE TYPE pmkt.fit_metrics AS (
    n bigint,
    sse float8,
    mse float8,
    rmse float8,
    mae float8,
    r_squared float8
);
COMMENT ON TYPE pmkt.fit_metrics IS
'goodness of fit of predictions: rows, sum of squared errors, mean squared error, its root, mean absolute error, R squared = 1 - SSE/SST';

CREATE FUNCTION pmkt.regression_metrics_sfunc(float8[], float8, float8) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_regression_metrics_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.regression_metrics_sfunc(float8[], float8, float8) IS
'transition function of pmkt.regression_metrics';
CREATE FUNCTION pmkt.regression_metrics_combine(float8[], float8[]) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_regression_metrics_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.regression_metrics_combine(float8[], float8[]) IS
'combine function of pmkt.regression_metrics (Chan''s parallel update)';
CREATE FUNCTION pmkt.regression_metrics_final(float8[]) RETURNS pmkt.fit_metrics
AS 'MODULE_PATHNAME', 'pmkt_regression_metrics_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.regression_metrics_final(float8[]) IS
'final function of pmkt.regression_metrics';

CREATE AGGREGATE pmkt.regression_metrics(y float8, yhat float8) (
    SFUNC = pmkt.regression_metrics_sfunc,
    STYPE = float8[],
    COMBINEFUNC = pmkt.regression_metrics_combine,
    FINALFUNC = pmkt.regression_metrics_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.regression_metrics(float8, float8) IS
'n, SSE, MSE, RMSE, MAE and R squared of predictions yhat against observed y, for any model; rows with a NULL y or yhat are skipped';

CREATE FUNCTION pmkt.nn_evaluate(model pmkt.nnmodel, query text) RETURNS pmkt.fit_metrics
AS 'MODULE_PATHNAME', 'pmkt_nn_evaluate'
LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.nn_evaluate(pmkt.nnmodel, text) IS
'score the query''s (features float8[], target) rows with the model and return n, SSE, MSE, RMSE, MAE, R squared (several outputs: target float8[], pairs pooled)';

CREATE TYPE pmkt.nn_info AS (
    kind text,
    inputs int,
    hidden int,
    outputs int,
    hidden_activation text,
    output_activation text,
    optimizer text,
    learning_rate float8,
    epochs int,
    n_train bigint,
    n_validation bigint,
    train_mse float8,
    validation_mse float8,
    cluster_sse float8
);
COMMENT ON TYPE pmkt.nn_info IS
'summary of a pmkt.nnmodel: kind (bpnn/rbf), layer sizes, activations, optimizer or solver, learning rate, epochs run, training and validation rows, training and validation MSE, clustering SSE (RBF); NULL where not applicable';

CREATE FUNCTION pmkt.nn_model_info(model pmkt.nnmodel) RETURNS pmkt.nn_info
AS 'MODULE_PATHNAME', 'pmkt_nn_model_info'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.nn_model_info(pmkt.nnmodel) IS
'the model''s header as a row, for views and BI tools';
