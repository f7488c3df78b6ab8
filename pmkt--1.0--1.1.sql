-- pmkt--1.0--1.1.sql: assembled by scripts/assemble_sql.sh from the
-- parts src/<family>/NN_module--1.0--1.1.sql and the parts new in 1.1.

\echo Use "ALTER EXTENSION pmkt UPDATE TO '1.1'" to load this file. \quit

-- ======== src/00_base--1.0--1.1.sql
-- base: 1.0 -> 1.1

-- The extension's schema must still be its installer's (the 1.1 install
-- script refuses a schema pmkt owned by another role; see src/00_base.sql).
-- On update the owner may be the role running the update or the extension's
-- owner; any other owner means 1.0 was installed into a schema someone else
-- made, whose owner controls every object in it.  Search_path safe: the
-- script runs with search_path = pmkt, so every name below is qualified.
DO $pmkt_schema_owner$
DECLARE
    owner_name pg_catalog.text;
    ext_owner  pg_catalog.text;
BEGIN
    SELECT pg_catalog.pg_get_userbyid(n.nspowner)::pg_catalog.text,
           pg_catalog.pg_get_userbyid(e.extowner)::pg_catalog.text
      INTO owner_name, ext_owner
    FROM pg_catalog.pg_namespace n, pg_catalog.pg_extension e
    WHERE n.nspname OPERATOR(pg_catalog.=) 'pmkt'::pg_catalog.name
      AND e.extname OPERATOR(pg_catalog.=) 'pmkt'::pg_catalog.name;
    IF owner_name OPERATOR(pg_catalog.<>) CURRENT_USER::pg_catalog.text
       AND owner_name OPERATOR(pg_catalog.<>) ext_owner THEN
        RAISE EXCEPTION 'schema pmkt is owned by another role'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Schema pmkt is owned by role %s; the extension is owned by role %s and updated by role %s.',
                                             pg_catalog.quote_ident(owner_name),
                                             pg_catalog.quote_ident(ext_owner),
                                             pg_catalog.quote_ident(CURRENT_USER::pg_catalog.text)),
                  HINT = 'The owner of schema pmkt controls every object in it. Check the schema''s contents, then ALTER SCHEMA pmkt OWNER TO the extension''s owner and update again.';
    END IF;
END
$pmkt_schema_owner$;

-- ======== src/ops/25_demo_data--1.0--1.1.sql
-- generate_demo gains the basket tables products and order_lines (issue 12)
COMMENT ON FUNCTION pmkt.generate_demo(text, bigint, bigint) IS
'(re)creates the demo tables customers, orders, campaigns, feedback, aisas_monthly, sales_drivers, visits, products and order_lines in target_schema, deterministic for a seed; returns the row count of each table';

-- ======== src/segment/35_rfm--1.0--1.1.sql
-- 1.1 (issue 16): pmkt.rfm and pmkt.rfm_strategy take order lines (order_col,
-- a new last argument: count distinct orders, sum amounts per order); 1.0
-- calls keep working (order_col defaults to NULL).  The old signatures are
-- dropped (nothing in 1.0 depends on them: run_evaluation is PL/pgSQL).
DROP FUNCTION pmkt.rfm(regclass, text, text, text, timestamptz, text, float8, int, int, text, text, bigint);
DROP FUNCTION pmkt.rfm_strategy(regclass, text, text, text, timestamptz, text, float8, int, int, text, text, bigint);

CREATE FUNCTION pmkt.rfm(
    orders             regclass,
    customer_col       text        DEFAULT 'customer_id',
    time_col           text        DEFAULT 'ordered_at',
    amount_col         text        DEFAULT 'amount',
    as_of              timestamptz DEFAULT NULL,
    monetary           text        DEFAULT 'total',
    new_days           float8      DEFAULT 90,
    frequent_min_score int         DEFAULT NULL,
    bins               int         DEFAULT 5,
    ties               text        DEFAULT 'shared',
    method             text        DEFAULT 'rules',
    seed               bigint      DEFAULT 42,
    order_col          text        DEFAULT NULL)
