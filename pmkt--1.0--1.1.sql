-- pmkt--1.0--1.1.sql: assembled by scripts/assemble_sql.sh from the
-- parts src/<family>/NN_module--1.0--1.1.sql and the parts new in 1.1.

\echo Use "ALTER EXTENSION pmkt UPDATE TO '1.1'" to load this file. \quit

-- ======== src/00_base--1.0--1.1.sql
-- base: 1.0 -> 1.1

-- The extension's schema must still be its installer's (the 1.1 install
-- script refuses a schema pmkt owned by another role; see src/00_base.sql).
-- On update the owner may be the role running the update or the extension's
-- owner; any other owner means 1.0 was installed into a schema someone else
-- made, whose owner controls every object in it.  Search_path safe: the
-- script runs with search_path = pmkt, so every name below is qualified.
DO $pmkt_schema_owner$
DECLARE
    owner_name pg_catalog.text;
    ext_owner  pg_catalog.text;
BEGIN
    SELECT pg_catalog.pg_get_userbyid(n.nspowner)::pg_catalog.text,
           pg_catalog.pg_get_userbyid(e.extowner)::pg_catalog.text
      INTO owner_name, ext_owner
    FROM pg_catalog.pg_namespace n, pg_catalog.pg_extension e
    WHERE n.nspname OPERATOR(pg_catalog.=) 'pmkt'::pg_catalog.name
      AND e.extname OPERATOR(pg_catalog.=) 'pmkt'::pg_catalog.name;
    IF owner_name OPERATOR(pg_catalog.<>) CURRENT_USER::pg_catalog.text
       AND owner_name OPERATOR(pg_catalog.<>) ext_owner THEN
        RAISE EXCEPTION 'schema pmkt is owned by another role'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Schema pmkt is owned by role %s; the extension is owned by role %s and updated by role %s.',
                                             pg_catalog.quote_ident(owner_name),
                                             pg_catalog.quote_ident(ext_owner),
                                             pg_catalog.quote_ident(CURRENT_USER::pg_catalog.text)),
                  HINT = 'The owner of schema pmkt controls every object in it. Check the schema''s contents, then ALTER SCHEMA pmkt OWNER TO the extension''s owner and update again.';
    END IF;
END
$pmkt_schema_owner$;

-- ======== src/segment/35_rfm--1.0--1.1.sql
-- 1.1 (issue 16): pmkt.rfm and pmkt.rfm_strategy take order lines (order_col,
-- a new last argument: count distinct orders, sum amounts per order); 1.0
-- calls keep working (order_col defaults to NULL).  The old signatures are
-- dropped (nothing in 1.0 depends on them: run_evaluation is PL/pgSQL).
DROP FUNCTION pmkt.rfm(regclass, text, text, text, timestamptz, text, float8, int, int, text, text, bigint);
DROP FUNCTION pmkt.rfm_strategy(regclass, text, text, text, timestamptz, text, float8, int, int, text, text, bigint);

CREATE FUNCTION pmkt.rfm(
    orders             regclass,
    customer_col       text        DEFAULT 'customer_id',
    time_col           text        DEFAULT 'ordered_at',
    amount_col         text        DEFAULT 'amount',
    as_of              timestamptz DEFAULT NULL,
    monetary           text        DEFAULT 'total',
    new_days           float8      DEFAULT 90,
    frequent_min_score int         DEFAULT NULL,
    bins               int         DEFAULT 5,
    ties               text        DEFAULT 'shared',
    method             text        DEFAULT 'rules',
    seed               bigint      DEFAULT 42,
    order_col          text        DEFAULT NULL)
