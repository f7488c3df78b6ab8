-- new in 1.1
-- ---------------------------------------------------------------------------
-- tree: CART classification trees and random forests (issue 13, part 1).
-- Training reads a query: every column but the target is a feature, by
-- name; numeric and boolean columns are numbers, text columns categories.
-- ---------------------------------------------------------------------------
CREATE TYPE pmkt.treemodel;
CREATE FUNCTION pmkt.treemodel_in(cstring) RETURNS pmkt.treemodel
AS 'MODULE_PATHNAME', 'pmkt_treemodel_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.treemodel_out(pmkt.treemodel) RETURNS cstring
AS 'MODULE_PATHNAME', 'pmkt_treemodel_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.treemodel_recv(internal) RETURNS pmkt.treemodel
AS 'MODULE_PATHNAME', 'pmkt_treemodel_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.treemodel_send(pmkt.treemodel) RETURNS bytea
AS 'MODULE_PATHNAME', 'pmkt_treemodel_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE pmkt.treemodel (
    INPUT = pmkt.treemodel_in, OUTPUT = pmkt.treemodel_out,
    RECEIVE = pmkt.treemodel_recv, SEND = pmkt.treemodel_send,
    INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = extended);
COMMENT ON TYPE pmkt.treemodel IS
'a CART tree or a random forest (flat varlena): feature names and types, categories, classes, nodes, class probabilities, importances; text form = hexadecimal of the bytes (exact), validated on input';
COMMENT ON FUNCTION pmkt.treemodel_in(cstring) IS 'pmkt.treemodel input: hexadecimal, every part validated';
COMMENT ON FUNCTION pmkt.treemodel_out(pmkt.treemodel) IS 'pmkt.treemodel output: hexadecimal of the model''s bytes';
COMMENT ON FUNCTION pmkt.treemodel_recv(internal) IS 'pmkt.treemodel binary input (validated)';
COMMENT ON FUNCTION pmkt.treemodel_send(pmkt.treemodel) IS 'pmkt.treemodel binary output';

CREATE FUNCTION pmkt.tree_train(
    query text, target text,
    criterion text DEFAULT 'gini', max_depth integer DEFAULT NULL,
    min_samples_split integer DEFAULT 2, min_samples_leaf integer DEFAULT 1,
    class_weight text DEFAULT NULL, ccp_alpha float8 DEFAULT 0,
    splitter text DEFAULT 'hist')
RETURNS pmkt.treemodel
AS 'MODULE_PATHNAME', 'pmkt_tree_train'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.tree_train(text, text, text, integer, integer, integer, text, float8, text) IS
'CART classification tree (Breiman et al. 1984) on the query''s rows: target = the class column (boolean, integer or text), every other column a feature by name (numeric/boolean: numbers; text: categories, split by the ordering of Breiman''s theorem for 2 classes, by the share of the node''s majority class otherwise); criterion gini or entropy; max_depth NULL = 200; class_weight NULL or ''balanced''; ccp_alpha: minimal cost-complexity pruning; splitter ''hist'' (default: each numeric feature in at most 255 bins, one per distinct value when it has at most 255, else cut at quantiles of a seeded sample of 200000 values; thresholds midway between the node''s neighbouring bins; the exact search when a text feature has more than 255 categories or a node''s histograms, features x 256 bins x (classes + 1) x 8 bytes, exceed 1/16 of pmkt.max_train_memory) or ''exact'' (every midpoint, as scikit-learn); NULL features: skipped when choosing a split, then sent with unseen categories to the larger child; rows with a NULL target skipped; the rows must fit pmkt.max_train_memory (53200)';

CREATE FUNCTION pmkt.forest_train(
    query text, target text,
    n_trees integer DEFAULT 100, max_features text DEFAULT 'sqrt',
    bootstrap_fraction float8 DEFAULT 1.0, seed integer DEFAULT 0,
    criterion text DEFAULT 'gini', max_depth integer DEFAULT NULL,
    min_samples_split integer DEFAULT 2, min_samples_leaf integer DEFAULT 1,
    class_weight text DEFAULT NULL, ccp_alpha float8 DEFAULT 0,
    permutation_importance boolean DEFAULT true,
    splitter text DEFAULT 'hist')
RETURNS pmkt.treemodel
AS 'MODULE_PATHNAME', 'pmkt_forest_train'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.forest_train(text, text, integer, text, float8, integer, text, integer, integer, integer, text, float8, boolean, text) IS
'random forest (Breiman 2001) of CART trees (see pmkt.tree_train): each tree on a bootstrap sample of bootstrap_fraction x rows drawn with replacement, max_features (''sqrt'', ''log2'', ''all'' or a count) features tried per split; seeded and reproducible; splitter as in pmkt.tree_train; with ''hist'' the trees grow in 1 + max_parallel_workers_per_gather threads, each from its own seed (the model does not depend on the thread count); out-of-bag accuracy, mean impurity importance and out-of-bag permutation importance (Breiman) in the model';

