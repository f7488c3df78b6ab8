
-- ---------------------------------------------------------------------------
-- kmeans: assign rows to centroids, train (in memory or one aggregate pass
-- per Lloyd iteration), choose k
-- ---------------------------------------------------------------------------

CREATE TYPE pmkt.kmeans_model AS (
    k             int,
    d             int,
    centroids     float8[],
    sizes         bigint[],
    inertia       float8,
    iterations    int,
    converged     boolean,
    init          text,
    n_init        int,
    n_rows        bigint,
    skipped_null  bigint,
    standardized  boolean,
    means         float8[],
    scales        float8[],
    in_memory     boolean
);
COMMENT ON TYPE pmkt.kmeans_model IS
'A trained k-means model: k x d centroids in the original units, cluster sizes, inertia (within-cluster sum of squares, in the standardized space when standardized), Lloyd iterations, convergence, the seeding used, rows used and skipped, the z-score means/scales (when standardized), and whether the rows were held in memory';

CREATE TYPE pmkt.kmeans_step_result AS (
    centroids          float8[],
    sizes              bigint[],
    inertia            float8,
    shift              float8,
    changed            bigint,
    n_rows             bigint,
    skipped_null       bigint,
    feature_means      float8[],
    feature_variances  float8[]
);
COMMENT ON TYPE pmkt.kmeans_step_result IS
'One Lloyd iteration over a table: the updated k x d centroids (empty clusters relocated), rows per input centroid, the within-cluster sum of squares at the input centroids, the squared centroid shift, rows whose nearest centroid changed since previous_centroids (NULL without them), rows used and skipped, and the feature means and population variances of the rows';

CREATE FUNCTION pmkt.kmeans_assign(x float8[], centroids float8[]) RETURNS int
AS 'MODULE_PATHNAME', 'pmkt_kmeans_assign'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.kmeans_assign(float8[], float8[]) IS
'1-based index of the centroid (row of the k x d array centroids) nearest to x in Euclidean distance; ties go to the lower index';

CREATE FUNCTION pmkt.kmeans_assign(x float8[], model pmkt.kmeans_model) RETURNS int
AS 'MODULE_PATHNAME', 'pmkt_kmeans_assign_model'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.kmeans_assign(float8[], pmkt.kmeans_model) IS
'1-based cluster of x under a model from pmkt.kmeans_train, applying its z-score scaling when it was trained with standardize => true';

CREATE FUNCTION pmkt.kmeans_step_sfunc(state float8[], x float8[], centroids float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_kmeans_step_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.kmeans_step_sfunc(float8[], float8[], float8[]) IS
'Transition function of pmkt.kmeans_step(x, centroids)';

CREATE FUNCTION pmkt.kmeans_step_sfunc(state float8[], x float8[], centroids float8[],
                                       previous_centroids float8[], means float8[],
                                       scales float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_kmeans_step_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.kmeans_step_sfunc(float8[], float8[], float8[], float8[], float8[], float8[]) IS
'Transition function of pmkt.kmeans_step(x, centroids, previous_centroids, means, scales)';

CREATE FUNCTION pmkt.kmeans_step_combine(a float8[], b float8[]) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_kmeans_step_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.kmeans_step_combine(float8[], float8[]) IS
'Combine function of pmkt.kmeans_step: adds two partial states computed with the same centroids';

CREATE FUNCTION pmkt.kmeans_step_final(state float8[]) RETURNS pmkt.kmeans_step_result
AS 'MODULE_PATHNAME', 'pmkt_kmeans_step_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.kmeans_step_final(float8[]) IS
'Final function of pmkt.kmeans_step: the updated centroids and the iteration''s statistics';

CREATE AGGREGATE pmkt.kmeans_step(x float8[], centroids float8[]) (
    SFUNC = pmkt.kmeans_step_sfunc,
    STYPE = float8[],
    COMBINEFUNC = pmkt.kmeans_step_combine,
    FINALFUNC = pmkt.kmeans_step_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.kmeans_step(float8[], float8[]) IS
'One exact Lloyd iteration of k-means as a combinable aggregate: assigns each row x to the nearest of the (constant) k x d centroids and returns the updated centroids, sizes and inertia; NULL rows are skipped and counted';

CREATE AGGREGATE pmkt.kmeans_step(x float8[], centroids float8[], previous_centroids float8[],
                                  means float8[], scales float8[]) (
    SFUNC = pmkt.kmeans_step_sfunc,
    STYPE = float8[],
    COMBINEFUNC = pmkt.kmeans_step_combine,
    FINALFUNC = pmkt.kmeans_step_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.kmeans_step(float8[], float8[], float8[], float8[], float8[]) IS
'One Lloyd iteration as pmkt.kmeans_step(x, centroids), also counting rows whose nearest centroid differs from the one among previous_centroids (NULL: not counted), with rows z-scored as (x - means) / scales (both NULL: raw rows)';

CREATE FUNCTION pmkt.kmeans_train(
    query text, k int,
    init text DEFAULT 'kmeans++',
    max_iter int DEFAULT 300,
    tol float8 DEFAULT 1e-4,
    n_init int DEFAULT 1,
    standardize boolean DEFAULT false,
    seed bigint DEFAULT 42,
    initial_centroids float8[] DEFAULT NULL)
RETURNS pmkt.kmeans_model
AS 'MODULE_PATHNAME', 'pmkt_kmeans_train'
LANGUAGE C VOLATILE PARALLEL UNSAFE
-- seeding draws row positions: read the rows in the same order every time
SET synchronize_seqscans = off;
COMMENT ON FUNCTION pmkt.kmeans_train(text, int, text, int, float8, int, boolean, bigint, float8[]) IS
'Exact Lloyd k-means (scikit-learn semantics) over the float8[] rows of query: init kmeans++ (seeded), random, density (subtractive clustering) or initial_centroids; n_init restarts keep the lowest inertia; optional z-score standardization. Rows are held in memory within pmkt.max_train_memory, else each iteration is one pass of pmkt.kmeans_step';

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