RETURNS SETOF pmkt.rfm_customer
AS 'MODULE_PATHNAME', 'pmkt_rfm'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.rfm(regclass, text, text, text, timestamptz, text, float8, int, int, text, text, bigint, text) IS
'RFM profile of every customer of an orders table. Rows are orders, or with order_col given order lines: the lines of one (customer, order id) make one order whose time is its earliest line and whose amount is the sum of its lines, so frequency counts distinct orders (without order_col every row counts as an order). Recency measured from as_of (NULL: the latest order; lines after as_of are ignored), frequency = orders, monetary = ''total'' or ''average'' order amount; 1..bins scores as ntile(bins) worst-first (ties ''shared'': equal values share the score, ''first'': plain ntile broken by customer id); segment: new when the first order is less than new_days before as_of, else frequent when the frequency is above the natural break of ln(frequency) among the other customers (exact two-group split, least within-group sum of squares) or, with frequent_min_score given, when f_score >= frequent_min_score, else occasional. method => ''kmeans'': instead, 3-means (k-means++ seeded by seed, best of 10) on the z-scores of ln(1 + tenure_days), recency_days, ln(frequency), ln(1 + monetary), clusters named by what the segments mean: in the cluster with the least mean tenure, the customers whose first order is less than new_days before as_of are new and the others occasional (a customer whose first order is older is never new), of the other two clusters the one with the higher mean ln(frequency) is frequent, the other occasional. The customer column must be an integer type, the time timestamptz, timestamp or date, the amount a number (42804 otherwise). Rows with a NULL customer, time, amount or order id are skipped';

COMMENT ON FUNCTION pmkt.rfm_query(text, timestamptz, text, float8, int, int, text, text, bigint) IS
'pmkt.rfm over a query whose first three columns are, in this order, the customer id (an integer or numeric type), the order time (timestamptz, timestamp or date) and the amount (an integer, real or numeric type), one row per order (aggregate order lines per order in the query, or use pmkt.rfm with order_col); other types, or a column named customer_id, ordered_at, amount or order_id at another of these positions, raise 42804 listing the columns received; same options and result';

CREATE FUNCTION pmkt.rfm_strategy(
    orders             regclass,
    customer_col       text        DEFAULT 'customer_id',
    time_col           text        DEFAULT 'ordered_at',
    amount_col         text        DEFAULT 'amount',
    as_of              timestamptz DEFAULT NULL,
    monetary           text        DEFAULT 'total',
    new_days           float8      DEFAULT 90,
    frequent_min_score int         DEFAULT NULL,
    bins               int         DEFAULT 5,
    ties               text        DEFAULT 'shared',
    method             text        DEFAULT 'rules',
    seed               bigint      DEFAULT 42,
    order_col          text        DEFAULT NULL)
RETURNS SETOF pmkt.customer_strategy
AS 'MODULE_PATHNAME', 'pmkt_rfm_strategy'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.rfm_strategy(regclass, text, text, text, timestamptz, text, float8, int, int, text, text, bigint, text) IS
'Each customer of an orders table (pmkt.rfm''s arguments, order_col included) with its segment and that segment''s strategy and planning figures from pmkt.segment_strategy (NULL when the segment has no row there)';

-- ======== src/segment/38_dbscan--1.0--1.1.sql
-- 1.1: dbscan reads its rows through the trainers' loader (src/util/matrix.c):
-- the comment names the column types it takes
COMMENT ON FUNCTION pmkt.dbscan(text, float8, int, bigint) IS
'DBSCAN over the rows of query (first column: id, an integer or numeric read as bigint; second: features, a float8[] or an integer, real or numeric array read as float8[]; further columns ignored): a row with at least min_points rows (itself included) within Euclidean distance eps is a core point; clusters are grown from core points in the query''s row order (ORDER BY for reproducibility), border points join the first cluster reaching them, the rest is noise (cluster_id -1). Matches scikit-learn''s DBSCAN labels + 1. Rows with a NULL id, NULL features or a NULL element are skipped. Grid neighbour search (cell side eps); refuses with 54000 beyond max_candidate_pairs distance computations per pass';

-- ======== src/classify/80_classify_metrics.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- classify metrics (issue 13, part 3): classification report, ROC AUC, ROC
-- and precision-recall curves, gains table, log loss, Brier score, and a
-- seeded train/test split.  All aggregates are parallel safe with combine
-- functions; their states are plain SQL types (bytea, float8[]) that
-- survive a text round trip exactly and are validated on every read.
-- ---------------------------------------------------------------------------

