-- new in 1.1
-- ---------------------------------------------------------------------------
-- svm: linear support vector machine by dual coordinate descent (issue 13,
-- part 2; Hsieh et al. 2008, the LIBLINEAR method of LinearSVC).
-- ---------------------------------------------------------------------------
CREATE TYPE pmkt.svm_model AS (
  features text[], classes text[], coef float8[], intercept float8,
  mean float8[], scale float8[], coef_original float8[], intercept_original float8,
  loss text, iterations integer, training_rows bigint);
COMMENT ON TYPE pmkt.svm_model IS 'a linear SVM trained by pmkt.svm_train; decision = coef . (x - mean) / scale + intercept';
COMMENT ON COLUMN pmkt.svm_model.features IS 'feature column names, matched by name at scoring';
COMMENT ON COLUMN pmkt.svm_model.classes IS 'the two classes (text form); the second is the positive side (decision > 0)';
COMMENT ON COLUMN pmkt.svm_model.coef IS 'weights of the standardised features';
COMMENT ON COLUMN pmkt.svm_model.intercept IS 'intercept in the standardised space (regularised, as LIBLINEAR with intercept_scaling 1)';
COMMENT ON COLUMN pmkt.svm_model.mean IS 'training means used to centre the features (0 with standardize => false)';
COMMENT ON COLUMN pmkt.svm_model.scale IS 'training population standard deviations used to scale the features (1 with standardize => false or for a constant column)';
COMMENT ON COLUMN pmkt.svm_model.coef_original IS 'the same weights in the features'' own units: coef / scale';
COMMENT ON COLUMN pmkt.svm_model.intercept_original IS 'the intercept in the features'' own units: intercept - sum(coef x mean / scale)';
COMMENT ON COLUMN pmkt.svm_model.loss IS 'hinge or squared_hinge';
COMMENT ON COLUMN pmkt.svm_model.iterations IS 'passes over the rows of the coordinate descent';
COMMENT ON COLUMN pmkt.svm_model.training_rows IS 'rows used (rows with a NULL feature or target are skipped)';

CREATE FUNCTION pmkt.svm_train(query text, target text,
    c float8 DEFAULT 1.0, loss text DEFAULT 'squared_hinge', class_weight text DEFAULT NULL,
    tol float8 DEFAULT 1e-6, max_iter integer DEFAULT 1000, standardize boolean DEFAULT true,
    seed integer DEFAULT 0)
RETURNS pmkt.svm_model
AS 'MODULE_PATHNAME', 'pmkt_svm_train'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.svm_train(text, text, float8, text, text, float8, integer, boolean, integer) IS
'linear SVM on the query''s rows: target = a two-class column (boolean, integer or text), every other column a numeric or boolean feature by name; minimises 1/2 |w|^2 + C sum loss with loss hinge or squared_hinge by dual coordinate descent (Hsieh et al. 2008), features z-scored unless standardize => false, class_weight NULL or ''balanced''; stops when the projected gradient spread < tol or after max_iter passes; rows with a NULL feature skipped; within pmkt.max_train_memory (53200)';
CREATE FUNCTION pmkt.svm_decision(model pmkt.svm_model, "row" record) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_svm_decision'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.svm_decision(pmkt.svm_model, record) IS
'decision value of a linear SVM for a row whose columns are matched to the features by name (> 0: the second class); NULL when a feature is NULL';
CREATE FUNCTION pmkt.svm_predict(model pmkt.svm_model, "row" record) RETURNS text
AS 'MODULE_PATHNAME', 'pmkt_svm_predict'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.svm_predict(pmkt.svm_model, record) IS
'the class of a row by a linear SVM (the second class when the decision value > 0); NULL when a feature is NULL';