RETURNS SETOF pmkt.rfm_customer
AS 'MODULE_PATHNAME', 'pmkt_rfm'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.rfm(regclass, text, text, text, timestamptz, text, float8, int, int, text, text, bigint, text) IS
'RFM profile of every customer of an orders table. Rows are orders, or with order_col given order lines: the lines of one (customer, order id) make one order whose time is its earliest line and whose amount is the sum of its lines, so frequency counts distinct orders (without order_col every row counts as an order). Recency measured from as_of (NULL: the latest order; lines after as_of are ignored), frequency = orders, monetary = ''total'' or ''average'' order amount; 1..bins scores as ntile(bins) worst-first (ties ''shared'': equal values share the score, ''first'': plain ntile broken by customer id); segment: new when the first order is less than new_days before as_of, else frequent when the frequency is above the natural break of ln(frequency) among the other customers (exact two-group split, least within-group sum of squares) or, with frequent_min_score given, when f_score >= frequent_min_score, else occasional. method => ''kmeans'': instead, 3-means (k-means++ seeded by seed, best of 10) on the z-scores of ln(1 + tenure_days), recency_days, ln(frequency), ln(1 + monetary), clusters named by what the segments mean: in the cluster with the least mean tenure, the customers whose first order is less than new_days before as_of are new and the others occasional (a customer whose first order is older is never new), of the other two clusters the one with the higher mean ln(frequency) is frequent, the other occasional. The customer column must be an integer type, the time timestamptz, timestamp or date, the amount a number (42804 otherwise). Rows with a NULL customer, time, amount or order id are skipped';

COMMENT ON FUNCTION pmkt.rfm_query(text, timestamptz, text, float8, int, int, text, text, bigint) IS
'pmkt.rfm over a query whose first three columns are, in this order, the customer id (an integer or numeric type), the order time (timestamptz, timestamp or date) and the amount (an integer, real or numeric type), one row per order (aggregate order lines per order in the query, or use pmkt.rfm with order_col); other types, or a column named customer_id, ordered_at, amount or order_id at another of these positions, raise 42804 listing the columns received; same options and result';

CREATE FUNCTION pmkt.rfm_strategy(
    orders             regclass,
    customer_col       text        DEFAULT 'customer_id',
    time_col           text        DEFAULT 'ordered_at',
    amount_col         text        DEFAULT 'amount',
    as_of              timestamptz DEFAULT NULL,
    monetary           text        DEFAULT 'total',
    new_days           float8      DEFAULT 90,
    frequent_min_score int         DEFAULT NULL,
    bins               int         DEFAULT 5,
    ties               text        DEFAULT 'shared',
    method             text        DEFAULT 'rules',
    seed               bigint      DEFAULT 42,
    order_col          text        DEFAULT NULL)
RETURNS SETOF pmkt.customer_strategy
AS 'MODULE_PATHNAME', 'pmkt_rfm_strategy'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.rfm_strategy(regclass, text, text, text, timestamptz, text, float8, int, int, text, text, bigint, text) IS
'Each customer of an orders table (pmkt.rfm''s arguments, order_col included) with its segment and that segment''s strategy and planning figures from pmkt.segment_strategy (NULL when the segment has no row there)';

-- ======== src/segment/38_dbscan--1.0--1.1.sql
-- 1.1: dbscan reads its rows through the trainers' loader (src/util/matrix.c):
-- the comment names the column types it takes
COMMENT ON FUNCTION pmkt.dbscan(text, float8, int, bigint) IS
'DBSCAN over the rows of query (first column: id, an integer or numeric read as bigint; second: features, a float8[] or an integer, real or numeric array read as float8[]; further columns ignored): a row with at least min_points rows (itself included) within Euclidean distance eps is a core point; clusters are grown from core points in the query''s row order (ORDER BY for reproducibility), border points join the first cluster reaching them, the rest is noise (cluster_id -1). Matches scikit-learn''s DBSCAN labels + 1. Rows with a NULL id, NULL features or a NULL element are skipped. Grid neighbour search (cell side eps); refuses with 54000 beyond max_candidate_pairs distance computations per pass';

-- ======== src/basket/85_rules.sql
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
                                max_itemsets bigint DEFAULT 500000)
RETURNS TABLE (product text, product_name text, product_baskets bigint,
               partner_rank int, partner text, partner_name text,
               lift float8, confidence float8, support float8, pair_baskets bigint)
AS 'MODULE_PATHNAME', 'pmkt_cross_sell'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.cross_sell(text, regclass, int, float8, bigint, float8, name, name, bigint) IS
'the cross-sell report for category managers: for each product (most bought first, then by id) its top_n partner products by lift, then confidence, pair count and id: the pair rules product => partner of pmkt.association_rules(query, min_support, min_count, max_len => 2, min_confidence). product_baskets = baskets with the product, pair_baskets = with both, support = pair_baskets / baskets; names from products (a table with product_id_column and name_column, matched as text) when given, else NULL';