-- classification report ------------------------------------------------------
CREATE FUNCTION pmkt.classification_report_sfunc(state bytea, actual anyelement, predicted anyelement)
RETURNS bytea AS 'MODULE_PATHNAME', 'pmkt_cr_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.classification_report_sfunc(bytea, anyelement, anyelement) IS
'transition function of pmkt.classification_report(actual, predicted); state: class labels (text form) and the confusion counts';
CREATE FUNCTION pmkt.classification_report_combine(a bytea, b bytea) RETURNS bytea
AS 'MODULE_PATHNAME', 'pmkt_cr_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.classification_report_combine(bytea, bytea) IS
'combine function of pmkt.classification_report(actual, predicted)';
CREATE FUNCTION pmkt.classification_report_final(state bytea) RETURNS jsonb
AS 'MODULE_PATHNAME', 'pmkt_cr_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.classification_report_final(bytea) IS
'final function of pmkt.classification_report(actual, predicted)';
CREATE AGGREGATE pmkt.classification_report(actual anyelement, predicted anyelement) (
  sfunc = pmkt.classification_report_sfunc, stype = bytea,
  combinefunc = pmkt.classification_report_combine,
  finalfunc = pmkt.classification_report_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.classification_report(anyelement, anyelement) IS
'classification report as jsonb: n, classes (sorted: numerically when all labels are numbers, else by text), confusion_matrix (rows actual, columns predicted), per_class precision/recall/f1/support/predicted, accuracy, balanced_accuracy, cohen_kappa, macro and weighted averages; 0/0 gives 0 as scikit-learn; rows with a NULL skipped; at most 1000 classes';

-- (score, actual) pairs: exact ROC AUC, curves, gains table ------------------
CREATE FUNCTION pmkt.score_pairs_sfunc(state float8[], score float8, actual boolean)
RETURNS float8[] AS 'MODULE_PATHNAME', 'pmkt_ps_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.score_pairs_sfunc(float8[], float8, boolean) IS
'transition function of pmkt.roc_auc, roc_curve, pr_curve; state [tag, n, bins, score1, label1, ...] plus spare capacity; 16 bytes a row within pmkt.max_train_memory';
CREATE FUNCTION pmkt.score_pairs_combine(a float8[], b float8[]) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_ps_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.score_pairs_combine(float8[], float8[]) IS
'combine function of pmkt.roc_auc, roc_curve, pr_curve, gains_table';

CREATE FUNCTION pmkt.roc_auc_final(state float8[]) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_roc_auc_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.roc_auc_final(float8[]) IS 'final function of pmkt.roc_auc(score, actual)';
CREATE AGGREGATE pmkt.roc_auc(score float8, actual boolean) (
  sfunc = pmkt.score_pairs_sfunc, stype = float8[], combinefunc = pmkt.score_pairs_combine,
  finalfunc = pmkt.roc_auc_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.roc_auc(float8, boolean) IS
'exact area under the ROC curve (ties count 1/2, as scikit-learn roc_auc_score); keeps every pair: 16 bytes a row within pmkt.max_train_memory (53200 beyond); NULLs skipped; NaN/Infinity scores and a single class are errors (22023)';

CREATE TYPE pmkt.roc_point AS (threshold float8, fpr float8, tpr float8);
COMMENT ON TYPE pmkt.roc_point IS 'a point of pmkt.roc_curve: rows with score >= threshold are flagged';
COMMENT ON COLUMN pmkt.roc_point.threshold IS 'score threshold (flag rows with score >= threshold); +Infinity for the first point (nothing flagged)';
COMMENT ON COLUMN pmkt.roc_point.fpr IS 'false positive rate: flagged negatives / all negatives';
COMMENT ON COLUMN pmkt.roc_point.tpr IS 'true positive rate (recall): flagged positives / all positives';
CREATE FUNCTION pmkt.roc_curve_final(state float8[]) RETURNS pmkt.roc_point[]
AS 'MODULE_PATHNAME', 'pmkt_roc_curve_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.roc_curve_final(float8[]) IS 'final function of pmkt.roc_curve(score, actual)';
CREATE AGGREGATE pmkt.roc_curve(score float8, actual boolean) (
  sfunc = pmkt.score_pairs_sfunc, stype = float8[], combinefunc = pmkt.score_pairs_combine,
  finalfunc = pmkt.roc_curve_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.roc_curve(float8, boolean) IS
'ROC curve points, highest threshold first: (Infinity, 0, 0) then one point per distinct score (scikit-learn roc_curve with drop_intermediate => false); unnest() it for charts';

CREATE TYPE pmkt.pr_point AS (threshold float8, "precision" float8, recall float8);
COMMENT ON TYPE pmkt.pr_point IS 'a point of pmkt.pr_curve: rows with score >= threshold are flagged';
COMMENT ON COLUMN pmkt.pr_point.threshold IS 'score threshold (flag rows with score >= threshold); +Infinity for the first point (nothing flagged)';
COMMENT ON COLUMN pmkt.pr_point."precision" IS 'precision: flagged positives / flagged rows (1 for the first point, as scikit-learn)';
COMMENT ON COLUMN pmkt.pr_point.recall IS 'recall: flagged positives / all positives';
CREATE FUNCTION pmkt.pr_curve_final(state float8[]) RETURNS pmkt.pr_point[]
AS 'MODULE_PATHNAME', 'pmkt_pr_curve_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.pr_curve_final(float8[]) IS 'final function of pmkt.pr_curve(score, actual)';
CREATE AGGREGATE pmkt.pr_curve(score float8, actual boolean) (
  sfunc = pmkt.score_pairs_sfunc, stype = float8[], combinefunc = pmkt.score_pairs_combine,
  finalfunc = pmkt.pr_curve_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.pr_curve(float8, boolean) IS
'precision-recall curve points, highest threshold first: (Infinity, 1, 0) then one point per distinct score (scikit-learn precision_recall_curve in reverse order); no positive row is an error (22023)';

CREATE TYPE pmkt.gains_row AS (
  bin bigint, rows bigint, responders bigint, response_rate float8,
  min_score float8, max_score float8, cum_rows bigint, cum_responders bigint,
  cum_response_rate float8, gain float8, lift float8, cum_lift float8);
COMMENT ON TYPE pmkt.gains_row IS 'a row of pmkt.gains_table: one score bin, best scores first';
COMMENT ON COLUMN pmkt.gains_row.bin IS 'bin number, 1 = highest scores; a run of tied scores stays in the bin where it starts, so a bin may be left out';
COMMENT ON COLUMN pmkt.gains_row.rows IS 'rows in the bin';
COMMENT ON COLUMN pmkt.gains_row.responders IS 'rows with actual = true in the bin';
COMMENT ON COLUMN pmkt.gains_row.response_rate IS 'responders / rows in the bin';
COMMENT ON COLUMN pmkt.gains_row.min_score IS 'lowest score in the bin';
COMMENT ON COLUMN pmkt.gains_row.max_score IS 'highest score in the bin';
COMMENT ON COLUMN pmkt.gains_row.cum_rows IS 'rows in this bin and all better ones';
COMMENT ON COLUMN pmkt.gains_row.cum_responders IS 'responders in this bin and all better ones';
COMMENT ON COLUMN pmkt.gains_row.cum_response_rate IS 'cum_responders / cum_rows';
COMMENT ON COLUMN pmkt.gains_row.gain IS 'cumulative gain: cum_responders / all responders (NULL when there is no responder)';
COMMENT ON COLUMN pmkt.gains_row.lift IS 'response_rate / overall response rate (NULL when there is no responder)';
COMMENT ON COLUMN pmkt.gains_row.cum_lift IS 'cum_response_rate / overall response rate (NULL when there is no responder)';
CREATE FUNCTION pmkt.gains_table_sfunc(state float8[], score float8, actual boolean, bins integer)
RETURNS float8[] AS 'MODULE_PATHNAME', 'pmkt_ps_sfunc_bins'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.gains_table_sfunc(float8[], float8, boolean, integer) IS
'transition function of pmkt.gains_table(score, actual, bins); the pairs state of pmkt.roc_auc with the bin count';
CREATE FUNCTION pmkt.gains_table_final(state float8[]) RETURNS pmkt.gains_row[]
AS 'MODULE_PATHNAME', 'pmkt_gains_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.gains_table_final(float8[]) IS 'final function of pmkt.gains_table(score, actual[, bins])';
CREATE AGGREGATE pmkt.gains_table(score float8, actual boolean, bins integer) (
  sfunc = pmkt.gains_table_sfunc, stype = float8[], combinefunc = pmkt.score_pairs_combine,
  finalfunc = pmkt.gains_table_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.gains_table(float8, boolean, integer) IS
'gains / lift table in bins of equal size by score, best first (bins 1..1000, the same on every row); exact: keeps every pair within pmkt.max_train_memory (53200 beyond)';
CREATE AGGREGATE pmkt.gains_table(score float8, actual boolean) (
  sfunc = pmkt.score_pairs_sfunc, stype = float8[], combinefunc = pmkt.score_pairs_combine,
  finalfunc = pmkt.gains_table_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.gains_table(float8, boolean) IS
'decile gains / lift table (10 bins), best scores first; see pmkt.gains_table(score, actual, bins)';

-- log loss and Brier score ---------------------------------------------------
CREATE FUNCTION pmkt.log_loss_sfunc(state float8[], probability float8, actual boolean)
RETURNS float8[] AS 'MODULE_PATHNAME', 'pmkt_log_loss_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.log_loss_sfunc(float8[], float8, boolean) IS
'transition function of pmkt.log_loss(probability, actual); state [tag, rows, sum of losses]';
CREATE FUNCTION pmkt.log_loss_combine(a float8[], b float8[]) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_log_loss_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.log_loss_combine(float8[], float8[]) IS 'combine function of pmkt.log_loss(probability, actual)';
CREATE FUNCTION pmkt.log_loss_final(state float8[]) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_log_loss_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.log_loss_final(float8[]) IS 'final function of pmkt.log_loss(probability, actual)';
CREATE AGGREGATE pmkt.log_loss(probability float8, actual boolean) (
  sfunc = pmkt.log_loss_sfunc, stype = float8[], combinefunc = pmkt.log_loss_combine,
  finalfunc = pmkt.log_loss_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.log_loss(float8, boolean) IS
'mean binary log loss (cross-entropy, natural log) of the predicted probability of true; probabilities clipped to [2.2e-16, 1 - 2.2e-16] as scikit-learn log_loss; outside [0, 1] is an error';

CREATE FUNCTION pmkt.brier_score_sfunc(state float8[], probability float8, actual boolean)
RETURNS float8[] AS 'MODULE_PATHNAME', 'pmkt_brier_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.brier_score_sfunc(float8[], float8, boolean) IS
'transition function of pmkt.brier_score(probability, actual); state [tag, rows, sum of squared errors]';
CREATE FUNCTION pmkt.brier_score_combine(a float8[], b float8[]) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_brier_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.brier_score_combine(float8[], float8[]) IS 'combine function of pmkt.brier_score(probability, actual)';
CREATE FUNCTION pmkt.brier_score_final(state float8[]) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_brier_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.brier_score_final(float8[]) IS 'final function of pmkt.brier_score(probability, actual)';
CREATE AGGREGATE pmkt.brier_score(probability float8, actual boolean) (
  sfunc = pmkt.brier_score_sfunc, stype = float8[], combinefunc = pmkt.brier_score_combine,
  finalfunc = pmkt.brier_score_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.brier_score(float8, boolean) IS
'Brier score: mean squared difference between the predicted probability of true and the outcome (1/0); outside [0, 1] is an error';

-- train / test split ---------------------------------------------------------
CREATE FUNCTION pmkt.split_hash(key text, seed integer DEFAULT 0) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_split_hash'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.split_hash(text, integer) IS
'a seeded hash of a key as a fraction in [0, 1): FNV-1a 64 over the seed (4 bytes, little-endian) and the key''s bytes, splitmix64 finish, top 53 bits; the same on every platform and server version';
CREATE FUNCTION pmkt.train_test_split(key text, test_fraction float8 DEFAULT 0.2, seed integer DEFAULT 0)
RETURNS text AS 'MODULE_PATHNAME', 'pmkt_train_test_split'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.train_test_split(text, float8, integer) IS
'''test'' when pmkt.split_hash(key, seed) < test_fraction, else ''train'': a deterministic split column (about test_fraction of the keys, the same key always on the same side); cast other keys to text';
CREATE FUNCTION pmkt.stratified_split(query text, key_column text, stratify_column text,
                                      test_fraction float8 DEFAULT 0.2, seed integer DEFAULT 0)
RETURNS TABLE (key text, stratum text, split text)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
AS $$
-- no SET search_path: the caller's query runs under the caller's path; the
-- wrapper below names every function and operator by schema

BEGIN
  IF query IS NULL OR key_column IS NULL OR stratify_column IS NULL OR test_fraction IS NULL OR seed IS NULL THEN
    RAISE EXCEPTION 'pmkt.stratified_split: arguments must not be NULL'
      USING ERRCODE = '22004', HINT = 'Pass a query, its key and stratum column names, a test fraction and a seed.';
  END IF;
  IF NOT (test_fraction >= 0 AND test_fraction <= 1) THEN
    RAISE EXCEPTION 'invalid value for argument "test_fraction"'
      USING ERRCODE = '22023', DETAIL = format('Got %s.', test_fraction), HINT = 'Use a fraction in [0, 1], e.g. 0.2.';
  END IF;
  RETURN QUERY EXECUTE format(
    'SELECT k, s, CASE WHEN rn OPERATOR(pg_catalog.<=) pg_catalog.round($1 OPERATOR(pg_catalog.*) cnt::pg_catalog.float8)
                       THEN ''test''::pg_catalog.text ELSE ''train''::pg_catalog.text END
       FROM (SELECT k, s, pg_catalog.row_number() OVER (PARTITION BY s ORDER BY pmkt.split_hash(k, $2), k COLLATE "C") AS rn,
                    pg_catalog.count(*) OVER (PARTITION BY s) AS cnt
               FROM (SELECT q.%I::pg_catalog.text AS k, q.%I::pg_catalog.text AS s FROM (%s) q) r) z',
    key_column, stratify_column, query) USING test_fraction, seed;
END $$;
COMMENT ON FUNCTION pmkt.stratified_split(text, text, text, float8, integer) IS
'stratified train/test split of a query''s rows: in each stratum, the round(test_fraction x stratum size) keys with the smallest pmkt.split_hash(key, seed) are ''test'', the rest ''train''; deterministic';

-- ======== src/classify/81_tree.sql
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
    class_weight text DEFAULT NULL, ccp_alpha float8 DEFAULT 0)
RETURNS pmkt.treemodel
AS 'MODULE_PATHNAME', 'pmkt_tree_train'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.tree_train(text, text, text, integer, integer, integer, text, float8) IS
'CART classification tree (Breiman et al. 1984) on the query''s rows: target = the class column (boolean, integer or text), every other column a feature by name (numeric/boolean: numbers; text: categories, split by the ordering of Breiman''s theorem for 2 classes, by the share of the node''s majority class otherwise); criterion gini or entropy; max_depth NULL = 200; class_weight NULL or ''balanced''; ccp_alpha: minimal cost-complexity pruning; NULL features: skipped when choosing a split, then sent with unseen categories to the larger child; rows with a NULL target skipped; the rows must fit pmkt.max_train_memory (53200)';

CREATE FUNCTION pmkt.forest_train(
    query text, target text,
    n_trees integer DEFAULT 100, max_features text DEFAULT 'sqrt',
    bootstrap_fraction float8 DEFAULT 1.0, seed integer DEFAULT 0,
    criterion text DEFAULT 'gini', max_depth integer DEFAULT NULL,
    min_samples_split integer DEFAULT 2, min_samples_leaf integer DEFAULT 1,
    class_weight text DEFAULT NULL, ccp_alpha float8 DEFAULT 0,
    permutation_importance boolean DEFAULT true)
RETURNS pmkt.treemodel
AS 'MODULE_PATHNAME', 'pmkt_forest_train'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.forest_train(text, text, integer, text, float8, integer, text, integer, integer, integer, text, float8, boolean) IS
'random forest (Breiman 2001) of CART trees (see pmkt.tree_train): each tree on a bootstrap sample of bootstrap_fraction x rows drawn with replacement, max_features (''sqrt'', ''log2'', ''all'' or a count) features tried per split; seeded and reproducible; out-of-bag accuracy, mean impurity importance and out-of-bag permutation importance (Breiman) in the model';

CREATE FUNCTION pmkt.predict(model pmkt.treemodel, "row" record) RETURNS text
AS 'MODULE_PATHNAME', 'pmkt_tree_predict'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.predict(pmkt.treemodel, record) IS
'the most probable class (text form) for a row whose columns are matched to the model''s features by name, e.g. pmkt.predict(m, t) FROM customers t; extra columns ignored; a missing feature column is an error (42703); NULL and unseen categories go to the larger child';
CREATE FUNCTION pmkt.predict_proba(model pmkt.treemodel, "row" record) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_tree_predict_proba'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.predict_proba(pmkt.treemodel, record) IS
'probability of the second class of a two-class model (true, the larger integer, or the later text label), averaged over the trees';
CREATE FUNCTION pmkt.predict_proba(model pmkt.treemodel, "row" record, class text) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_tree_predict_proba'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.predict_proba(pmkt.treemodel, record, text) IS
'probability of the named class (its text form, e.g. ''t'' for true) for the row, averaged over the trees';

CREATE FUNCTION pmkt.tree_rules(model pmkt.treemodel, tree integer DEFAULT 1)
RETURNS SETOF text
AS 'MODULE_PATHNAME', 'pmkt_tree_rules'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.tree_rules(pmkt.treemodel, integer) IS
'one readable rule per leaf of a tree (1 = the first of a forest): IF age <= 30.5 AND job IN (''admin'') THEN t (p = 0.820, n = 1204)';

CREATE FUNCTION pmkt.feature_importance(model pmkt.treemodel)
RETURNS TABLE (feature text, feature_type text, impurity_importance float8, permutation_importance float8)
AS 'MODULE_PATHNAME', 'pmkt_tree_importance'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.feature_importance(pmkt.treemodel) IS
'per feature: type, impurity importance (weighted Gini/entropy decrease, sums to 1; mean over the trees of a forest), permutation importance (mean out-of-bag accuracy drop when the feature is shuffled; forests only, else NULL)';

CREATE FUNCTION pmkt.tree_model_info(model pmkt.treemodel) RETURNS jsonb
AS 'MODULE_PATHNAME', 'pmkt_tree_info'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.tree_model_info(pmkt.treemodel) IS
'summary of a pmkt.treemodel: kind (tree/forest), trees, nodes, leaves, depth, criterion, target type, training and skipped rows, out-of-bag accuracy, classes, features';

-- ======== src/classify/82_svm.sql
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

-- ======== src/ops/90_registry--1.0--1.1.sql
-- registry: 1.0 -> 1.1

-- Every SQL routine runs under search_path = pg_catalog, pg_temp, so that
-- no function or operator a caller's search_path holds is reached
-- (CVE-2018-1058); save_model(text) also names the schema in its hint.
ALTER FUNCTION pmkt.model_registry_before_insert() SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION pmkt.save_model(text, text, anyelement, jsonb, text, jsonb) SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION pmkt.latest_model(text, int) SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION pmkt.list_models() SET search_path = pg_catalog, pg_temp;

CREATE OR REPLACE FUNCTION pmkt.save_model(name text, kind text, model text,
                                parameters jsonb DEFAULT '{}',
                                training_query text DEFAULT NULL,
                                metrics jsonb DEFAULT '{}',
                                model_type text DEFAULT 'text')
RETURNS int
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v int;
BEGIN
    IF name IS NULL OR length(btrim(name)) = 0 THEN
        RAISE EXCEPTION 'name must be a non-empty text'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('name is %s.', coalesce(quote_literal(name), 'NULL')),
                  HINT = 'Give the model a name, e.g. ''sales_ols''.';
    END IF;
    IF kind IS NULL OR kind !~ '^[a-z][a-z0-9_]*$' THEN
        RAISE EXCEPTION 'kind must be a lower-case identifier'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('kind is %s.', coalesce(quote_literal(kind), 'NULL')),
                  HINT = 'Use kmeans, ols, logistic, bpnn, rbf, pca, entropy or another lower-case word.';
    END IF;
    IF model IS NULL THEN
        RAISE EXCEPTION 'model must not be NULL'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('model %s of kind %s is NULL.', quote_literal(name), kind),
                  HINT = 'Pass the trained model value (e.g. the result of the training function).';
    END IF;
    IF model_type IS NULL OR pg_catalog.to_regtype(model_type) IS NULL THEN
        RAISE EXCEPTION 'model_type must name an existing type'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('model_type is %s.', coalesce(quote_literal(model_type), 'NULL')),
                  HINT = 'Pass the type the model''s text form casts back to, schema-qualified unless it is a pg_catalog type (e.g. ''jsonb'', ''public.my_type''), or omit it for text.';
    END IF;
    IF parameters IS NULL OR jsonb_typeof(parameters) <> 'object' THEN
        RAISE EXCEPTION 'parameters must be a JSON object'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('parameters is %s.', coalesce(parameters::text, 'NULL')),
                  HINT = 'Pass e.g. ''{"k": 3, "seed": 42}'' or ''{}''.';
    END IF;
    IF metrics IS NULL OR jsonb_typeof(metrics) <> 'object' THEN
        RAISE EXCEPTION 'metrics must be a JSON object'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('metrics is %s.', coalesce(metrics::text, 'NULL')),
                  HINT = 'Pass e.g. ''{"r2": 0.91}'' or ''{}''.';
    END IF;
    INSERT INTO pmkt.model_registry AS r
        (name, kind, parameters, training_query, metrics, model_type, model)
    VALUES (save_model.name, save_model.kind, save_model.parameters,
            save_model.training_query, save_model.metrics,
            pg_catalog.format_type(pg_catalog.to_regtype(save_model.model_type), NULL),
            save_model.model)
    RETURNING r.version INTO v;
    RETURN v;
END
$fn$;

-- ======== src/ops/95_operations--1.0--1.1.sql
-- operations: 1.0 -> 1.1

-- Every SQL routine runs under search_path = pg_catalog, pg_temp, so that
-- no function or operator a caller's search_path holds is reached
-- (CVE-2018-1058).
ALTER FUNCTION pmkt.evaluation_source(text, text) SET search_path = pg_catalog, pg_temp;
ALTER PROCEDURE pmkt.evaluation_cleanup() SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION pmkt.evaluation_record_model(text, date, timestamptz, text, text, text, text, jsonb, text, jsonb, boolean)
    SET search_path = pg_catalog, pg_temp;
ALTER PROCEDURE pmkt.run_evaluation(text, date, int, bigint, float8, float8, int, text, int, int, boolean)
    SET search_path = pg_catalog, pg_temp;
