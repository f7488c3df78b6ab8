-- new in 1.1
-- ---------------------------------------------------------------------------
-- basket_counts: the combinable part of basket analysis (issue 12, part 3):
-- baskets per item and per pair of items as a parallel-safe aggregate over
-- one row per basket, its state type and readers, and the frequent 1- and
-- 2-itemsets read from it
-- ---------------------------------------------------------------------------

CREATE TYPE pmkt.basket_counts_state;

CREATE FUNCTION pmkt.basket_counts_state_in(cstring) RETURNS pmkt.basket_counts_state
AS 'MODULE_PATHNAME', 'pmkt_basket_counts_state_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.basket_counts_state_out(pmkt.basket_counts_state) RETURNS cstring
AS 'MODULE_PATHNAME', 'pmkt_basket_counts_state_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.basket_counts_state_recv(internal) RETURNS pmkt.basket_counts_state
AS 'MODULE_PATHNAME', 'pmkt_basket_counts_state_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.basket_counts_state_send(pmkt.basket_counts_state) RETURNS bytea
AS 'MODULE_PATHNAME', 'pmkt_basket_counts_state_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE pmkt.basket_counts_state (
    INPUT = pmkt.basket_counts_state_in,
    OUTPUT = pmkt.basket_counts_state_out,
    RECEIVE = pmkt.basket_counts_state_recv,
    SEND = pmkt.basket_counts_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE pmkt.basket_counts_state IS
'state of pmkt.basket_counts: baskets (rows with an item), empty rows, NULL rows and NULL item ids, the baskets per item and (when counted) per pair of items; text form is JSON with the items and pairs in ascending order, so partial states ship as text';
COMMENT ON FUNCTION pmkt.basket_counts_state_in(cstring) IS 'pmkt.basket_counts_state input: strict JSON, validated (22P02)';
COMMENT ON FUNCTION pmkt.basket_counts_state_out(pmkt.basket_counts_state) IS 'pmkt.basket_counts_state output: JSON, items and pairs ascending';
COMMENT ON FUNCTION pmkt.basket_counts_state_recv(internal) IS 'pmkt.basket_counts_state binary input, validated (22P03)';
COMMENT ON FUNCTION pmkt.basket_counts_state_send(pmkt.basket_counts_state) IS 'pmkt.basket_counts_state binary output';

CREATE FUNCTION pmkt.basket_counts_sfunc(pmkt.basket_counts_state, bigint[])
RETURNS pmkt.basket_counts_state
AS 'MODULE_PATHNAME', 'pmkt_basket_counts_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION pmkt.basket_counts_sfunc(pmkt.basket_counts_state, bigint[], boolean)
RETURNS pmkt.basket_counts_state
AS 'MODULE_PATHNAME', 'pmkt_basket_counts_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION pmkt.basket_counts_combine(pmkt.basket_counts_state, pmkt.basket_counts_state)
RETURNS pmkt.basket_counts_state
AS 'MODULE_PATHNAME', 'pmkt_basket_counts_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.basket_counts_sfunc(pmkt.basket_counts_state, bigint[]) IS
'transition function of pmkt.basket_counts(items)';
COMMENT ON FUNCTION pmkt.basket_counts_sfunc(pmkt.basket_counts_state, bigint[], boolean) IS
'transition function of pmkt.basket_counts(items, pairs)';
COMMENT ON FUNCTION pmkt.basket_counts_combine(pmkt.basket_counts_state, pmkt.basket_counts_state) IS
'combine function of pmkt.basket_counts: adds the counts of two partial states (exact: each row is a whole basket)';