-- ======== src/basket/86_recommend.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- recommendations: item-based collaborative filtering (item neighbours,
-- recommend) and its evaluation against a popularity baseline
-- ---------------------------------------------------------------------------

CREATE FUNCTION pmkt.item_neighbors(query text,
                                    n int DEFAULT 20,
                                    similarity text DEFAULT 'cosine',
                                    shrinkage float8 DEFAULT 0,
                                    min_common int DEFAULT 1)
RETURNS TABLE (item text, item_id bigint, neighbor text, neighbor_id bigint,
               neighbor_rank int, similarity float8, common_customers bigint)
AS 'MODULE_PATHNAME', 'pmkt_item_neighbors'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.item_neighbors(text, int, text, float8, int) IS
'item-based collaborative filtering: the n most similar items of every item on the binary customer x item matrix of query''s (customer id, item id) lines (bigint, integer, smallint or text; repeats count once, NULL ids skipped), within pmkt.max_train_memory. similarity ''cosine'' = c_ij / sqrt(c_i c_j) or ''jaccard'' = c_ij / (c_i + c_j - c_ij), c = customers who bought the item(s), times c_ij / (c_ij + shrinkage) when shrinkage > 0; pairs with fewer than min_common common customers are left out. Ranked by similarity, then neighbour id. Keep the rows as a table for pmkt.recommend: CREATE TABLE nb AS SELECT * FROM pmkt.item_neighbors(...)';

CREATE FUNCTION pmkt.recommend(history regclass,
                               neighbors regclass,
                               k int DEFAULT 10,
                               customers text[] DEFAULT NULL,
                               fallback text DEFAULT 'none',
                               customer_column name DEFAULT 'customer_id',
                               item_column name DEFAULT 'product_id')
RETURNS TABLE (customer text, recommendation_rank int, item text, score float8, source text)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_filter text := '';
    v_fallback text := '';
BEGIN
    IF k IS NULL OR k < 1 THEN
        RAISE EXCEPTION 'pmkt.recommend: argument "k" must be at least 1'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Got %s.', coalesce(k::text, 'NULL')),
                  HINT = 'k is the number of items recommended per customer, e.g. 10.';
    END IF;
    IF fallback IS NULL OR fallback NOT IN ('none', 'popularity') THEN
        RAISE EXCEPTION 'pmkt.recommend: argument "fallback" must be ''none'' or ''popularity'''
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Got %s.', coalesce(quote_literal(fallback), 'NULL'));
    END IF;
    IF neighbors IS NULL THEN
        RAISE EXCEPTION 'pmkt.recommend: argument "neighbors" must not be NULL'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass a table made by CREATE TABLE nb AS SELECT * FROM pmkt.item_neighbors(...).';
    END IF;
    PERFORM pmkt.basket_query(history, customer_column, item_column);
    PERFORM pmkt.basket_query(neighbors, 'item', 'neighbor');
    PERFORM pmkt.basket_query(neighbors, 'similarity', 'neighbor');
    IF customers IS NOT NULL THEN
        v_filter := format(' AND h.%I::text = ANY ($2)', customer_column);
        IF fallback = 'popularity' THEN
            -- customers without history: the most bought items
            v_fallback := format(
                ' UNION ALL SELECT c.customer, p.rk::int, p.item, p.buyers::float8, ''popularity''::text '
                '  FROM (SELECT DISTINCT u.customer FROM pg_catalog.unnest($2) AS u(customer) '
                '         WHERE u.customer IS NOT NULL AND NOT EXISTS (SELECT 1 FROM h WHERE h.customer = u.customer)) c '
                '  CROSS JOIN (SELECT a.item, a.buyers, pg_catalog.row_number() OVER (ORDER BY a.buyers DESC, a.item COLLATE "C") AS rk '
                '                FROM (SELECT h.%2$I::text AS item, pg_catalog.count(DISTINCT h.%1$I) AS buyers FROM %3$s h '
                '                       WHERE h.%1$I IS NOT NULL AND h.%2$I IS NOT NULL GROUP BY 1) a) p '
                ' WHERE p.rk <= $1',
                customer_column, item_column, history);
        END IF;
    END IF;
    RETURN QUERY EXECUTE format(
        'WITH h AS MATERIALIZED (SELECT DISTINCT h.%1$I::text AS customer, h.%2$I::text AS item FROM %3$s h '
        '                          WHERE h.%1$I IS NOT NULL AND h.%2$I IS NOT NULL %4$s), '
        '     s AS (SELECT h.customer, n.neighbor::text AS item, pg_catalog.sum(n.similarity::float8) AS score '
        '             FROM h JOIN %5$s n ON n.item::text = h.item '
        '            WHERE n.neighbor IS NOT NULL AND n.similarity::float8 > 0 '
        '              AND NOT EXISTS (SELECT 1 FROM h h2 WHERE h2.customer = h.customer AND h2.item = n.neighbor::text) '
        '            GROUP BY 1, 2), '
        '     r AS (SELECT s.*, pg_catalog.row_number() OVER (PARTITION BY s.customer ORDER BY s.score DESC, s.item COLLATE "C") AS rk FROM s) '
        'SELECT z.* FROM (SELECT r.customer, r.rk::int AS rk, r.item, r.score, ''item_knn''::text AS source '
        '                   FROM r WHERE r.rk <= $1 %6$s) z '
        'ORDER BY z.customer COLLATE "C", z.rk',
        customer_column, item_column, history, v_filter, neighbors, v_fallback)
    USING k, customers;
