-- new in 1.1
-- ---------------------------------------------------------------------------
-- market baskets: frequent itemsets and association rules (FP-growth), the
-- cross-sell report
-- ---------------------------------------------------------------------------

CREATE FUNCTION pmkt.basket_query(source regclass,
                                  basket_column name DEFAULT 'order_id',
                                  item_column name DEFAULT 'product_id')
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF source IS NULL OR basket_column IS NULL OR item_column IS NULL THEN
        RAISE EXCEPTION 'pmkt.basket_query: arguments "source", "basket_column" and "item_column" must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    FOR i IN 1 .. 2 LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                        WHERE a.attrelid = source AND a.attnum > 0 AND NOT a.attisdropped
                          AND a.attname = CASE i WHEN 1 THEN basket_column ELSE item_column END) THEN
            RAISE EXCEPTION 'pmkt.basket_query: argument "%" names no column of %',
                            CASE i WHEN 1 THEN 'basket_column' ELSE 'item_column' END, source
                USING ERRCODE = 'undefined_column',
                      DETAIL = format('Got %s.', quote_ident(CASE i WHEN 1 THEN basket_column ELSE item_column END)),
                      HINT = 'Name the basket id and item id columns, e.g. basket_column => ''order_id'', item_column => ''product_id''.';
        END IF;
    END LOOP;
    RETURN format('SELECT %I, %I FROM %s', basket_column, item_column, source);
END
$$;
COMMENT ON FUNCTION pmkt.basket_query(regclass, name, name) IS
'the order-lines query (SELECT basket_column, item_column FROM source) that the basket functions take, for a table and its column names: pmkt.association_rules(pmkt.basket_query(''pmkt_demo.order_lines''))';

CREATE FUNCTION pmkt.frequent_itemsets(query text,
                                       min_support float8 DEFAULT 0.01,
                                       min_count bigint DEFAULT 1,
                                       max_len int DEFAULT NULL,
                                       max_itemsets bigint DEFAULT 500000)
RETURNS TABLE (itemset_size int, items text[], item_ids bigint[],
               basket_count bigint, support float8)
AS 'MODULE_PATHNAME', 'pmkt_frequent_itemsets'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.frequent_itemsets(text, float8, bigint, int, bigint) IS
'every itemset bought in at least min_support (a fraction of baskets, in (0, 1]; NULL for none) and at least min_count baskets, of at most max_len items (NULL: any), by FP-growth (Han, Pei and Yin 2000) in memory within pmkt.max_train_memory (53200 beyond it). query returns order lines (basket id, item id), each bigint, integer, smallint or text; an item repeated in a basket counts once; lines with a NULL id are skipped and counted in a NOTICE. items: the item ids as text, ascending (integers numerically, text bytewise); item_ids: the same as bigint[] for integer ids (NULL for text ids); support = basket_count / baskets. Rows by size, basket_count descending, then items. More than max_itemsets itemsets (at most 2000000; itemsets grow exponentially with basket size) or 16 M items in all stop with 54000';

CREATE FUNCTION pmkt.association_rules(query text,
                                       min_support float8 DEFAULT 0.01,
                                       min_count bigint DEFAULT 1,
                                       max_len int DEFAULT NULL,
                                       min_confidence float8 DEFAULT 0.1,
                                       min_lift float8 DEFAULT NULL,
                                       max_consequent int DEFAULT 1,
                                       max_itemsets bigint DEFAULT 500000)
RETURNS TABLE (antecedent text[], consequent text[],
               antecedent_ids bigint[], consequent_ids bigint[],
               antecedent_count bigint, consequent_count bigint, rule_count bigint,
               baskets bigint, support float8, confidence float8, lift float8,
               leverage float8, conviction float8)
AS 'MODULE_PATHNAME', 'pmkt_association_rules'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.association_rules(text, float8, bigint, int, float8, float8, int, bigint) IS
'rules X => Y from the frequent itemsets of pmkt.frequent_itemsets (same query, min_support, min_count, max_len; max_len at least 2) with confidence >= min_confidence (in [0, 1]) and lift >= min_lift (NULL: any); consequents of 1 to max_consequent items. Counts: antecedent_count = baskets with X, consequent_count = with Y, rule_count = with both, baskets = all; support = rule_count / baskets, confidence = rule_count / antecedent_count, lift = confidence / (consequent_count / baskets), leverage = support - support(X) support(Y), conviction = (1 - support(Y)) / (1 - confidence), NULL when confidence is 1 (infinite). Rows by lift, confidence, rule_count (descending), then antecedent and consequent ids. More than max_itemsets itemsets or rules stop with 54000';

CREATE FUNCTION pmkt.cross_sell(query text,
                                products regclass DEFAULT NULL,
                                top_n int DEFAULT 5,
                                min_support float8 DEFAULT 0.001,
                                min_count bigint DEFAULT 1,
                                min_confidence float8 DEFAULT 0,
                                product_id_column name DEFAULT 'product_id',
                                name_column name DEFAULT 'name',
                                max_itemsets bigint DEFAULT 500000,
                                digits int DEFAULT 4)
RETURNS TABLE (product text, product_name text, product_baskets bigint,
               partner_rank int, partner text, partner_name text,
               lift numeric, confidence numeric, support numeric, pair_baskets bigint)
AS 'MODULE_PATHNAME', 'pmkt_cross_sell'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.cross_sell(text, regclass, int, float8, bigint, float8, name, name, bigint, int) IS
'the cross-sell report for category managers: for each product (most bought first, then by id) its top_n partner products by lift, then confidence, pair count and id: the pair rules product => partner of pmkt.association_rules(query, min_support, min_count, max_len => 2, min_confidence). product_baskets = baskets with the product, pair_baskets = with both, support = pair_baskets / baskets; names from products (a table with product_id_column and name_column, matched as text) when given, else NULL. A report for reading: lift, confidence and support numeric, rounded to digits decimals (0..15, default 4); digits NULL: nothing rounded (each value the exact float8 result as the shortest numeric that reads back as it)';