CREATE AGGREGATE pmkt.basket_counts(items bigint[]) (
    SFUNC = pmkt.basket_counts_sfunc,
    STYPE = pmkt.basket_counts_state,
    COMBINEFUNC = pmkt.basket_counts_combine,
    PARALLEL = SAFE
);
CREATE AGGREGATE pmkt.basket_counts(items bigint[], pairs boolean) (
    SFUNC = pmkt.basket_counts_sfunc,
    STYPE = pmkt.basket_counts_state,
    COMBINEFUNC = pmkt.basket_counts_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.basket_counts(bigint[]) IS
'baskets per item over rows that are each ONE basket (its item ids; an item repeated in the row counts once): group order lines by basket first, SELECT pmkt.basket_counts(items) FROM (SELECT array_agg(product_id) AS items FROM order_lines GROUP BY order_id) b; then any split of the rows (parallel workers, Citus shards) combines exactly. NULL rows, rows without an item and NULL ids are counted apart. Read with pmkt.item_counts, pmkt.basket_counts_info, pmkt.basket_itemsets';
COMMENT ON AGGREGATE pmkt.basket_counts(bigint[], boolean) IS
'pmkt.basket_counts(items) and, when pairs is true, the baskets per pair of items (k (k - 1) / 2 pairs for a basket of k distinct items; the state stays within pmkt.max_train_memory, 53200 beyond). Read the pairs with pmkt.pair_counts';

-- the same over integer ids (array_agg of an integer column), read in place
CREATE FUNCTION pmkt.basket_counts_sfunc(pmkt.basket_counts_state, integer[])
RETURNS pmkt.basket_counts_state
AS 'MODULE_PATHNAME', 'pmkt_basket_counts_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION pmkt.basket_counts_sfunc(pmkt.basket_counts_state, integer[], boolean)
RETURNS pmkt.basket_counts_state
AS 'MODULE_PATHNAME', 'pmkt_basket_counts_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.basket_counts_sfunc(pmkt.basket_counts_state, integer[]) IS
'transition function of pmkt.basket_counts(items integer[])';
COMMENT ON FUNCTION pmkt.basket_counts_sfunc(pmkt.basket_counts_state, integer[], boolean) IS
'transition function of pmkt.basket_counts(items integer[], pairs)';
CREATE AGGREGATE pmkt.basket_counts(items integer[]) (
    SFUNC = pmkt.basket_counts_sfunc,
    STYPE = pmkt.basket_counts_state,
    COMBINEFUNC = pmkt.basket_counts_combine,
    PARALLEL = SAFE
);
CREATE AGGREGATE pmkt.basket_counts(items integer[], pairs boolean) (
    SFUNC = pmkt.basket_counts_sfunc,
    STYPE = pmkt.basket_counts_state,
    COMBINEFUNC = pmkt.basket_counts_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.basket_counts(integer[]) IS
'pmkt.basket_counts(items bigint[]) over integer item ids: the same state (ids widened to bigint)';
COMMENT ON AGGREGATE pmkt.basket_counts(integer[], boolean) IS
'pmkt.basket_counts(items bigint[], pairs) over integer item ids: the same state (ids widened to bigint)';

CREATE FUNCTION pmkt.item_counts(state pmkt.basket_counts_state)
RETURNS TABLE (item bigint, baskets bigint, support float8)
AS 'MODULE_PATHNAME', 'pmkt_item_counts'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.item_counts(pmkt.basket_counts_state) IS
'the items of a pmkt.basket_counts state in ascending order: baskets holding the item, support = baskets / all baskets';

CREATE FUNCTION pmkt.pair_counts(state pmkt.basket_counts_state)
RETURNS TABLE (item_a bigint, item_b bigint, baskets bigint, support float8)
AS 'MODULE_PATHNAME', 'pmkt_pair_counts'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.pair_counts(pmkt.basket_counts_state) IS
'the pairs (item_a < item_b) bought together in at least one basket, ascending, from a state of pmkt.basket_counts(items, true) (22023 for a state without pairs): baskets holding both, support = baskets / all baskets';

CREATE FUNCTION pmkt.basket_counts_info(state pmkt.basket_counts_state,
                                        OUT baskets bigint, OUT empty_baskets bigint,
                                        OUT null_baskets bigint, OUT null_items bigint,
                                        OUT items bigint, OUT pairs bigint)
AS 'MODULE_PATHNAME', 'pmkt_basket_counts_info'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.basket_counts_info(pmkt.basket_counts_state) IS
'totals of a pmkt.basket_counts state: baskets (rows with at least one item id), empty_baskets (rows whose array is empty or all NULL), null_baskets (NULL arrays), null_items (NULL ids skipped), distinct items, distinct pairs (NULL when pairs were not counted)';

CREATE FUNCTION pmkt.basket_itemsets(state pmkt.basket_counts_state,
                                     min_support float8 DEFAULT 0.01,
                                     min_count bigint DEFAULT 1)
RETURNS TABLE (itemset_size int, items text[], item_ids bigint[],
               basket_count bigint, support float8)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n bigint;
    with_pairs boolean;
BEGIN
    IF min_support IS NOT NULL AND NOT (min_support > 0 AND min_support <= 1) THEN
        RAISE EXCEPTION 'pmkt.basket_itemsets: argument "min_support" must be a fraction of baskets in (0, 1]'
            USING ERRCODE = 'invalid_parameter_value', DETAIL = format('Got %s.', min_support),
                  HINT = 'For an absolute number of baskets use min_count, e.g. min_support => NULL, min_count => 20.';
    END IF;
    IF min_count IS NOT NULL AND min_count < 1 THEN
        RAISE EXCEPTION 'pmkt.basket_itemsets: argument "min_count" must be at least 1'
            USING ERRCODE = 'invalid_parameter_value', DETAIL = format('Got %s.', min_count);
    END IF;
    IF min_support IS NULL AND min_count IS NULL THEN
        RAISE EXCEPTION 'pmkt.basket_itemsets: arguments "min_support" and "min_count" must not both be NULL'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give a fraction of baskets (min_support => 0.01) or a number of baskets (min_count => 20).';
    END IF;
    IF state IS NULL THEN
        RETURN;
    END IF;
    SELECT i.baskets, i.pairs IS NOT NULL INTO n, with_pairs FROM pmkt.basket_counts_info(state) i;
    RETURN QUERY
    SELECT s.size, s.ids::text[], s.ids, s.cnt, s.cnt::float8 / n
      FROM (SELECT 1 AS size, ARRAY[c.item] AS ids, c.baskets AS cnt
              FROM pmkt.item_counts(state) c
            UNION ALL
            SELECT 2, ARRAY[p.item_a, p.item_b], p.baskets
              FROM pmkt.pair_counts(CASE WHEN with_pairs THEN state END) p) s
     WHERE (min_support IS NULL OR s.cnt::float8 / n >= min_support)
       AND s.cnt >= coalesce(min_count, 1)
     ORDER BY s.size, s.cnt DESC, s.ids;
END
$$;
COMMENT ON FUNCTION pmkt.basket_itemsets(pmkt.basket_counts_state, float8, bigint) IS
'the frequent itemsets of 1 item and (when the state counts pairs) of 2 items of a pmkt.basket_counts state: the same rows, in the same order, as pmkt.frequent_itemsets(query, min_support, min_count, max_len => 2) over the same baskets with integer ids (max_len => 1 for a state without pairs), but from counts that combine across parallel workers and Citus shards. min_support in (0, 1] or NULL, min_count >= 1';
