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
                                        time_column name DEFAULT 'ordered_at',
                                        factors int DEFAULT 64,
                                        iterations int DEFAULT 10,
                                        regularization float8 DEFAULT 0.01,
                                        alpha float8 DEFAULT 40,
                                        seed bigint DEFAULT 0,
                                        digits int DEFAULT 4,
                                        item_bias boolean DEFAULT true)
RETURNS TABLE (model text, top_k int, customers bigint, precision_at_k numeric, recall_at_k numeric,
               hit_rate_at_k numeric, ndcg_at_k numeric, coverage numeric)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
SET extra_float_digits = 1
AS $$
DECLARE
    v_k int := k;
    v_t text;
BEGIN
    IF digits < 0 OR digits > 15 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'argument "digits" must be between 0 and 15',
          DETAIL = format('Got %s.', digits),
          HINT = 'Pass the number of decimals to round to, or NULL for the values unrounded.';
    END IF;
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
    -- implicit-feedback ALS on the training lines (count = lines of the pair)
    INSERT INTO pmkt_ev_rec
    SELECT 'als', r.customer, r.recommendation_rank, r.item
      FROM pmkt.recommend(pmkt.als_train('SELECT customer, item FROM pg_temp.pmkt_ev_split WHERE train',
                                         factors => factors, iterations => iterations,
                                         regularization => regularization, alpha => alpha, seed => seed,
                                         item_bias => item_bias),
                          v_k, (SELECT array_agg(DISTINCT customer) FROM pmkt_ev_rel), 'none') r;
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
         models AS (SELECT unnest(ARRAY['als', 'item_knn', 'popularity']) AS model),
         per AS (
           SELECT m.model, c.customer, c.nrel,
                  count(h.item) AS hits,
                  coalesce(sum(1.0 / log(2, h.rk + 1.0)), 0)::float8 AS dcg,
                  (SELECT sum(1.0 / log(2, i + 1.0)) FROM generate_series(1, least(c.nrel, v_k)) i)::float8 AS idcg
             FROM models m CROSS JOIN cust c
             LEFT JOIN (SELECT r.model, r.customer, r.rk, r.item FROM pmkt_ev_rec r
                          JOIN pmkt_ev_rel l ON l.customer = r.customer AND l.item = r.item) h
                    ON h.model = m.model AND h.customer = c.customer
            GROUP BY m.model, c.customer, c.nrel),
         res AS (
           SELECT p.model AS m, count(*) AS n, avg(p.hits::float8 / v_k) AS pr, avg(p.hits::float8 / p.nrel) AS rc,
                  avg((p.hits > 0)::int::float8) AS hr, avg(p.dcg / p.idcg) AS nd,
                  (SELECT count(DISTINCT r.item) FROM pmkt_ev_rec r WHERE r.model = p.model)::float8
                    / (SELECT count(DISTINCT t.item) FROM pmkt_ev_train t) AS cv
             FROM per p GROUP BY p.model)
    -- a report for reading: each float8 measure as its shortest decimal
    -- (extra_float_digits = 1), rounded to digits decimals unless NULL
    SELECT x.m, v_k, x.n,
           CASE WHEN digits IS NULL THEN x.pr::text::numeric ELSE round(x.pr::text::numeric, digits) END,
           CASE WHEN digits IS NULL THEN x.rc::text::numeric ELSE round(x.rc::text::numeric, digits) END,
           CASE WHEN digits IS NULL THEN x.hr::text::numeric ELSE round(x.hr::text::numeric, digits) END,
           CASE WHEN digits IS NULL THEN x.nd::text::numeric ELSE round(x.nd::text::numeric, digits) END,
           CASE WHEN digits IS NULL THEN x.cv::text::numeric ELSE round(x.cv::text::numeric, digits) END
      FROM res x ORDER BY x.m;
    DROP TABLE pg_temp.pmkt_ev_lines, pg_temp.pmkt_ev_split, pg_temp.pmkt_ev_train, pg_temp.pmkt_ev_rel,
               pg_temp.pmkt_ev_nb, pg_temp.pmkt_ev_rec;
END
$$;
COMMENT ON FUNCTION pmkt.recommend_evaluate(regclass, int, timestamptz, int, text, float8, name, name, name, int, int, float8, float8, bigint, int, boolean) IS
'offline evaluation of recommendations on lines (a table or view with customer_column, item_column, time_column): the training part is each customer''s lines before their last basket (latest time; cutoff NULL) or every line before cutoff; the relevant items of a customer are those of the later part not bought before; customers with training lines and at least one relevant item are evaluated. Models: als (pmkt.als_train on the training lines, a pair''s count = its number of lines, with factors, iterations, regularization, alpha, seed, item_bias (default true: with the item bias); then pmkt.recommend), item_knn (pmkt.item_neighbors with neighbors, similarity, shrinkage on the training part, then pmkt.recommend) and popularity (the most bought training items the customer does not have). Per model (top_k = k), averaged over the customers: precision@k = hits / k, recall@k = hits / relevant, hit rate@k = share with a hit, NDCG@k = sum over hits of 1 / log2(rank + 1) divided by its best value sum over ranks 1 .. min(relevant, k); coverage = distinct recommended items / distinct training items. A report for reading: the measures numeric, rounded to digits decimals (0..15, default 4); digits NULL: nothing rounded (each the exact float8 measure as the shortest numeric that reads back as it)';
