-- new in 1.1
-- ---------------------------------------------------------------------------
-- recommendations: implicit-feedback matrix factorisation by alternating
-- least squares (Hu, Koren and Volinsky 2008), the model type
-- pmkt.alsmodel and pmkt.recommend over it
-- ---------------------------------------------------------------------------
CREATE TYPE pmkt.alsmodel;
CREATE FUNCTION pmkt.alsmodel_in(cstring) RETURNS pmkt.alsmodel
AS 'MODULE_PATHNAME', 'pmkt_alsmodel_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.alsmodel_out(pmkt.alsmodel) RETURNS cstring
AS 'MODULE_PATHNAME', 'pmkt_alsmodel_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.alsmodel_recv(internal) RETURNS pmkt.alsmodel
AS 'MODULE_PATHNAME', 'pmkt_alsmodel_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.alsmodel_send(pmkt.alsmodel) RETURNS bytea
AS 'MODULE_PATHNAME', 'pmkt_alsmodel_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE pmkt.alsmodel (
    INPUT = pmkt.alsmodel_in, OUTPUT = pmkt.alsmodel_out,
    RECEIVE = pmkt.alsmodel_recv, SEND = pmkt.alsmodel_send,
    INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = extended);
COMMENT ON TYPE pmkt.alsmodel IS
'an implicit-feedback ALS model (flat varlena): settings, customer and item factor matrices, the observed (customer, item) pairs, customer and item ids (bigint or text, ascending); text form = hexadecimal of the bytes (exact), validated on input';
COMMENT ON FUNCTION pmkt.alsmodel_in(cstring) IS 'pmkt.alsmodel input: hexadecimal, every part validated';
COMMENT ON FUNCTION pmkt.alsmodel_out(pmkt.alsmodel) IS 'pmkt.alsmodel output: hexadecimal of the model''s bytes';
COMMENT ON FUNCTION pmkt.alsmodel_recv(internal) IS 'pmkt.alsmodel binary input (validated)';
COMMENT ON FUNCTION pmkt.alsmodel_send(pmkt.alsmodel) IS 'pmkt.alsmodel binary output';

CREATE FUNCTION pmkt.als_train(query text,
                               factors int DEFAULT 64,
                               iterations int DEFAULT 10,
                               regularization float8 DEFAULT 0.01,
                               alpha float8 DEFAULT 40,
                               seed bigint DEFAULT 0,
                               init_user float8[] DEFAULT NULL,
                               init_item float8[] DEFAULT NULL,
                               item_bias boolean DEFAULT true)
RETURNS pmkt.alsmodel
AS 'MODULE_PATHNAME', 'pmkt_als_train'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.als_train(text, int, int, float8, float8, bigint, float8[], float8[], boolean) IS
'implicit-feedback matrix factorisation (Hu, Koren and Volinsky 2008) on query''s (customer id, item id[, count]) rows (ids bigint, integer, smallint or text; count any number, 1 per row when absent; NULLs skipped and counted): r = the summed count of a pair; pairs with r > 0 are observed (preference 1, confidence 1 + alpha r), all others preference 0, confidence 1. Each of iterations solves every customer then every item: x_u = (Y''Y + Y''(C_u - I)Y + regularization I)^-1 Y'' C_u p(u) (BLAS dsyrk, LAPACK Cholesky dposv). Initial factors: independent normal(0, 0.01^2) from pmkt''s xoshiro256** seeded by seed (customer matrix row by row, then item matrix), or init_user / init_item (customers x factors, items x factors, rows in id order as pmkt.als_ids gives them). item_bias (default true; false: the plain Hu-Koren-Volinsky model): score x_u . y_i + b_i with an item bias b_i learnt with the factors (a constant-1 customer column: customers solve x_u = (Y''C_uY + regularization I)^-1 Y''C_u (p(u) - b), items solve (y_i, b_i) against [X 1]; the factor matrices get a last column, 1 for customers and b_i for items; init_item is then items x (factors + 1), random initial biases drawn after the factors of each item row). Customers and items without an observed pair are left out. Within pmkt.max_train_memory (53200)';

CREATE FUNCTION pmkt.als_factors(model pmkt.alsmodel, side text DEFAULT 'item')
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_als_factors'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.als_factors(pmkt.alsmodel, text) IS
'the factor matrix of side ''customer'' (or ''user'') or ''item'' of an ALS model, one row per id in the order of pmkt.als_ids(model, side); a model with item_bias has one more column: 1 for customers, the item bias for items (so a score is the row product)';

CREATE FUNCTION pmkt.als_ids(model pmkt.alsmodel, side text DEFAULT 'item')
RETURNS text[]
AS 'MODULE_PATHNAME', 'pmkt_als_ids'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.als_ids(pmkt.alsmodel, text) IS
'the customer (side ''customer'' or ''user'') or item ids of an ALS model as text, ascending (integers numerically, text bytewise): the row order of pmkt.als_factors and of als_train''s init_user / init_item';

CREATE FUNCTION pmkt.als_info(model pmkt.alsmodel,
                              OUT factors int, OUT iterations int, OUT regularization float8,
                              OUT alpha float8, OUT seed bigint, OUT customers int, OUT items int,
                              OUT pairs bigint, OUT customer_id_type text, OUT item_id_type text,
                              OUT item_bias boolean)
AS 'MODULE_PATHNAME', 'pmkt_als_info'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.als_info(pmkt.alsmodel) IS
'the settings and sizes of an ALS model: factors (without the item bias column), iterations, regularization, alpha, seed, customers, items, observed pairs, id types (bigint or text), item_bias (trained with an item bias)';

CREATE FUNCTION pmkt.recommend(model pmkt.alsmodel,
                               k int DEFAULT 10,
                               customers text[] DEFAULT NULL,
                               fallback text DEFAULT 'none')
RETURNS TABLE (customer text, recommendation_rank int, item text, score float8, source text)
AS 'MODULE_PATHNAME', 'pmkt_als_recommend'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.recommend(pmkt.alsmodel, int, text[], text) IS
'the top k items for each customer of an ALS model (pmkt.als_train) that the customer had not bought in the training rows, score = x_u . y_i (+ b_i with item_bias; source ''als''), ties by item id; customers: only those (as text, duplicates once, in the order given; NULL = every customer of the model, in id order). A customer unknown to the model gets no rows with fallback ''none'' (the default) and the k items with the most customers in the training rows (score = that number, source ''popularity'') with fallback ''popularity''';
