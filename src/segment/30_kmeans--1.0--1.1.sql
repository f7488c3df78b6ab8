-- segment/kmeans, 1.0 -> 1.1: kmeans_choose_k is a report for reading
-- (issue 16): inertia and silhouette numeric, rounded to a digits argument
DROP FUNCTION pmkt.kmeans_choose_k(text, int, int, int, bigint, text, int, float8, int, boolean);
CREATE FUNCTION pmkt.kmeans_choose_k(
    query text, k_min int, k_max int,
    sample_size int DEFAULT 10000,
    seed bigint DEFAULT 42,
    init text DEFAULT 'kmeans++',
    max_iter int DEFAULT 300,
    tol float8 DEFAULT 1e-4,
    n_init int DEFAULT 1,
    standardize boolean DEFAULT false,
    digits int DEFAULT 4)
RETURNS TABLE (k int, inertia numeric, silhouette numeric, iterations int, converged boolean)
AS 'MODULE_PATHNAME', 'pmkt_kmeans_choose_k'
LANGUAGE C VOLATILE PARALLEL UNSAFE ROWS 10
SET synchronize_seqscans = off;
COMMENT ON FUNCTION pmkt.kmeans_choose_k(text, int, int, int, bigint, text, int, float8, int, boolean, int) IS
'One row per k in k_min..k_max: the inertia of kmeans_train(query, k, ...) (elbow) and the mean silhouette coefficient on a seeded sample of sample_size rows (NULL for a single cluster); the rows are loaded once and must fit pmkt.max_train_memory. A report for reading: inertia and silhouette numeric, rounded to digits decimals (0..15, default 4); digits NULL: nothing rounded (each value the exact float8 result as the shortest numeric that reads back as it)';