END
$$;
COMMENT ON FUNCTION pmkt.recommend(regclass, regclass, int, text[], text, name, name) IS
'the top k items for each customer of history (a table or view with customer_column and item_column: what each customer bought) that the customer has not bought, scored by item-based collaborative filtering: score(u, j) = sum of similarity(i, j) over the items i bought by u, with the neighbour rows of neighbors (a table from pmkt.item_neighbors: item, neighbor, similarity); ties by item id as text. customers: only those (as text; NULL = every customer in history). A customer unknown to history gets no rows with fallback ''none'' (the default) and the k most bought items (score = their number of buyers, source ''popularity'') with fallback ''popularity''';

CREATE FUNCTION pmkt.recommend_evaluate(lines regclass,
                                        k int DEFAULT 10,
                                        cutoff timestamptz DEFAULT NULL,
                                        neighbors int DEFAULT 20,
                                        similarity text DEFAULT 'cosine',
                                        shrinkage float8 DEFAULT 0,
                                        customer_column name DEFAULT 'customer_id',
                                        item_column name DEFAULT 'product_id',
                                        time_column name DEFAULT 'ordered_at')
RETURNS TABLE (model text, top_k int, customers bigint, precision_at_k float8, recall_at_k float8,
               hit_rate_at_k float8, ndcg_at_k float8, coverage float8)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_k int := k;
    v_t text;
