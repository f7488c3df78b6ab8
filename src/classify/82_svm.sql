-- new in 1.1
-- ---------------------------------------------------------------------------
-- svm: linear support vector machine by dual coordinate descent (issue 13,
-- part 2; Hsieh et al. 2008, the LIBLINEAR method of LinearSVC).
-- ---------------------------------------------------------------------------
CREATE TYPE pmkt.svm_model AS (
  features text[], classes text[], coef float8[], intercept float8,
  mean float8[], scale float8[], coef_original float8[], intercept_original float8,
  loss text, iterations integer, training_rows bigint,
  intercepts float8[], intercepts_original float8[]);
COMMENT ON TYPE pmkt.svm_model IS 'a linear SVM trained by pmkt.svm_train; decision = coef . (x - mean) / scale + intercept (two classes), or per class row r of coef and intercepts[r] (more classes, one-vs-rest)';
COMMENT ON COLUMN pmkt.svm_model.features IS 'feature column names, matched by name at scoring';
COMMENT ON COLUMN pmkt.svm_model.classes IS 'the classes (text form), sorted; with two, the second is the positive side (decision > 0)';
COMMENT ON COLUMN pmkt.svm_model.coef IS 'weights of the standardised features: a vector (two classes), or one row per class (more classes: each class against the rest)';
COMMENT ON COLUMN pmkt.svm_model.intercept IS 'intercept in the standardised space (regularised, as LIBLINEAR with intercept_scaling 1); NULL with more than two classes (see intercepts)';
COMMENT ON COLUMN pmkt.svm_model.mean IS 'training means used to centre the features (0 with standardize => false)';
COMMENT ON COLUMN pmkt.svm_model.scale IS 'training population standard deviations used to scale the features (1 with standardize => false or for a constant column)';
COMMENT ON COLUMN pmkt.svm_model.coef_original IS 'the same weights in the features'' own units: coef / scale (one row per class with more than two classes)';
COMMENT ON COLUMN pmkt.svm_model.intercept_original IS 'the intercept in the features'' own units: intercept - sum(coef x mean / scale); NULL with more than two classes';
COMMENT ON COLUMN pmkt.svm_model.loss IS 'hinge or squared_hinge';
COMMENT ON COLUMN pmkt.svm_model.iterations IS 'passes over the rows of the coordinate descent';
COMMENT ON COLUMN pmkt.svm_model.training_rows IS 'rows used (rows with a NULL feature or target are skipped)';
COMMENT ON COLUMN pmkt.svm_model.intercepts IS 'more than two classes: the intercept of each class''s one-vs-rest classifier, standardised space; NULL with two classes';
COMMENT ON COLUMN pmkt.svm_model.intercepts_original IS 'more than two classes: the same intercepts in the features'' own units; NULL with two classes';

CREATE FUNCTION pmkt.svm_train(query text, target text,
    c float8 DEFAULT 1.0, loss text DEFAULT 'squared_hinge', class_weight text DEFAULT NULL,
    tol float8 DEFAULT 1e-6, max_iter integer DEFAULT 1000, standardize boolean DEFAULT true,
    seed integer DEFAULT 0)
RETURNS pmkt.svm_model
AS 'MODULE_PATHNAME', 'pmkt_svm_train'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.svm_train(text, text, float8, text, text, float8, integer, boolean, integer) IS
'linear SVM on the query''s rows: target = the class column (boolean, integer or text; with more than two classes one classifier per class against the rest, as LIBLINEAR / LinearSVC, balanced weights n / (k n_c) on the class''s rows), every other column a numeric or boolean feature by name; minimises 1/2 |w|^2 + C sum loss with loss hinge or squared_hinge by dual coordinate descent (Hsieh et al. 2008), features z-scored unless standardize => false, class_weight NULL or ''balanced''; stops when the projected gradient spread < tol or after max_iter passes; rows with a NULL feature skipped; within pmkt.max_train_memory (53200)';
CREATE FUNCTION pmkt.svm_decision(model pmkt.svm_model, "row" record) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_svm_decision'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.svm_decision(pmkt.svm_model, record) IS
'decision value of a two-class linear SVM for a row whose columns are matched to the features by name (> 0: the second class); NULL when a feature is NULL; a model of more classes: name the class';
CREATE FUNCTION pmkt.svm_decision(model pmkt.svm_model, "row" record, class text) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_svm_decision'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.svm_decision(pmkt.svm_model, record, text) IS
'decision value of the named class (text form) for the row: its one-vs-rest classifier (more than two classes), or with two classes the decision value of the second class and its negative for the first; NULL when a feature is NULL';
CREATE FUNCTION pmkt.svm_predict(model pmkt.svm_model, "row" record) RETURNS text
AS 'MODULE_PATHNAME', 'pmkt_svm_predict'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.svm_predict(pmkt.svm_model, record) IS
'the class of a row by a linear SVM (two classes: the second when the decision value > 0; more: the class of the largest one-vs-rest decision value, the first on a tie, as LinearSVC); NULL when a feature is NULL';