-- predict(model, t) / predict_proba(model, t[, class]) with t the whole row
-- of a table are rewritten at plan time into the columns form below, which
-- takes t's columns as separate arguments: no row value is formed and
-- deformed per scored row (see pmkt_tree_predict_support in tree.c)
CREATE FUNCTION pmkt.tree_predict_columns(model pmkt.treemodel, present tid, names text[], VARIADIC columns "any")
RETURNS text
AS 'MODULE_PATHNAME', 'pmkt_tree_predict_columns'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.tree_predict_columns(pmkt.treemodel, tid, text[], "any") IS
'support function: pmkt.predict(model, t) on the columns of t (names: a constant array of their names, one per column argument; present: t''s ctid, NULL gives NULL); the planner rewrites pmkt.predict(model, t) for the whole row t of a table into it';
CREATE FUNCTION pmkt.tree_predict_proba_columns(model pmkt.treemodel, named boolean, class text, present tid, names text[], VARIADIC columns "any")
RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_tree_predict_proba_columns'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.tree_predict_proba_columns(pmkt.treemodel, boolean, text, tid, text[], "any") IS
'support function: pmkt.predict_proba(model, t[, class]) on the columns of t (named: the class argument is given; names and present as in pmkt.tree_predict_columns); the planner rewrites pmkt.predict_proba(model, t[, class]) for the whole row t of a table into it';
CREATE FUNCTION pmkt.tree_predict_support(internal) RETURNS internal
AS 'MODULE_PATHNAME', 'pmkt_tree_predict_support'
LANGUAGE C STRICT;
COMMENT ON FUNCTION pmkt.tree_predict_support(internal) IS
'planner support function of pmkt.predict / pmkt.predict_proba on a pmkt.treemodel (rewrites a whole-row argument of a table into the columns form)';

CREATE FUNCTION pmkt.predict(model pmkt.treemodel, "row" record) RETURNS text
AS 'MODULE_PATHNAME', 'pmkt_tree_predict'
LANGUAGE C STABLE STRICT PARALLEL SAFE
SUPPORT pmkt.tree_predict_support;
COMMENT ON FUNCTION pmkt.predict(pmkt.treemodel, record) IS
'the most probable class (text form) for a row whose columns are matched to the model''s features by name, e.g. pmkt.predict(m, t) FROM customers t; extra columns ignored; a missing feature column is an error (42703); NULL and unseen categories go to the larger child';
CREATE FUNCTION pmkt.predict_proba(model pmkt.treemodel, "row" record) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_tree_predict_proba'
LANGUAGE C STABLE STRICT PARALLEL SAFE
SUPPORT pmkt.tree_predict_support;
COMMENT ON FUNCTION pmkt.predict_proba(pmkt.treemodel, record) IS
'probability of the second class of a two-class model (true, the larger integer, or the later text label), averaged over the trees';
CREATE FUNCTION pmkt.predict_proba(model pmkt.treemodel, "row" record, class text) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_tree_predict_proba'
LANGUAGE C STABLE STRICT PARALLEL SAFE
SUPPORT pmkt.tree_predict_support;
COMMENT ON FUNCTION pmkt.predict_proba(pmkt.treemodel, record, text) IS
'probability of the named class (its text form, e.g. ''t'' for true) for the row, averaged over the trees';

CREATE FUNCTION pmkt.tree_rules(model pmkt.treemodel, tree integer DEFAULT 1)
RETURNS SETOF text
AS 'MODULE_PATHNAME', 'pmkt_tree_rules'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.tree_rules(pmkt.treemodel, integer) IS
'one readable rule per leaf of a tree (1 = the first of a forest): IF age <= 30.5 AND job IN (''admin'') THEN t (p = 0.820, n = 1204)';

CREATE FUNCTION pmkt.feature_importance(model pmkt.treemodel, digits int DEFAULT 4)
RETURNS TABLE (feature text, feature_type text, impurity_importance numeric, permutation_importance numeric)
AS 'MODULE_PATHNAME', 'pmkt_tree_importance'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.feature_importance(pmkt.treemodel, int) IS
'per feature: type, impurity importance (weighted Gini/entropy decrease, sums to 1; mean over the trees of a forest), permutation importance (mean out-of-bag accuracy drop when the feature is shuffled; forests only, else NULL). A report for reading: numeric, rounded to digits decimals (0..15, default 4); digits NULL: nothing rounded (each value the exact float8 result as the shortest numeric that reads back as it); a NULL model gives no rows';

CREATE FUNCTION pmkt.tree_model_info(model pmkt.treemodel) RETURNS jsonb
AS 'MODULE_PATHNAME', 'pmkt_tree_info'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.tree_model_info(pmkt.treemodel) IS
'summary of a pmkt.treemodel: kind (tree/forest), trees, nodes, leaves, depth, criterion, target type, training and skipped rows, out-of-bag accuracy, classes, features';
