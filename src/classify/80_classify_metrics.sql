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

-- the same aggregate for the usual label types: Citus pushes an aggregate
-- down only when its declared argument types equal the call's (never for
-- anyelement), and these overloads are picked over the polymorphic one
-- (smallint too: with integer and bigint only, int2 labels would be ambiguous)
CREATE FUNCTION pmkt.classification_report_sfunc(state bytea, actual boolean, predicted boolean)
RETURNS bytea AS 'MODULE_PATHNAME', 'pmkt_cr_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.classification_report_sfunc(bytea, boolean, boolean) IS
'transition function of pmkt.classification_report(boolean, boolean)';
CREATE AGGREGATE pmkt.classification_report(actual boolean, predicted boolean) (
  sfunc = pmkt.classification_report_sfunc, stype = bytea,
  combinefunc = pmkt.classification_report_combine,
  finalfunc = pmkt.classification_report_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.classification_report(boolean, boolean) IS
'pmkt.classification_report(actual, predicted) for boolean labels (see the anyelement form); distributable by Citus';
CREATE FUNCTION pmkt.classification_report_sfunc(state bytea, actual text, predicted text)
RETURNS bytea AS 'MODULE_PATHNAME', 'pmkt_cr_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.classification_report_sfunc(bytea, text, text) IS
'transition function of pmkt.classification_report(text, text)';
CREATE AGGREGATE pmkt.classification_report(actual text, predicted text) (
  sfunc = pmkt.classification_report_sfunc, stype = bytea,
  combinefunc = pmkt.classification_report_combine,
  finalfunc = pmkt.classification_report_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.classification_report(text, text) IS
'pmkt.classification_report(actual, predicted) for text labels (see the anyelement form); distributable by Citus';
CREATE FUNCTION pmkt.classification_report_sfunc(state bytea, actual smallint, predicted smallint)
RETURNS bytea AS 'MODULE_PATHNAME', 'pmkt_cr_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.classification_report_sfunc(bytea, smallint, smallint) IS
'transition function of pmkt.classification_report(smallint, smallint)';
CREATE AGGREGATE pmkt.classification_report(actual smallint, predicted smallint) (
  sfunc = pmkt.classification_report_sfunc, stype = bytea,
  combinefunc = pmkt.classification_report_combine,
  finalfunc = pmkt.classification_report_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.classification_report(smallint, smallint) IS
'pmkt.classification_report(actual, predicted) for smallint labels (see the anyelement form); distributable by Citus';
CREATE FUNCTION pmkt.classification_report_sfunc(state bytea, actual integer, predicted integer)
RETURNS bytea AS 'MODULE_PATHNAME', 'pmkt_cr_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.classification_report_sfunc(bytea, integer, integer) IS
'transition function of pmkt.classification_report(integer, integer)';
CREATE AGGREGATE pmkt.classification_report(actual integer, predicted integer) (
  sfunc = pmkt.classification_report_sfunc, stype = bytea,
  combinefunc = pmkt.classification_report_combine,
  finalfunc = pmkt.classification_report_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.classification_report(integer, integer) IS
'pmkt.classification_report(actual, predicted) for integer labels (see the anyelement form); distributable by Citus';
CREATE FUNCTION pmkt.classification_report_sfunc(state bytea, actual bigint, predicted bigint)
RETURNS bytea AS 'MODULE_PATHNAME', 'pmkt_cr_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.classification_report_sfunc(bytea, bigint, bigint) IS
'transition function of pmkt.classification_report(bigint, bigint)';
CREATE AGGREGATE pmkt.classification_report(actual bigint, predicted bigint) (
  sfunc = pmkt.classification_report_sfunc, stype = bytea,
  combinefunc = pmkt.classification_report_combine,
  finalfunc = pmkt.classification_report_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.classification_report(bigint, bigint) IS
'pmkt.classification_report(actual, predicted) for bigint labels (see the anyelement form); distributable by Citus';

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
