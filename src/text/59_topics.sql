-- new in 1.1
-- ---------------------------------------------------------------------------
-- topics: latent Dirichlet allocation by variational Bayes, batch or online
-- (Hoffman, Blei and Bach 2010; scikit-learn's LatentDirichletAllocation),
-- on PostgreSQL text search lexemes (issue 18, part 4)
-- ---------------------------------------------------------------------------
CREATE TYPE pmkt.topicmodel;
CREATE FUNCTION pmkt.topicmodel_in(cstring) RETURNS pmkt.topicmodel
AS 'MODULE_PATHNAME', 'pmkt_topicmodel_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.topicmodel_out(pmkt.topicmodel) RETURNS cstring
AS 'MODULE_PATHNAME', 'pmkt_topicmodel_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.topicmodel_recv(internal) RETURNS pmkt.topicmodel
AS 'MODULE_PATHNAME', 'pmkt_topicmodel_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.topicmodel_send(pmkt.topicmodel) RETURNS bytea
AS 'MODULE_PATHNAME', 'pmkt_topicmodel_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE pmkt.topicmodel (
    INPUT = pmkt.topicmodel_in, OUTPUT = pmkt.topicmodel_out,
    RECEIVE = pmkt.topicmodel_recv, SEND = pmkt.topicmodel_send,
    INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = extended);
COMMENT ON TYPE pmkt.topicmodel IS
'an LDA topic model (flat varlena): settings, the text search configuration, the vocabulary (lexemes in byte order) and the n_topics x n_terms topic-word parameters lambda; text form = hexadecimal of the bytes (exact), validated on input';
COMMENT ON FUNCTION pmkt.topicmodel_in(cstring) IS 'pmkt.topicmodel input: hexadecimal, every part validated';
COMMENT ON FUNCTION pmkt.topicmodel_out(pmkt.topicmodel) IS 'pmkt.topicmodel output: hexadecimal of the model''s bytes';
COMMENT ON FUNCTION pmkt.topicmodel_recv(internal) IS 'pmkt.topicmodel binary input (validated)';
COMMENT ON FUNCTION pmkt.topicmodel_send(pmkt.topicmodel) IS 'pmkt.topicmodel binary output';

CREATE FUNCTION pmkt.topics_train(
    query text,
    n_topics integer DEFAULT 10,
    config regconfig DEFAULT 'english',
    seed bigint DEFAULT 0,
    max_iter integer DEFAULT 10,
    learning_method text DEFAULT 'batch',
    batch_size integer DEFAULT 128,
    min_df integer DEFAULT 1,
    max_df float8 DEFAULT 1.0,
    doc_topic_prior float8 DEFAULT NULL,
    topic_word_prior float8 DEFAULT NULL,
    learning_decay float8 DEFAULT 0.7,
    learning_offset float8 DEFAULT 10.0,
    max_doc_update_iter integer DEFAULT 100,
    mean_change_tol float8 DEFAULT 0.001,
    evaluate_every integer DEFAULT -1,
    perp_tol float8 DEFAULT 0.1,
    init_components float8[] DEFAULT NULL)
RETURNS pmkt.topicmodel
AS 'MODULE_PATHNAME', 'pmkt_topics_train'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.topics_train(text, integer, regconfig, bigint, integer, text, integer, integer, float8, float8, float8, float8, float8, integer, float8, integer, float8, float8[]) IS
'latent Dirichlet allocation (Hoffman, Blei and Bach 2010) by variational Bayes, step for step as scikit-learn''s LatentDirichletAllocation (same parameters and defaults): query returns (text) or (doc_id, text), in a fixed order (ORDER BY) for a reproducible model; each text becomes to_tsvector(config, text) (the server''s parser, stemmer and stop words), a lexeme counting its positions (at most 256); the vocabulary keeps lexemes in at least min_df documents and at most max_df x documents; NULL texts are skipped and counted in a NOTICE; learning_method batch (every document each pass) or online (mini-batches of batch_size in the query''s order); priors NULL = 1 / n_topics; initial lambda: seeded Gamma(100, 1/100) draws, or init_components (n_topics x vocabulary, positive, in the order of pmkt.topics_vocabulary); the documents and the n_topics x n_terms parameters must fit pmkt.max_train_memory (53200)';

CREATE FUNCTION pmkt.topic_terms(model pmkt.topicmodel, n integer DEFAULT 10)
RETURNS TABLE (topic integer, rank integer, term text, weight float8)
AS 'MODULE_PATHNAME', 'pmkt_topic_terms'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.topic_terms(pmkt.topicmodel, integer) IS
'the n heaviest terms (lexemes) of every topic: topic 1.., rank 1..n, weight = the term''s share of the topic''s parameters (lambda_kw / sum_w lambda_kw, the mean topic-word probability); ties by term order';

CREATE FUNCTION pmkt.topic_mixture(model pmkt.topicmodel, document text)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_topic_mixture'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.topic_mixture(pmkt.topicmodel, text) IS
'topic shares of one text (n_topics values summing to 1; scikit-learn''s transform): the E-step from gamma = 1 on the text''s lexemes that are in the vocabulary (others ignored); a text with no known lexeme gets equal shares; the decoded model is cached per call site';

CREATE FUNCTION pmkt.topics_perplexity(model pmkt.topicmodel, query text)
RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_topics_perplexity'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.topics_perplexity(pmkt.topicmodel, text) IS
'approximate perplexity exp(-bound / words) of the texts of query ((text) or (doc_id, text)) under the model, with scikit-learn''s variational bound (perplexity(X)); lexemes not in the vocabulary are ignored; lower is better';

CREATE FUNCTION pmkt.topics_components(model pmkt.topicmodel)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_topics_components'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.topics_components(pmkt.topicmodel) IS
'the n_topics x n_terms topic-word parameters lambda (scikit-learn''s components_), columns in the order of pmkt.topics_vocabulary';

CREATE FUNCTION pmkt.topics_vocabulary(model pmkt.topicmodel)
RETURNS text[]
AS 'MODULE_PATHNAME', 'pmkt_topics_vocabulary'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.topics_vocabulary(pmkt.topicmodel) IS
'the model''s lexemes in column order (byte order)';

CREATE FUNCTION pmkt.topics_model_info(model pmkt.topicmodel)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'pmkt_topics_model_info'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.topics_model_info(pmkt.topicmodel) IS
'summary of a pmkt.topicmodel: topics, terms, configuration, training settings, documents, skipped NULL texts, words, passes done, perplexity on the training texts';
