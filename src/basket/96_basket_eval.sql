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
    -- a direct second call for the same period replaces, as a re-run does
    DELETE FROM pmkt.history_basket_rules h
     WHERE h.source_schema = evaluation_basket.source_schema AND h.period = evaluation_basket.period;
    -- dropped by bare name (search_path is pg_catalog, pg_temp): on a Citus
    -- coordinator DDL naming pg_temp fails (schema "pg_temp" does not exist)
    DROP TABLE IF EXISTS pmkt_eval_rules, pmkt_eval_names;
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
    DROP TABLE pmkt_eval_rules, pmkt_eval_names;
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
       round(h.lift::numeric, 2)::float8 AS lift,
       (lr.period IS NOT NULL) AS is_latest_period,
       h.run_at
FROM pmkt.history_basket_rules h
LEFT JOIN pmkt.v_latest_run lr ON lr.source_schema = h.source_schema AND lr.period = h.period;
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
COMMENT ON COLUMN pmkt.v_top_rules.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';
COMMENT ON COLUMN pmkt.v_top_rules.run_at IS 'when the run started';
