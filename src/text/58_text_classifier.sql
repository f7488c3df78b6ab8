-- new in 1.1
-- ---------------------------------------------------------------------------
-- text classifier: multinomial naive Bayes and L2 logistic regression on
-- PostgreSQL text search lexemes (issue 18, part 3; SPEC 1.3)
-- ---------------------------------------------------------------------------
CREATE TYPE pmkt.textmodel;
CREATE FUNCTION pmkt.textmodel_in(cstring) RETURNS pmkt.textmodel
AS 'MODULE_PATHNAME', 'pmkt_textmodel_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.textmodel_out(pmkt.textmodel) RETURNS cstring
AS 'MODULE_PATHNAME', 'pmkt_textmodel_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.textmodel_recv(internal) RETURNS pmkt.textmodel
AS 'MODULE_PATHNAME', 'pmkt_textmodel_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.textmodel_send(pmkt.textmodel) RETURNS bytea
AS 'MODULE_PATHNAME', 'pmkt_textmodel_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE pmkt.textmodel (
    INPUT = pmkt.textmodel_in, OUTPUT = pmkt.textmodel_out,
    RECEIVE = pmkt.textmodel_recv, SEND = pmkt.textmodel_send,
    INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = extended);
COMMENT ON TYPE pmkt.textmodel IS
'a trained text classifier (flat varlena): method, text search configuration (by name), n-gram and TF-IDF settings, labels, vocabulary, weights; text form = hexadecimal of the bytes (exact), validated on input';
COMMENT ON FUNCTION pmkt.textmodel_in(cstring) IS 'pmkt.textmodel input: hexadecimal, every part validated';
COMMENT ON FUNCTION pmkt.textmodel_out(pmkt.textmodel) IS 'pmkt.textmodel output: hexadecimal of the model''s bytes';
COMMENT ON FUNCTION pmkt.textmodel_recv(internal) IS 'pmkt.textmodel binary input (validated)';
COMMENT ON FUNCTION pmkt.textmodel_send(pmkt.textmodel) IS 'pmkt.textmodel binary output';

CREATE FUNCTION pmkt.text_tokens(doc text, config regconfig DEFAULT 'english', ngram_max integer DEFAULT 1)
RETURNS text[]
AS 'MODULE_PATHNAME', 'pmkt_text_tokens'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.text_tokens(text, regconfig, integer) IS
'the terms the text classifier sees in a text, in order, with repeats: its text search lexemes (the server''s parser and dictionaries for config, as to_tsvector: stemmed, stop words dropped), then, with ngram_max = 2, ''a b'' for each lexeme a at position p and b at position p + 1 (no pair across a dropped stop word; pairs within the first 16383 positions); only the first 1 MB of the text is read; NULL gives NULL';

-- naive Bayes counts as a combinable aggregate: text_classifier_train's
-- naive Bayes (without TF-IDF) runs it over the query, so a parallel plan
-- (or Citus) can count on several cores; integer sums, the same model
CREATE TYPE pmkt.textnbstate;
CREATE FUNCTION pmkt.textnbstate_in(cstring) RETURNS pmkt.textnbstate
AS 'MODULE_PATHNAME', 'pmkt_textnbstate_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.textnbstate_out(pmkt.textnbstate) RETURNS cstring
AS 'MODULE_PATHNAME', 'pmkt_textnbstate_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.textnbstate_recv(internal) RETURNS pmkt.textnbstate
AS 'MODULE_PATHNAME', 'pmkt_textnbstate_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.textnbstate_send(pmkt.textnbstate) RETURNS bytea
AS 'MODULE_PATHNAME', 'pmkt_textnbstate_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE pmkt.textnbstate (
    INPUT = pmkt.textnbstate_in, OUTPUT = pmkt.textnbstate_out,
    RECEIVE = pmkt.textnbstate_recv, SEND = pmkt.textnbstate_send,
    INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = extended);
COMMENT ON TYPE pmkt.textnbstate IS
'naive Bayes counts of pmkt.text_nb_counts (flat varlena): configuration (by name), ngram_max, documents per label, and per term its document frequency and its count per label, labels and terms in byte order (one set of rows, one value, in any row order); text form = hexadecimal of the bytes (exact), validated on input';
COMMENT ON FUNCTION pmkt.textnbstate_in(cstring) IS 'pmkt.textnbstate input: hexadecimal, every part validated';
COMMENT ON FUNCTION pmkt.textnbstate_out(pmkt.textnbstate) IS 'pmkt.textnbstate output: hexadecimal of the state''s bytes';
COMMENT ON FUNCTION pmkt.textnbstate_recv(internal) IS 'pmkt.textnbstate binary input (validated)';
COMMENT ON FUNCTION pmkt.textnbstate_send(pmkt.textnbstate) IS 'pmkt.textnbstate binary output';

CREATE FUNCTION pmkt.text_nb_counts_sfunc(state pmkt.textnbstate, doc text, label text, config regconfig, ngram_max integer)
RETURNS pmkt.textnbstate
AS 'MODULE_PATHNAME', 'pmkt_text_nb_counts_sfunc'
LANGUAGE C STABLE PARALLEL SAFE COST 100;
COMMENT ON FUNCTION pmkt.text_nb_counts_sfunc(pmkt.textnbstate, text, text, regconfig, integer) IS
'Transition function of pmkt.text_nb_counts: adds one (text, label) row';

CREATE FUNCTION pmkt.text_nb_counts_combine(a pmkt.textnbstate, b pmkt.textnbstate)
RETURNS pmkt.textnbstate
AS 'MODULE_PATHNAME', 'pmkt_text_nb_counts_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.text_nb_counts_combine(pmkt.textnbstate, pmkt.textnbstate) IS
'Combine function of pmkt.text_nb_counts: adds two partial counts of the same configuration and ngram_max (exact integer sums)';