BEGIN
    IF v_k IS NULL OR v_k < 1 THEN
        RAISE EXCEPTION 'pmkt.recommend_evaluate: argument "k" must be at least 1'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Got %s.', coalesce(v_k::text, 'NULL'));
    END IF;
    PERFORM pmkt.basket_query(lines, customer_column, item_column);
    PERFORM pmkt.basket_query(lines, time_column, item_column);
    FOREACH v_t IN ARRAY ARRAY['pmkt_ev_lines', 'pmkt_ev_split', 'pmkt_ev_train', 'pmkt_ev_rel', 'pmkt_ev_nb', 'pmkt_ev_rec'] LOOP
        IF to_regclass('pg_temp.' || v_t) IS NOT NULL THEN
            EXECUTE format('DROP TABLE pg_temp.%I', v_t);
        END IF;
    END LOOP;
    EXECUTE format('CREATE TEMP TABLE pmkt_ev_lines AS '
                   'SELECT l.%1$I::text AS customer, l.%2$I::text AS item, l.%3$I::timestamptz AS at FROM %4$s l '
                   ' WHERE l.%1$I IS NOT NULL AND l.%2$I IS NOT NULL AND l.%3$I IS NOT NULL',
                   customer_column, item_column, time_column, lines);
    IF cutoff IS NULL THEN
        -- leave each customer's last basket (latest time) out
        CREATE TEMP TABLE pmkt_ev_split AS
        SELECT l.customer, l.item, l.at < m.last AS train
          FROM pmkt_ev_lines l JOIN (SELECT customer, max(at) AS last FROM pmkt_ev_lines GROUP BY 1) m USING (customer);
    ELSE
        CREATE TEMP TABLE pmkt_ev_split AS
        SELECT l.customer, l.item, l.at < cutoff AS train FROM pmkt_ev_lines l;
    END IF;
    CREATE TEMP TABLE pmkt_ev_train AS SELECT DISTINCT customer, item FROM pmkt_ev_split WHERE train;
    IF NOT EXISTS (SELECT 1 FROM pmkt_ev_train) THEN
        RAISE EXCEPTION 'pmkt.recommend_evaluate: no lines fall in the training part'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('cutoff is %s.', coalesce(cutoff::text, 'NULL (each customer''s last basket left out)')),
                  HINT = 'Customers need lines before their last basket (or before cutoff).';
    END IF;
    -- relevant: items of the test part the customer had not bought before
    CREATE TEMP TABLE pmkt_ev_rel AS
    SELECT DISTINCT s.customer, s.item FROM pmkt_ev_split s
     WHERE NOT s.train
       AND EXISTS (SELECT 1 FROM pmkt_ev_train t WHERE t.customer = s.customer)
       AND NOT EXISTS (SELECT 1 FROM pmkt_ev_train t WHERE t.customer = s.customer AND t.item = s.item);
    CREATE TEMP TABLE pmkt_ev_nb AS
    SELECT * FROM pmkt.item_neighbors('SELECT customer, item FROM pg_temp.pmkt_ev_train',
                                      n => neighbors, similarity => similarity, shrinkage => shrinkage);
    CREATE TEMP TABLE pmkt_ev_rec AS
    SELECT 'item_knn'::text AS model, r.customer, r.recommendation_rank AS rk, r.item
      FROM pmkt.recommend('pg_temp.pmkt_ev_train', 'pg_temp.pmkt_ev_nb', v_k,
                          (SELECT array_agg(DISTINCT customer) FROM pmkt_ev_rel), 'none', 'customer', 'item') r;
    -- the popularity baseline: most bought items the customer does not have
    INSERT INTO pmkt_ev_rec
    SELECT 'popularity', x.customer, x.rk, x.item
      FROM (SELECT c.customer, p.item,
                   row_number() OVER (PARTITION BY c.customer ORDER BY p.buyers DESC, p.item COLLATE "C") AS rk
              FROM (SELECT DISTINCT customer FROM pmkt_ev_rel) c
             CROSS JOIN (SELECT item, count(*) AS buyers FROM pmkt_ev_train GROUP BY item
                          ORDER BY count(*) DESC, item COLLATE "C"
                          LIMIT v_k + (SELECT max(n) FROM (SELECT count(*) AS n FROM pmkt_ev_train GROUP BY customer) z)) p
             WHERE NOT EXISTS (SELECT 1 FROM pmkt_ev_train t WHERE t.customer = c.customer AND t.item = p.item)) x
     WHERE x.rk <= v_k;
    RETURN QUERY
    WITH cust AS (SELECT customer, count(*) AS nrel FROM pmkt_ev_rel GROUP BY customer),
         models AS (SELECT unnest(ARRAY['item_knn', 'popularity']) AS model),
         per AS (
           SELECT m.model, c.customer, c.nrel,
                  count(h.item) AS hits,
                  coalesce(sum(1.0 / log(2, h.rk + 1.0)), 0)::float8 AS dcg,
                  (SELECT sum(1.0 / log(2, i + 1.0)) FROM generate_series(1, least(c.nrel, v_k)) i)::float8 AS idcg
             FROM models m CROSS JOIN cust c
             LEFT JOIN (SELECT r.model, r.customer, r.rk, r.item FROM pmkt_ev_rec r
                          JOIN pmkt_ev_rel l ON l.customer = r.customer AND l.item = r.item) h
                    ON h.model = m.model AND h.customer = c.customer
            GROUP BY m.model, c.customer, c.nrel)
    SELECT p.model, v_k, count(*), avg(p.hits::float8 / v_k), avg(p.hits::float8 / p.nrel),
           avg((p.hits > 0)::int::float8), avg(p.dcg / p.idcg),
           (SELECT count(DISTINCT r.item) FROM pmkt_ev_rec r WHERE r.model = p.model)::float8
             / (SELECT count(DISTINCT t.item) FROM pmkt_ev_train t)
      FROM per p GROUP BY p.model ORDER BY p.model;
    DROP TABLE pg_temp.pmkt_ev_lines, pg_temp.pmkt_ev_split, pg_temp.pmkt_ev_train, pg_temp.pmkt_ev_rel,
               pg_temp.pmkt_ev_nb, pg_temp.pmkt_ev_rec;
END
$$;
COMMENT ON FUNCTION pmkt.recommend_evaluate(regclass, int, timestamptz, int, text, float8, name, name, name) IS
'offline evaluation of recommendations on lines (a table or view with customer_column, item_column, time_column): the training part is each customer''s lines before their last basket (latest time; cutoff NULL) or every line before cutoff; the relevant items of a customer are those of the later part not bought before; customers with training lines and at least one relevant item are evaluated. Models: item_knn (pmkt.item_neighbors with neighbors, similarity, shrinkage on the training part, then pmkt.recommend) and popularity (the most bought training items the customer does not have). Per model (top_k = k), averaged over the customers: precision@k = hits / k, recall@k = hits / relevant, hit rate@k = share with a hit, NDCG@k = sum over hits of 1 / log2(rank + 1) divided by its best value sum over ranks 1 .. min(relevant, k); coverage = distinct recommended items / distinct training items';

