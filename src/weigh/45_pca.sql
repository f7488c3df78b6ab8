
-- ---------------------------------------------------------------------------
-- pca: principal component analysis in one combinable pass (SPEC 2.3)
-- ---------------------------------------------------------------------------

CREATE TYPE pmkt.pca_result AS (
    n bigint,
    means float8[],
    stddevs float8[],
    eigenvalues float8[],
    contribution float8[],
    cumulative float8[],
    loadings float8[],
    n_components int,
    use_correlation boolean,
    threshold float8
);
COMMENT ON TYPE pmkt.pca_result IS
'Result of pmkt.pca_components: row count, column means and sample standard deviations, eigenvalues (descending) of the correlation or covariance matrix, contribution and cumulative contribution rates, loadings (d x d, column c = unit eigenvector of component c, sign: largest-magnitude element positive), the number of components whose cumulative contribution reaches threshold, and the settings used';

CREATE FUNCTION pmkt.pca_components_sfunc(state float8[], x float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_pca_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE COST 10;
COMMENT ON FUNCTION pmkt.pca_components_sfunc(float8[], float8[]) IS
'Transition function of pmkt.pca_components: state {tag 4501, d, n, use_correlation, threshold, pivot, means - pivot, upper-triangle co-moments} (Welford update)';

CREATE FUNCTION pmkt.pca_components_sfunc(state float8[], x float8[], use_correlation boolean)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_pca_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE COST 10;
COMMENT ON FUNCTION pmkt.pca_components_sfunc(float8[], float8[], boolean) IS
'Transition function of pmkt.pca_components(x, use_correlation)';

CREATE FUNCTION pmkt.pca_components_sfunc(state float8[], x float8[], use_correlation boolean, threshold float8)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_pca_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE COST 10;
COMMENT ON FUNCTION pmkt.pca_components_sfunc(float8[], float8[], boolean, float8) IS
'Transition function of pmkt.pca_components(x, use_correlation, threshold)';

CREATE FUNCTION pmkt.pca_components_combine(state1 float8[], state2 float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_pca_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.pca_components_combine(float8[], float8[]) IS
'Combine function of pmkt.pca_components: pairwise merge of counts, means and co-moments (Chan, Golub, LeVeque)';

CREATE FUNCTION pmkt.pca_components_final(state float8[])
RETURNS pmkt.pca_result
AS 'MODULE_PATHNAME', 'pmkt_pca_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.pca_components_final(float8[]) IS
'Final function of pmkt.pca_components: correlation or covariance matrix and its eigen-decomposition (LAPACK dsyev)';

CREATE AGGREGATE pmkt.pca_components(x float8[]) (
    SFUNC = pmkt.pca_components_sfunc,
    STYPE = float8[],
    COMBINEFUNC = pmkt.pca_components_combine,
    FINALFUNC = pmkt.pca_components_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.pca_components(float8[]) IS
'Principal components of the correlation matrix of float8[] rows, threshold 0.85; one pass, combinable; NULL rows skipped, no rows gives NULL, one row is an error';

CREATE AGGREGATE pmkt.pca_components(x float8[], use_correlation boolean) (
    SFUNC = pmkt.pca_components_sfunc,
    STYPE = float8[],
    COMBINEFUNC = pmkt.pca_components_combine,
    FINALFUNC = pmkt.pca_components_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.pca_components(float8[], boolean) IS
'Principal components of the correlation (true) or covariance (false) matrix of float8[] rows, threshold 0.85';

CREATE AGGREGATE pmkt.pca_components(x float8[], use_correlation boolean, threshold float8) (
    SFUNC = pmkt.pca_components_sfunc,
    STYPE = float8[],
    COMBINEFUNC = pmkt.pca_components_combine,
    FINALFUNC = pmkt.pca_components_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.pca_components(float8[], boolean, float8) IS
'Principal components of the correlation (true) or covariance (false) matrix of float8[] rows; n_components = first l whose cumulative contribution reaches threshold in (0, 1]';

CREATE FUNCTION pmkt.pca_project(x float8[], pca pmkt.pca_result, n_components int DEFAULT NULL)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_pca_project'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.pca_project(float8[], pmkt.pca_result, int) IS
'Principal component scores of one row: standardised (correlation PCA) or centred (covariance PCA) x times the first n_components loadings (NULL = the components reaching the threshold)';

CREATE FUNCTION pmkt.pca_report(pca pmkt.pca_result, digits int DEFAULT 4,
    OUT component int, OUT eigenvalue numeric, OUT contribution numeric,
    OUT cumulative numeric, OUT retained boolean)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'pmkt_pca_report'
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 20;
COMMENT ON FUNCTION pmkt.pca_report(pmkt.pca_result, int) IS
'One row per principal component: eigenvalue, contribution rate, cumulative rate, and whether it is among the n_components retained. A report for reading: numeric, rounded to digits decimals (0..15, default 4); digits NULL: nothing rounded (the exact float8 values, in the pca_result itself as well)';

CREATE FUNCTION pmkt.pca_loadings(pca pmkt.pca_result,
    OUT variable int, OUT component int, OUT loading float8, OUT retained boolean)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'pmkt_pca_loadings'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 400;
COMMENT ON FUNCTION pmkt.pca_loadings(pmkt.pca_result) IS
'The loadings matrix in long form: one row per (variable = input column, component), with whether the component is among the n_components retained';

CREATE FUNCTION pmkt.pca_select_variables(pca pmkt.pca_result, n_components int DEFAULT NULL)
RETURNS int[]
AS 'MODULE_PATHNAME', 'pmkt_pca_select_variables'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.pca_select_variables(pmkt.pca_result, int) IS
'Index screening (Jolliffe rule B4): for each of the first n_components components, the not yet chosen column with the largest absolute loading; 1-based column numbers';
