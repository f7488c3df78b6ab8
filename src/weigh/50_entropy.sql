
-- ---------------------------------------------------------------------------
-- entropy: entropy weight method and composite score (SPEC 2.4)
-- ---------------------------------------------------------------------------

CREATE TYPE pmkt.entropy_result AS (
    n bigint,
    entropy float8[],
    divergence float8[],
    weights float8[]
);
COMMENT ON TYPE pmkt.entropy_result IS
'Result of pmkt.entropy_weights_detail: row count, per-column entropy e_j, divergence d_j = 1 - e_j and weight w_j = d_j / sum d';

CREATE FUNCTION pmkt.entropy_weights_sfunc(state float8[], x float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_entropy_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE COST 10;
COMMENT ON FUNCTION pmkt.entropy_weights_sfunc(float8[], float8[]) IS
'Transition function of pmkt.entropy_weights: state {tag 5001, d, n, sum x, sum x ln x, min, max (per column)}';

CREATE FUNCTION pmkt.entropy_weights_combine(state1 float8[], state2 float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_entropy_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.entropy_weights_combine(float8[], float8[]) IS
'Combine function of pmkt.entropy_weights and pmkt.entropy_weights_detail (sums of the partial states)';

CREATE FUNCTION pmkt.entropy_weights_final(state float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_entropy_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.entropy_weights_final(float8[]) IS
'Final function of pmkt.entropy_weights: the weights';

CREATE FUNCTION pmkt.entropy_weights_detail_final(state float8[])
RETURNS pmkt.entropy_result
AS 'MODULE_PATHNAME', 'pmkt_entropy_detail_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.entropy_weights_detail_final(float8[]) IS
'Final function of pmkt.entropy_weights_detail: n, entropies, divergences and weights';

CREATE AGGREGATE pmkt.entropy_weights(x float8[]) (
    SFUNC = pmkt.entropy_weights_sfunc,
    STYPE = float8[],
    COMBINEFUNC = pmkt.entropy_weights_combine,
    FINALFUNC = pmkt.entropy_weights_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.entropy_weights(float8[]) IS
'Entropy weights (summing to 1) of the columns of non-negative float8[] rows; one pass, combinable; NULL rows skipped, no rows gives NULL; one row or all-constant columns give equal weights, an all-zero column weight 0';

CREATE AGGREGATE pmkt.entropy_weights_detail(x float8[]) (
    SFUNC = pmkt.entropy_weights_sfunc,
    STYPE = float8[],
    COMBINEFUNC = pmkt.entropy_weights_combine,
    FINALFUNC = pmkt.entropy_weights_detail_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.entropy_weights_detail(float8[]) IS
'Entropy weight method with detail: pmkt.entropy_result (n, entropy, divergence, weights per column)';

CREATE FUNCTION pmkt.composite_score(x float8[], w float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_composite_score'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.composite_score(float8[], float8[]) IS
'Composite score sum_j w_j x_j of one normalised row x with weights w (e.g. from pmkt.entropy_weights)';
