-- new in 1.1
-- ---------------------------------------------------------------------------
-- row_sample: a content-keyed sample of distinct rows as a combinable
-- aggregate (seeding of kmeans_train's beyond-budget path, issue 19), and
-- loader_rows: rows that reached this backend's in-memory loader
-- ---------------------------------------------------------------------------

CREATE TYPE pmkt.row_sample_result AS (
    rows     bigint,
    skipped  bigint,
    sample   float8[],
    weights  bigint[]
);
COMMENT ON TYPE pmkt.row_sample_result IS
'Result of pmkt.row_sample: rows aggregated (usable), rows skipped for a NULL, the sampled distinct rows (m x d, in ascending key order; NULL when no usable row) and how many rows equal each';

CREATE FUNCTION pmkt.row_sample_sfunc(state float8[], x float8[], size int, seed bigint)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_row_sample_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.row_sample_sfunc(float8[], float8[], int, bigint) IS
'Transition function of pmkt.row_sample(x, size, seed)';

CREATE FUNCTION pmkt.row_sample_combine(a float8[], b float8[]) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_row_sample_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.row_sample_combine(float8[], float8[]) IS
'Combine function of pmkt.row_sample: keeps the size smallest (key, row) of two partial samples, adding the multiplicities of equal rows';

CREATE FUNCTION pmkt.row_sample_final(state float8[]) RETURNS pmkt.row_sample_result
AS 'MODULE_PATHNAME', 'pmkt_row_sample_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.row_sample_final(float8[]) IS
'Final function of pmkt.row_sample: the row counts, the sample and its multiplicities';

CREATE AGGREGATE pmkt.row_sample(x float8[], size int, seed bigint) (
    SFUNC = pmkt.row_sample_sfunc,
    STYPE = float8[],
    COMBINEFUNC = pmkt.row_sample_combine,
    FINALFUNC = pmkt.row_sample_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.row_sample(float8[], int, bigint) IS
'Seeded sample of up to size distinct rows x with their multiplicities: the rows with the smallest hash of their content and the seed (bottom-k), so the same rows on any plan and in any row order; partial samples merge exactly (parallel query, Citus). NULL rows or rows with a NULL element are skipped and counted';

CREATE FUNCTION pmkt.loader_rows() RETURNS bigint
AS 'MODULE_PATHNAME', 'pmkt_loader_rows'
LANGUAGE C VOLATILE PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.loader_rows() IS
'Rows that reached this backend''s in-memory training loader since it started (the beyond-budget paths of kmeans_train and logistic_train add none)';
