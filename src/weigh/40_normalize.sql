
-- ---------------------------------------------------------------------------
-- normalize: min-max normalisation of indices (SPEC 2.2)
-- ---------------------------------------------------------------------------

CREATE FUNCTION pmkt.minmax_normalize(x float8, min float8, max float8,
    positive boolean DEFAULT true, shift float8 DEFAULT 0.001)
RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_minmax_normalize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.minmax_normalize(float8, float8, float8, boolean, float8) IS
'Min-max normalisation of one value: (x - min)/(max - min) + shift for a positive index, (max - x)/(max - min) + shift for a negative one; a constant column (max = min) gives 0.5 + shift. Use with min(x) OVER () and max(x) OVER ().';

CREATE FUNCTION pmkt.column_ranges_sfunc(state float8[], x float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_column_ranges_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.column_ranges_sfunc(float8[], float8[]) IS
'Transition function of pmkt.column_ranges: state {tag 4001, d, n, min_1..min_d, max_1..max_d}';

CREATE FUNCTION pmkt.column_ranges_combine(state1 float8[], state2 float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_column_ranges_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.column_ranges_combine(float8[], float8[]) IS
'Combine function of pmkt.column_ranges (parallel and distributed partial aggregation)';

CREATE FUNCTION pmkt.column_ranges_final(state float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_column_ranges_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.column_ranges_final(float8[]) IS
'Final function of pmkt.column_ranges: the 2 x d array {{minima},{maxima}}';

CREATE AGGREGATE pmkt.column_ranges(x float8[]) (
    SFUNC = pmkt.column_ranges_sfunc,
    STYPE = float8[],
    COMBINEFUNC = pmkt.column_ranges_combine,
    FINALFUNC = pmkt.column_ranges_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.column_ranges(float8[]) IS
'Per-column minima and maxima of float8[] rows as a 2 x d array {{min_1..min_d},{max_1..max_d}}, for pmkt.normalize; NULL rows are skipped, no rows gives NULL';

CREATE FUNCTION pmkt.normalize(x float8[], ranges float8[],
    directions boolean[] DEFAULT NULL, shift float8 DEFAULT 0.001)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_normalize_bool'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.normalize(float8[], float8[], boolean[], float8) IS
'Min-max normalisation of a float8[] row against pmkt.column_ranges() (2 x d); directions: true = positive, false = negative index (NULL = all positive); constant columns give 0.5 + shift';

CREATE FUNCTION pmkt.normalize(x float8[], ranges float8[],
    directions text[], shift float8 DEFAULT 0.001)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_normalize_text'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.normalize(float8[], float8[], text[], float8) IS
'Min-max normalisation of a float8[] row against pmkt.column_ranges() (2 x d); directions per column ''+''/''positive'' or ''-''/''negative''; constant columns give 0.5 + shift';