-- ======== src/ops/90_registry--1.0--1.1.sql
-- registry: 1.0 -> 1.1

-- Every SQL routine runs under search_path = pg_catalog, pg_temp, so that
-- no function or operator a caller's search_path holds is reached
-- (CVE-2018-1058); save_model(text) also names the schema in its hint.
ALTER FUNCTION pmkt.model_registry_before_insert() SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION pmkt.save_model(text, text, anyelement, jsonb, text, jsonb) SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION pmkt.latest_model(text, int) SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION pmkt.list_models() SET search_path = pg_catalog, pg_temp;

CREATE OR REPLACE FUNCTION pmkt.save_model(name text, kind text, model text,
                                parameters jsonb DEFAULT '{}',
                                training_query text DEFAULT NULL,
                                metrics jsonb DEFAULT '{}',
                                model_type text DEFAULT 'text')
RETURNS int
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v int;
BEGIN
    IF name IS NULL OR length(btrim(name)) = 0 THEN
        RAISE EXCEPTION 'name must be a non-empty text'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('name is %s.', coalesce(quote_literal(name), 'NULL')),
                  HINT = 'Give the model a name, e.g. ''sales_ols''.';
    END IF;
    IF kind IS NULL OR kind !~ '^[a-z][a-z0-9_]*$' THEN
        RAISE EXCEPTION 'kind must be a lower-case identifier'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('kind is %s.', coalesce(quote_literal(kind), 'NULL')),
                  HINT = 'Use kmeans, ols, logistic, bpnn, rbf, pca, entropy or another lower-case word.';
    END IF;
    IF model IS NULL THEN
        RAISE EXCEPTION 'model must not be NULL'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('model %s of kind %s is NULL.', quote_literal(name), kind),
                  HINT = 'Pass the trained model value (e.g. the result of the training function).';
    END IF;
    IF model_type IS NULL OR pg_catalog.to_regtype(model_type) IS NULL THEN
        RAISE EXCEPTION 'model_type must name an existing type'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('model_type is %s.', coalesce(quote_literal(model_type), 'NULL')),
                  HINT = 'Pass the type the model''s text form casts back to, schema-qualified unless it is a pg_catalog type (e.g. ''jsonb'', ''public.my_type''), or omit it for text.';
    END IF;
    IF parameters IS NULL OR jsonb_typeof(parameters) <> 'object' THEN
        RAISE EXCEPTION 'parameters must be a JSON object'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('parameters is %s.', coalesce(parameters::text, 'NULL')),
                  HINT = 'Pass e.g. ''{"k": 3, "seed": 42}'' or ''{}''.';
    END IF;
    IF metrics IS NULL OR jsonb_typeof(metrics) <> 'object' THEN
        RAISE EXCEPTION 'metrics must be a JSON object'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('metrics is %s.', coalesce(metrics::text, 'NULL')),
                  HINT = 'Pass e.g. ''{"r2": 0.91}'' or ''{}''.';
    END IF;
    INSERT INTO pmkt.model_registry AS r
        (name, kind, parameters, training_query, metrics, model_type, model)
    VALUES (save_model.name, save_model.kind, save_model.parameters,
            save_model.training_query, save_model.metrics,
            pg_catalog.format_type(pg_catalog.to_regtype(save_model.model_type), NULL),
            save_model.model)
    RETURNING r.version INTO v;
    RETURN v;
END
$fn$;

-- ======== src/ops/95_operations--1.0--1.1.sql
-- operations: 1.0 -> 1.1

-- Every SQL routine runs under search_path = pg_catalog, pg_temp, so that
-- no function or operator a caller's search_path holds is reached
-- (CVE-2018-1058).
ALTER FUNCTION pmkt.evaluation_source(text, text) SET search_path = pg_catalog, pg_temp;
ALTER PROCEDURE pmkt.evaluation_cleanup() SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION pmkt.evaluation_record_model(text, date, timestamptz, text, text, text, text, jsonb, text, jsonb, boolean)
    SET search_path = pg_catalog, pg_temp;
ALTER PROCEDURE pmkt.run_evaluation(text, date, int, bigint, float8, float8, int, text, int, int, boolean)
    SET search_path = pg_catalog, pg_temp;