CREATE AGGREGATE pmkt.text_nb_counts(doc text, label text, config regconfig, ngram_max integer) (
    SFUNC = pmkt.text_nb_counts_sfunc,
    STYPE = pmkt.textnbstate,
    COMBINEFUNC = pmkt.text_nb_counts_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.text_nb_counts(text, text, regconfig, integer) IS
'naive Bayes counts of (text, label) rows, the terms as pmkt.text_tokens(doc, config, ngram_max): documents per label, per term its document frequency and count per label (a NULL label: the row is skipped and counted; a NULL text: a document without terms); config and ngram_max the same on every row; partial counts add exactly (parallel query, Citus); pmkt.text_classifier_train''s naive Bayes without TF-IDF is built on it';

CREATE FUNCTION pmkt.text_nb_counts_info(state pmkt.textnbstate) RETURNS jsonb
AS 'MODULE_PATHNAME', 'pmkt_text_nb_counts_info'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.text_nb_counts_info(pmkt.textnbstate) IS
'summary of a pmkt.textnbstate: configuration, ngram_max, documents, skipped rows, distinct terms, labels (byte order) and documents per label';

CREATE FUNCTION pmkt.text_nb_counts_terms(state pmkt.textnbstate)
RETURNS TABLE (term text, label text, documents bigint, occurrences bigint)
AS 'MODULE_PATHNAME', 'pmkt_text_nb_counts_terms'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION pmkt.text_nb_counts_terms(pmkt.textnbstate) IS
'the counts of a pmkt.textnbstate: one row per term and label where the term occurs (terms, then labels, in byte order): the term, the label, the documents of any label holding the term, and the term''s occurrences in documents of that label';

CREATE FUNCTION pmkt.text_classifier_train(
    query text,
    method text DEFAULT 'naive_bayes',
    config regconfig DEFAULT 'english',
    ngram_max integer DEFAULT 1,
    min_df integer DEFAULT 1,
    tfidf boolean DEFAULT false,
    alpha float8 DEFAULT 1.0,
    c float8 DEFAULT 1.0,
    max_iter integer DEFAULT 1000,
    tol float8 DEFAULT 1e-6)
RETURNS pmkt.textmodel
AS 'MODULE_PATHNAME', 'pmkt_text_classifier_train'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.text_classifier_train(text, text, regconfig, integer, integer, boolean, float8, float8, integer, float8) IS
'text classifier on the query''s rows (text, label): label boolean, integer or text (rows with a NULL label skipped; a NULL text is an empty document); terms as pmkt.text_tokens (ngram_max 1 or 2), kept when in at least min_df documents; features = counts, or TF-IDF (idf = ln((1+n)/(1+df)) + 1, rows of unit L2 norm) when tfidf; method ''naive_bayes'': multinomial naive Bayes with additive smoothing alpha and the class prior (as scikit-learn''s MultinomialNB); ''logistic'': L2 logistic regression minimising 0.5 |w|^2 + c * sum of log losses with an unpenalised intercept (as scikit-learn''s LogisticRegression(C = c)), binomial for two labels, multinomial (softmax) for more, by L-BFGS until the largest gradient component of the objective / (c n) is below tol (at most max_iter iterations; a NOTICE if not reached); naive Bayes without TF-IDF counts with the combinable aggregate pmkt.text_nb_counts over the query (a plain SELECT), so it may run in a parallel plan; deterministic (no seed needed); at least two labels (22023); the documents must fit pmkt.max_train_memory (53200)';

CREATE FUNCTION pmkt.text_classify(model pmkt.textmodel, doc text, OUT label text, OUT probability float8)
AS 'MODULE_PATHNAME', 'pmkt_text_classify'
LANGUAGE C STABLE PARALLEL SAFE COST 100;
COMMENT ON FUNCTION pmkt.text_classify(pmkt.textmodel, text) IS
'the most probable label of a text (its text form: ''true'', ''5'', ''billing'') and its probability; terms the model does not know are ignored; a NULL or empty text, or one with no known term, gets the class prior (naive Bayes) or the intercepts'' probabilities (logistic); ties go to the first label in the model''s order (text bytewise, integers numerically, false before true); the model is decoded once per distinct value and call site';

CREATE FUNCTION pmkt.text_classify_label(model pmkt.textmodel, doc text) RETURNS text
AS 'MODULE_PATHNAME', 'pmkt_text_classify_label'
LANGUAGE C STABLE PARALLEL SAFE COST 100;
COMMENT ON FUNCTION pmkt.text_classify_label(pmkt.textmodel, text) IS
'the label of pmkt.text_classify alone (no composite to build: cheaper over many rows)';

CREATE FUNCTION pmkt.text_classify_proba(model pmkt.textmodel, doc text)
RETURNS TABLE (label text, probability float8)
AS 'MODULE_PATHNAME', 'pmkt_text_classify_proba'
LANGUAGE C STABLE PARALLEL SAFE ROWS 3 COST 100;
COMMENT ON FUNCTION pmkt.text_classify_proba(pmkt.textmodel, text) IS
'one row per label of the model, in the model''s order, with its probability for the text (they sum to 1); NULL or empty text: as pmkt.text_classify';

CREATE FUNCTION pmkt.text_classifier_info(model pmkt.textmodel) RETURNS jsonb
AS 'MODULE_PATHNAME', 'pmkt_text_classifier_info'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.text_classifier_info(pmkt.textmodel) IS
'summary of a pmkt.textmodel: method, configuration, ngram_max, min_df, tfidf, label type, labels, training documents per label, vocabulary size, documents, skipped rows, alpha (naive Bayes) or c, tol, iterations, converged, binomial/multinomial (logistic)';
