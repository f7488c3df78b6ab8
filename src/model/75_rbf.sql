
-- ---------------------------------------------------------------------------
-- rbf: the k-means-initialised RBF network (SPEC 2.6)
-- ---------------------------------------------------------------------------

CREATE FUNCTION pmkt.rbf_train(
    query text,
    centers int,
    init text DEFAULT 'density',
    epsilon float8 DEFAULT 1.0,
    solver text DEFAULT 'lstsq',
    learning_rate float8 DEFAULT 0.001,
    epochs int DEFAULT 1000,
    standardize boolean DEFAULT true,
    seed bigint DEFAULT 42)
RETURNS pmkt.nnmodel
AS 'MODULE_PATHNAME', 'pmkt_rbf_train'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.rbf_train(text, int, text, float8, text, float8, int, boolean, bigint) IS
'train an RBF network on the query''s (features float8[], target) rows: centres by density (subtractive clustering) or k-means++ heads refined by k-means, Gaussian widths epsilon x distance to the nearest other centre, output weights by exact least squares or online gradient descent; the clustering SSE is stored in the model';