-- ======== src/basket/96_basket_eval.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- the evaluation job's cross-selling step (issue 12): top rules and the
-- quality of recommendations per run; the BI view of the top rules
-- ---------------------------------------------------------------------------

CREATE TABLE pmkt.history_basket_rules (
    source_schema    text NOT NULL,
    period           date NOT NULL,
    rule_rank        int NOT NULL,
    antecedent       text NOT NULL,
    consequent       text NOT NULL,
    antecedent_names text,
    consequent_names text,
    antecedent_count bigint NOT NULL,
    consequent_count bigint NOT NULL,
    rule_count       bigint NOT NULL,
    baskets          bigint NOT NULL,
    support          float8 NOT NULL,
    confidence       float8 NOT NULL,
    lift             float8 NOT NULL,
    run_at           timestamptz NOT NULL,
    PRIMARY KEY (source_schema, period, rule_rank),
    FOREIGN KEY (source_schema, period) REFERENCES pmkt.history_runs ON DELETE CASCADE
);
COMMENT ON TABLE pmkt.history_basket_rules IS
'the top 50 association rules (pmkt.association_rules, by lift) over the order lines of the orders up to the period, per evaluation run: min_support 0.001, min_confidence 0.2, consequents of one item';
COMMENT ON COLUMN pmkt.history_basket_rules.source_schema IS 'the schema whose tables were analysed';
COMMENT ON COLUMN pmkt.history_basket_rules.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.history_basket_rules.rule_rank IS '1 = the highest lift (then confidence, count, ids)';
COMMENT ON COLUMN pmkt.history_basket_rules.antecedent IS 'the products already in the basket (ids, comma-separated)';
COMMENT ON COLUMN pmkt.history_basket_rules.consequent IS 'the product the rule suggests (id)';
COMMENT ON COLUMN pmkt.history_basket_rules.antecedent_names IS 'the antecedent''s product names from source_schema.products (NULL without that table)';
COMMENT ON COLUMN pmkt.history_basket_rules.consequent_names IS 'the consequent''s product name from source_schema.products (NULL without that table)';
COMMENT ON COLUMN pmkt.history_basket_rules.antecedent_count IS 'baskets holding the antecedent';
COMMENT ON COLUMN pmkt.history_basket_rules.consequent_count IS 'baskets holding the consequent';
COMMENT ON COLUMN pmkt.history_basket_rules.rule_count IS 'baskets holding both';
COMMENT ON COLUMN pmkt.history_basket_rules.baskets IS 'all baskets analysed';
COMMENT ON COLUMN pmkt.history_basket_rules.support IS 'rule_count / baskets';
COMMENT ON COLUMN pmkt.history_basket_rules.confidence IS 'rule_count / antecedent_count: the share of the antecedent''s baskets that also hold the consequent';
COMMENT ON COLUMN pmkt.history_basket_rules.lift IS 'confidence / (consequent_count / baskets): how many times more often than by chance';
COMMENT ON COLUMN pmkt.history_basket_rules.run_at IS 'when the run started';
SELECT pg_catalog.pg_extension_config_dump('pmkt.history_basket_rules', '');

CREATE FUNCTION pmkt.evaluation_basket(source_schema text, period date, run_at timestamptz,
                                       as_of timestamptz)
RETURNS text
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_lines regclass := pmkt.evaluation_source(source_schema, 'order_lines');
    v_orders regclass := pmkt.evaluation_source(source_schema, 'orders');
    v_products regclass := pmkt.evaluation_source(source_schema, 'products');
    v_q text;
    v_n bigint;
BEGIN
    IF v_lines IS NULL OR v_orders IS NULL THEN
        RETURN format('basket_rules (%s.order_lines or %s.orders is missing)', source_schema, source_schema);
    END IF;
    v_q := format('SELECT l.order_id, l.product_id FROM %s l WHERE l.order_id IN (SELECT o.order_id FROM %s o WHERE o.ordered_at < %L)',
                  v_lines, v_orders, as_of);
    EXECUTE format('SELECT count(*) FROM (%s) q', v_q) INTO v_n;
    IF v_n = 0 THEN
        RETURN format('basket_rules (no order lines before %s)', as_of);
    END IF;
    DROP TABLE IF EXISTS pg_temp.pmkt_eval_rules, pg_temp.pmkt_eval_names;
    CREATE TEMP TABLE pmkt_eval_rules AS
    SELECT o.antecedent, o.consequent, o.antecedent_count, o.consequent_count, o.rule_count, o.baskets,
           o.support, o.confidence, o.lift, o.ord::int AS rule_rank
      FROM pmkt.association_rules(v_q, min_support => 0.001, min_confidence => 0.2, max_consequent => 1)
           WITH ORDINALITY AS o(antecedent, consequent, antecedent_ids, consequent_ids, antecedent_count,
                                consequent_count, rule_count, baskets, support, confidence, lift, leverage,
                                conviction, ord)
     WHERE o.ord <= 50;
    CREATE TEMP TABLE pmkt_eval_names (id text, name text);
    IF v_products IS NOT NULL AND EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                                           WHERE a.attrelid = v_products AND a.attname = 'name' AND NOT a.attisdropped)
                              AND EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                                           WHERE a.attrelid = v_products AND a.attname = 'product_id' AND NOT a.attisdropped) THEN
        EXECUTE format('INSERT INTO pg_temp.pmkt_eval_names SELECT p.product_id::text, p.name::text FROM %s p', v_products);
    END IF;
    INSERT INTO pmkt.history_basket_rules
    SELECT source_schema, period, r.rule_rank,
           array_to_string(r.antecedent, ', '), array_to_string(r.consequent, ', '),
           (SELECT string_agg(n.name, ', ' ORDER BY a.o) FROM unnest(r.antecedent) WITH ORDINALITY a(id, o)
              JOIN pg_temp.pmkt_eval_names n ON n.id = a.id),
           (SELECT string_agg(n.name, ', ' ORDER BY a.o) FROM unnest(r.consequent) WITH ORDINALITY a(id, o)
              JOIN pg_temp.pmkt_eval_names n ON n.id = a.id),
           r.antecedent_count, r.consequent_count, r.rule_count, r.baskets,
           r.support, r.confidence, r.lift, run_at
      FROM pg_temp.pmkt_eval_rules r;
    DROP TABLE pg_temp.pmkt_eval_rules, pg_temp.pmkt_eval_names;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION pmkt.evaluation_basket(text, date, timestamptz, timestamptz) IS
'the cross-selling step of pmkt.run_evaluation: the top 50 rules by lift over source_schema.order_lines of the orders before as_of into pmkt.history_basket_rules (with names from source_schema.products when it has product_id and name); returns NULL when done, else the reason the step was skipped (a missing table, no lines)';

CREATE VIEW pmkt.v_top_rules AS
SELECT h.source_schema, h.period, h.rule_rank,
       h.antecedent AS if_bought, h.antecedent_names AS if_bought_names,
       h.consequent AS suggest, h.consequent_names AS suggest_names,
       h.rule_count AS baskets_with_both, h.baskets,
       round((100 * h.support)::numeric, 3)::float8 AS support_pct,
       round((100 * h.confidence)::numeric, 1)::float8 AS confidence_pct,
       round(h.lift::numeric, 2)::float8 AS lift
FROM pmkt.history_basket_rules h;
COMMENT ON VIEW pmkt.v_top_rules IS
'BI view: the top cross-selling rules of each evaluation run (pmkt.history_basket_rules), one row per rule';
COMMENT ON COLUMN pmkt.v_top_rules.source_schema IS 'the schema whose tables were analysed';
COMMENT ON COLUMN pmkt.v_top_rules.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_top_rules.rule_rank IS '1 = the highest lift';
COMMENT ON COLUMN pmkt.v_top_rules.if_bought IS 'the products already in the basket (ids, comma-separated)';
COMMENT ON COLUMN pmkt.v_top_rules.if_bought_names IS 'their names (NULL without a products table)';
COMMENT ON COLUMN pmkt.v_top_rules.suggest IS 'the product to suggest (id)';
COMMENT ON COLUMN pmkt.v_top_rules.suggest_names IS 'its name (NULL without a products table)';
COMMENT ON COLUMN pmkt.v_top_rules.baskets_with_both IS 'baskets holding the antecedent and the suggested product';
COMMENT ON COLUMN pmkt.v_top_rules.baskets IS 'all baskets analysed';
COMMENT ON COLUMN pmkt.v_top_rules.support_pct IS 'baskets_with_both / baskets, in percent (3 decimals)';
COMMENT ON COLUMN pmkt.v_top_rules.confidence_pct IS 'share of the antecedent''s baskets that hold the suggested product, in percent (1 decimal)';
COMMENT ON COLUMN pmkt.v_top_rules.lift IS 'confidence / share of baskets holding the suggested product (2 decimals): above 1 = bought together more often than by chance';
