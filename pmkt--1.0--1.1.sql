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

-- ======== src/lifetime/16_lifetime.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- lifetime: predictive customer lifetime value ("buy till you die"):
-- per-customer summaries of a transaction log in the conventions of the
-- Python lifetimes library, BG/NBD, MBG/NBD and Gamma-Gamma fitted by
-- maximum likelihood, and their predictions as row functions (issue 14)
-- ---------------------------------------------------------------------------

CREATE FUNCTION pmkt.clv_period(t timestamptz, unit text DEFAULT 'day')
RETURNS bigint
AS 'MODULE_PATHNAME', 'pmkt_clv_period'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.clv_period(timestamptz, text) IS
'The purchase period of t in UTC as an integer: unit ''day'' = days since 1970-01-01, ''week'' = weeks (starting on Monday) since the week of 1970-01-01, ''month'' = months since 1970-01; consecutive periods differ by 1, so differences are recency and T in that unit';

CREATE TYPE pmkt.clv_summary AS (
    customer_id    bigint,
    frequency      bigint,
    recency        float8,
    t              float8,
    monetary_value float8
);
COMMENT ON TYPE pmkt.clv_summary IS
'One customer in the conventions of lifetimes'' summary_data_from_transaction_data: frequency = purchase periods - 1 (repeat periods), recency = last - first purchase period, t = observation end - first purchase period (both in the unit), monetary_value = mean amount of the repeat periods (0 without repeat)';

CREATE FUNCTION pmkt.clv_summary(
    orders          regclass,
    customer_col    text        DEFAULT 'customer_id',
    time_col        text        DEFAULT 'ordered_at',
    amount_col      text        DEFAULT 'amount',
    order_col       text        DEFAULT NULL,
    unit            text        DEFAULT 'day',
    observation_end timestamptz DEFAULT NULL)
RETURNS SETOF pmkt.clv_summary
AS 'MODULE_PATHNAME', 'pmkt_clv_summary'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.clv_summary(regclass, text, text, text, text, text, timestamptz) IS
'Per-customer frequency, recency, t and monetary_value of an orders table in lifetimes'' conventions. Order times are cut to periods of unit (''day'', ''week'' from Monday, ''month''; in UTC, a timestamp or date column read as UTC) by pmkt.clv_period; several orders in one period count as one purchase whose amount is their sum. With order_col the rows are order lines: the lines of one (customer, order id) are one order (earliest line time, summed amount), so line items never inflate frequency. observation_end (NULL: the latest order) fixes t; an order after it raises 22023, as do negative or non-finite amounts and infinite times. Rows with a NULL customer, time, amount (or order id) are skipped. The customers are held in memory (48 bytes each) within pmkt.max_train_memory (53200 beyond it)';

CREATE FUNCTION pmkt.clv_summary_query(
    query           text,
    unit            text        DEFAULT 'day',
    observation_end timestamptz DEFAULT NULL,
    with_order_id   boolean     DEFAULT false)
RETURNS SETOF pmkt.clv_summary
AS 'MODULE_PATHNAME', 'pmkt_clv_summary_query'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.clv_summary_query(text, text, timestamptz, boolean) IS
'pmkt.clv_summary over a query whose first columns are the customer id (an integer type), the order time (timestamptz, timestamp or date), the amount (a number) and, with with_order_id, the order id of order lines; 42804 listing the columns received otherwise';

CREATE TYPE pmkt.clv_rft AS (
    frequency      bigint,
    recency        float8,
    t              float8,
    monetary_value float8
);
COMMENT ON TYPE pmkt.clv_rft IS
'One customer''s summary from pmkt.clv_summary_agg: frequency (repeat periods), recency, t, monetary_value (mean repeat-period amount), as in pmkt.clv_summary';

CREATE FUNCTION pmkt.clv_summary_sfunc(state float8[], period bigint, amount float8, end_period bigint)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_clv_summary_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.clv_summary_sfunc(float8[], bigint, float8, bigint) IS
'Transition function of pmkt.clv_summary_agg; state [tag, periods, first period, its amount, last period, repeat amount, end period]';

CREATE FUNCTION pmkt.clv_summary_combine(a float8[], b float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_clv_summary_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.clv_summary_combine(float8[], float8[]) IS
'Combine function of pmkt.clv_summary_agg (parallel query, Citus): merges two customers'' partial states';

CREATE FUNCTION pmkt.clv_summary_final(state float8[])
RETURNS pmkt.clv_rft
AS 'MODULE_PATHNAME', 'pmkt_clv_summary_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.clv_summary_final(float8[]) IS
'Final function of pmkt.clv_summary_agg: frequency, recency, t, monetary_value';

CREATE AGGREGATE pmkt.clv_summary_agg(period bigint, amount float8, end_period bigint) (
    SFUNC = pmkt.clv_summary_sfunc,
    STYPE = float8[],
    COMBINEFUNC = pmkt.clv_summary_combine,
    FINALFUNC = pmkt.clv_summary_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.clv_summary_agg(bigint, float8, bigint) IS
'One customer''s lifetimes summary from rows that are ONE PER CUSTOMER AND PERIOD: GROUP BY customer_id, pmkt.clv_period(ordered_at, unit) with sum(amount) first, then pmkt.clv_summary_agg(period, amount, end_period) GROUP BY customer_id, end_period = pmkt.clv_period(observation end, unit), the same in every row. Gives pmkt.clv_summary''s figures; combinable (parallel, Citus) with a float8[] state of 7 numbers. A repeated first or last period raises 22023; a repeat of another period cannot be detected: group by period first. NULL rows are skipped; a negative or non-finite amount or a period after end_period raises 22023';

CREATE TYPE pmkt.clv_model AS (
    model              text,
    unit               text,
    params             float8[],
    std_errors         float8[],
    log_likelihood     float8,
    n                  bigint,
    iterations         int,
    converged          boolean,
    penalizer          float8,
    spend_correlation  float8
);
COMMENT ON TYPE pmkt.clv_model IS
'A fitted buy-till-you-die model: model (''bgnbd'': params r, alpha, a, b; ''mbgnbd'': r, alpha, a, b; ''gamma_gamma'': p, q, v), unit of the summary it was fitted on (purchase models), params, std_errors (observed information, delta method; NULL when the information is not positive definite), log_likelihood (sum over the customers, penalty excluded), n customers used, BFGS iterations, converged, penalizer, and for gamma_gamma the Pearson correlation of frequency and monetary_value over the repeat customers (the model assumes them independent: near 0 is good). Save it with pmkt.save_model(name, model, value); the prediction functions validate every field they use';

CREATE FUNCTION pmkt.clv_fit(
    query              text,
    model              text    DEFAULT 'bgnbd',
    unit               text    DEFAULT 'day',
    penalizer          float8  DEFAULT 0,
    max_iterations     int     DEFAULT 500,
    tolerance          float8  DEFAULT 1e-6,
    allow_nonconverged boolean DEFAULT false)
RETURNS pmkt.clv_model
AS 'MODULE_PATHNAME', 'pmkt_clv_fit'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.clv_fit(text, text, text, float8, int, float8, boolean) IS
'Fits the purchase model ''bgnbd'' (Fader, Hardie and Lee 2005) or ''mbgnbd'' (Batislam et al. 2007) by maximum likelihood to a query returning frequency, recency, t (e.g. SELECT frequency, recency, t FROM pmkt.clv_summary(''orders'')) in unit: lifetimes'' objective -mean log-likelihood + penalizer * sum(params^2), BFGS on the log-parameters with analytic gradients and Newton polishing, until every gradient component is below tolerance. Rows with a NULL are skipped; frequency must be a whole number, 0 <= recency <= t, recency > 0 when frequency > 0 and 0 when frequency is 0 (22023 naming the row); the rows are held in memory within pmkt.max_train_memory (53200 beyond it). Not converged after max_iterations: 22000 with the last parameters, unless allow_nonconverged';

CREATE FUNCTION pmkt.clv_fit_spend(
    query              text,
    model              text    DEFAULT 'gamma_gamma',
    penalizer          float8  DEFAULT 0,
    max_iterations     int     DEFAULT 500,
    tolerance          float8  DEFAULT 1e-6,
    allow_nonconverged boolean DEFAULT false)
RETURNS pmkt.clv_model
AS 'MODULE_PATHNAME', 'pmkt_clv_fit_spend'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.clv_fit_spend(text, text, float8, int, float8, boolean) IS
'Fits the Gamma-Gamma spend model (Fader, Hardie and Lee 2005 note) by maximum likelihood to a query returning frequency, monetary_value: only the repeat customers (frequency > 0) enter, each must have monetary_value > 0; none raises 22023. Reports spend_correlation, the correlation of frequency and monetary_value the model assumes to be 0. Same optimiser, penalizer and convergence rules as pmkt.clv_fit';

CREATE FUNCTION pmkt.clv_expected_purchases(model pmkt.clv_model, periods float8,
                                            frequency float8, recency float8, age float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_clv_expected_purchases'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.clv_expected_purchases(pmkt.clv_model, float8, float8, float8, float8) IS
'Expected number of purchases (purchase periods) of a customer with this frequency, recency and age (lifetimes'' T) in the next periods units of the model, given the purchase model (lifetimes'' conditional_expected_number_of_purchases_up_to_time)';

CREATE FUNCTION pmkt.clv_p_alive(model pmkt.clv_model, frequency float8, recency float8, age float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_clv_p_alive'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.clv_p_alive(pmkt.clv_model, float8, float8, float8) IS
'Probability that the customer is still active at the end of the observation, given the purchase model (lifetimes'' conditional_probability_alive)';

CREATE FUNCTION pmkt.clv_expected_spend(spend_model pmkt.clv_model, frequency float8, monetary_value float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_clv_expected_spend'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.clv_expected_spend(pmkt.clv_model, float8, float8) IS
'Expected spend per purchase of a customer given the Gamma-Gamma model (lifetimes'' conditional_expected_average_profit): the population mean v p / (q - 1) shrunk towards the customer''s monetary_value with weight p x / (p x + q - 1); q <= 1 raises 22023';

CREATE FUNCTION pmkt.clv_value(model pmkt.clv_model, spend_model pmkt.clv_model,
                               frequency float8, recency float8, age float8, monetary_value float8,
                               months int DEFAULT 12, discount_rate float8 DEFAULT 0.01)
RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_clv_value'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.clv_value(pmkt.clv_model, pmkt.clv_model, float8, float8, float8, float8, int, float8) IS
'Discounted customer lifetime value over the next months as lifetimes'' customer_lifetime_value: sum over months i of expected spend * (expected purchases by month i - by month i-1) / (1 + discount_rate)^i, a month being 30 days, 4.345 weeks or 1 month in the model''s unit';

-- ======== src/lifetime/17_clv_calibration.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- lifetime: calibration / holdout validation of a purchase model (issue 14,
-- item 3): fit on the orders up to a date, predict the purchases after it
-- ---------------------------------------------------------------------------

CREATE TYPE pmkt.clv_calibration_row AS (
    calibration_frequency bigint,
    customers             bigint,
    predicted_purchases   float8,
    actual_purchases      float8,
    predicted_total       float8,
    actual_total          float8
);
COMMENT ON TYPE pmkt.clv_calibration_row IS
'One row of pmkt.clv_calibration: the customers with this calibration frequency (NULL: all customers), the mean predicted and the mean actual number of purchase periods in the holdout per customer, and their totals';

CREATE FUNCTION pmkt.clv_calibration(
    orders          regclass,
    calibration_end timestamptz,
    observation_end timestamptz DEFAULT NULL,
    model           text        DEFAULT 'bgnbd',
    unit            text        DEFAULT 'day',
    customer_col    text        DEFAULT 'customer_id',
    time_col        text        DEFAULT 'ordered_at',
    amount_col      text        DEFAULT 'amount',
    order_col       text        DEFAULT NULL,
    penalizer       float8      DEFAULT 0)
RETURNS SETOF pmkt.clv_calibration_row
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_type   regtype;
    v_t      text;
    v_src    text;
    v_end    timestamptz := observation_end;
    v_tab    text := 'pmkt_clv_calibration_' || pg_catalog.pg_backend_pid();
    v_model  pmkt.clv_model;
    v_dur    bigint;
BEGIN
    IF orders IS NULL OR calibration_end IS NULL THEN
        RAISE EXCEPTION 'arguments "orders" and "calibration_end" must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT pg_catalog.isfinite(calibration_end) THEN
        RAISE EXCEPTION 'argument "calibration_end" must be a finite timestamp'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass the date that splits the orders into calibration and holdout, e.g. ''2024-07-01''.';
    END IF;
    IF customer_col IS NULL OR time_col IS NULL OR amount_col IS NULL OR unit IS NULL
       OR model IS NULL OR penalizer IS NULL THEN
        RAISE EXCEPTION 'only observation_end and order_col may be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT a.atttypid::regtype INTO v_type FROM pg_catalog.pg_attribute a
    WHERE a.attrelid = orders AND a.attname = time_col AND a.attnum > 0 AND NOT a.attisdropped;
    IF v_type IS NULL THEN
        RAISE EXCEPTION 'argument "time_col": column "%" does not exist in %', time_col, orders
            USING ERRCODE = 'undefined_column';
    END IF;
    -- the order time as timestamptz, a timestamp or date read as UTC (as pmkt.clv_summary)
    v_t := CASE WHEN v_type = 'timestamp with time zone'::regtype THEN pg_catalog.quote_ident(time_col)
                ELSE pg_catalog.format('pg_catalog.timezone(''UTC'', %I::pg_catalog.timestamp)', time_col) END;
    IF v_end IS NULL THEN
        EXECUTE pg_catalog.format('SELECT pg_catalog.max(%s) FROM %s', v_t, orders) INTO v_end;
    END IF;
    IF v_end IS NULL OR NOT pg_catalog.isfinite(v_end) OR v_end <= calibration_end THEN
        RAISE EXCEPTION 'the holdout period is empty'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('calibration_end is %s, observation_end is %s.', calibration_end,
                                             coalesce(v_end::text, 'NULL (no order)')),
                  HINT = 'Pass a calibration_end before the last order (or before observation_end).';
    END IF;
    v_src := pg_catalog.format('SELECT %I, %s, %I%s FROM %s WHERE %s OPERATOR(pg_catalog.<=) %L::pg_catalog.timestamptz',
                               customer_col, v_t, amount_col,
                               CASE WHEN order_col IS NULL THEN '' ELSE ', ' || pg_catalog.quote_ident(order_col) END,
                               orders, v_t, calibration_end);
    IF pg_catalog.to_regclass('pg_temp.' || pg_catalog.quote_ident(v_tab)) IS NOT NULL THEN
        EXECUTE pg_catalog.format('DROP TABLE pg_temp.%I', v_tab);
    END IF;
    EXECUTE pg_catalog.format('CREATE TEMP TABLE %I AS SELECT * FROM pmkt.clv_summary_query($1, $2, $3, $4)', v_tab)
        USING v_src, unit, calibration_end, order_col IS NOT NULL;
    v_model := pmkt.clv_fit(pg_catalog.format('SELECT frequency, recency, t FROM pg_temp.%I', v_tab), model,
                            unit => unit, penalizer => penalizer);
    v_dur := pmkt.clv_period(v_end, unit) - pmkt.clv_period(calibration_end, unit);
    RETURN QUERY EXECUTE pg_catalog.format($q$
        WITH h AS (
            SELECT c, pg_catalog.count(DISTINCT pmkt.clv_period(t, %L)) AS n
            FROM (%s) o
            WHERE c IS NOT NULL AND t OPERATOR(pg_catalog.>) %L::pg_catalog.timestamptz
              AND t OPERATOR(pg_catalog.<=) %L::pg_catalog.timestamptz
            GROUP BY c),
        j AS (
            SELECT s.frequency,
                   pmkt.clv_expected_purchases($1, $2::pg_catalog.float8, s.frequency::pg_catalog.float8, s.recency, s.t) AS pred,
                   coalesce(h.n, 0)::pg_catalog.float8 AS act
            FROM pg_temp.%I s LEFT JOIN h ON h.c OPERATOR(pg_catalog.=) s.customer_id)
        SELECT * FROM (
            SELECT frequency::pg_catalog.int8, pg_catalog.count(*), pg_catalog.avg(pred), pg_catalog.avg(act),
                   pg_catalog.sum(pred), pg_catalog.sum(act) FROM j GROUP BY frequency
            UNION ALL
            SELECT NULL::pg_catalog.int8, pg_catalog.count(*), pg_catalog.avg(pred), pg_catalog.avg(act),
                   pg_catalog.sum(pred), pg_catalog.sum(act) FROM j) r
        ORDER BY 1 NULLS LAST$q$,
        unit,
        -- the holdout's orders; order lines make one order at their earliest line
        CASE WHEN order_col IS NULL
             THEN pg_catalog.format('SELECT %I AS c, %s AS t FROM %s', customer_col, v_t, orders)
             ELSE pg_catalog.format('SELECT c, pg_catalog.min(t) AS t FROM (SELECT %I AS c, %s AS t, %I AS o FROM %s) l '
                                    'WHERE o IS NOT NULL AND t IS NOT NULL GROUP BY c, o',
                                    customer_col, v_t, order_col, orders) END,
        calibration_end, v_end, v_tab)
    USING v_model, v_dur;
    EXECUTE pg_catalog.format('DROP TABLE pg_temp.%I', v_tab);
END
$fn$;
COMMENT ON FUNCTION pmkt.clv_calibration(regclass, timestamptz, timestamptz, text, text, text, text, text, text, float8) IS
'Calibration / holdout check of a purchase model (lifetimes'' calibration_and_holdout_data and plot_calibration_purchases_vs_holdout_purchases): summarises the orders up to calibration_end (pmkt.clv_summary, same columns, order_col and unit), fits model (''bgnbd'' or ''mbgnbd'', penalizer) on it, predicts each customer''s purchases over the holdout (calibration_end, observation_end] (NULL: the latest order; later orders are ignored) in whole periods, and counts the purchase periods each actually had there. One row per calibration frequency with the mean predicted and actual purchases per customer (the standard plot''s data) and their totals, then the overall row (calibration_frequency NULL). Customers whose first order is in the holdout are not counted';

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

-- 1.1: the lifetime step (pmkt.evaluation_lifetime, src/lifetime/96_lifetime_eval.sql)
CREATE OR REPLACE PROCEDURE pmkt.run_evaluation(source_schema text DEFAULT 'pmkt_demo',
                                     period date DEFAULT NULL,
                                     k int DEFAULT 3,
                                     seed bigint DEFAULT 42,
                                     discount_rate float8 DEFAULT 0.01,
                                     margin float8 DEFAULT 0.3,
                                     channel_months int DEFAULT 12,
                                     segment_method text DEFAULT 'rules',
                                     hidden int DEFAULT 10,
                                     epochs int DEFAULT 200,
                                     save_models boolean DEFAULT true)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $proc$
DECLARE
    v_schema  text := source_schema;
    v_period  date := date_trunc('month', coalesce(period, current_date))::date;
    v_as_of   timestamptz;
    v_run_at  timestamptz := now();
    v_done    text[] := '{}';
    v_skipped text[] := '{}';
    v_params  jsonb;
    v_secs    jsonb := '{}';
    v_t       timestamptz;
    v_n       bigint;
    v_q       text;
    v_model   text;
    v_model2  text;
    v_m       jsonb;
    v_src     regclass;
BEGIN
    IF v_schema IS NULL OR pg_catalog.to_regnamespace(pg_catalog.quote_ident(v_schema)) IS NULL THEN
        RAISE EXCEPTION 'source_schema % does not exist', coalesce(quote_literal(v_schema), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass the schema holding the customers, orders, campaigns, aisas_monthly, sales_drivers and visits tables (pmkt.generate_demo creates pmkt_demo).';
    END IF;
    IF k IS NULL OR k < 1 THEN
        RAISE EXCEPTION 'k must be at least 1'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('k is %s.', coalesce(k::text, 'NULL')),
                  HINT = 'The standard analysis uses k = 3 clusters on the RFM figures.';
    END IF;
    IF discount_rate IS NULL OR discount_rate <= -1 OR discount_rate = 'NaN'::float8
       OR discount_rate = 'Infinity'::float8 THEN
        RAISE EXCEPTION 'discount_rate must be a finite rate above -1'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('discount_rate is %s.', coalesce(discount_rate::text, 'NULL')),
                  HINT = 'Pass the discount rate per month, e.g. 0.01.';
    END IF;
    IF margin IS NULL OR NOT (margin >= 0 AND margin <= 1) THEN
        RAISE EXCEPTION 'margin must be between 0 and 1'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('margin is %s.', coalesce(margin::text, 'NULL')),
                  HINT = 'Pass the gross margin on order amounts, e.g. 0.3 (the cost of an order is (1 - margin) x amount).';
    END IF;
    IF channel_months IS NULL OR channel_months < 1 THEN
        RAISE EXCEPTION 'channel_months must be at least 1'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('channel_months is %s.', coalesce(channel_months::text, 'NULL')),
                  HINT = 'Pass the length of the channel metrics window in months, e.g. 12.';
    END IF;
    IF segment_method IS NULL OR segment_method NOT IN ('rules', 'kmeans') THEN
        RAISE EXCEPTION 'segment_method must be rules or kmeans'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('segment_method is %s.', coalesce(quote_literal(segment_method), 'NULL')),
                  HINT = 'See pmkt.rfm(method => ...).';
    END IF;
    IF hidden IS NULL OR hidden < 1 OR epochs IS NULL OR epochs < 1 THEN
        RAISE EXCEPTION 'hidden and epochs must be at least 1'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('hidden is %s, epochs is %s.', coalesce(hidden::text, 'NULL'),
                                  coalesce(epochs::text, 'NULL')),
                  HINT = 'The defaults are 10 hidden units and 200 epochs.';
    END IF;
    IF seed IS NULL OR save_models IS NULL THEN
        RAISE EXCEPTION 'seed and save_models must not be NULL'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Omit them to use the defaults (seed 42, save_models true).';
    END IF;
    -- data up to the end of the period, or up to now for the current month
    v_as_of := least((v_period + interval '1 month')::timestamptz, v_run_at);
    v_params := jsonb_build_object('k', k, 'seed', seed, 'discount_rate', discount_rate,
                                   'margin', margin, 'channel_months', channel_months,
                                   'segment_method', segment_method, 'hidden', hidden,
                                   'epochs', epochs, 'save_models', save_models,
                                   'as_of', v_as_of);

    -- one run per (schema, period) at a time; the old rows of this period go
    -- (the other history tables cascade from history_runs)
    PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('pmkt.run_evaluation'),
                                             pg_catalog.hashtext(v_schema || '/' || v_period));
    DELETE FROM pmkt.history_runs h WHERE h.source_schema = v_schema AND h.period = v_period;
    INSERT INTO pmkt.history_runs (source_schema, period, run_at, finished_at, run_by,
                                   parameters, steps_done, steps_skipped)
    VALUES (v_schema, v_period, v_run_at, clock_timestamp(), current_user, v_params, '', '');

    -- the source tables cut at the end of the period, as temporary views
    -- (the capability functions take a table; the views cut it at v_as_of)
    CALL pmkt.evaluation_cleanup();
    v_src := pmkt.evaluation_source(v_schema, 'orders');
    IF v_src IS NOT NULL THEN
        EXECUTE format('CREATE TEMP VIEW pmkt_eval_orders AS SELECT * FROM %s WHERE ordered_at < %L',
                       v_src, v_as_of);
    END IF;
    v_src := pmkt.evaluation_source(v_schema, 'customers');
    IF v_src IS NOT NULL THEN
        EXECUTE format('CREATE TEMP VIEW pmkt_eval_customers AS SELECT * FROM %s WHERE signup_date < %L',
                       v_src, v_as_of);
    END IF;
    v_src := pmkt.evaluation_source(v_schema, 'campaigns');
    IF v_src IS NOT NULL THEN
        EXECUTE format('CREATE TEMP VIEW pmkt_eval_campaigns AS SELECT * FROM %s
                        WHERE month <= %L AND month > %L',
                       v_src, v_period, (v_period - make_interval(months => channel_months))::date);
        EXECUTE format('CREATE TEMP VIEW pmkt_eval_campaign_months AS
                        SELECT month, spend, new_customers FROM %s WHERE month <= %L',
                       v_src, v_period);
    ELSE
        CREATE TEMP VIEW pmkt_eval_campaign_months AS
        SELECT NULL::date AS month, NULL::float8 AS spend, NULL::bigint AS new_customers
        WHERE false;
    END IF;
    v_src := pmkt.evaluation_source(v_schema, 'aisas_monthly');
    IF v_src IS NOT NULL THEN
        EXECUTE format('CREATE TEMP VIEW pmkt_eval_aisas AS SELECT * FROM %s WHERE month <= %L',
                       v_src, v_period);
    END IF;

    v_t := clock_timestamp();
    -- 1. RFM segments of every customer, and the segment summary
    IF pg_catalog.to_regclass('pg_temp.pmkt_eval_orders') IS NULL
       OR pg_catalog.to_regclass('pg_temp.pmkt_eval_customers') IS NULL THEN
        v_skipped := v_skipped || format('segments (%s.orders or %s.customers is missing)', v_schema, v_schema);
    ELSE
        CREATE TEMP TABLE pmkt_eval_rfm AS
        SELECT c.customer_id, r.recency_days, coalesce(r.frequency, 0) AS frequency,
               r.monetary, r.r_score, r.f_score, r.m_score, r.rfm_cell,
               coalesce(r.segment, 'no_orders') AS segment
        FROM pg_temp.pmkt_eval_customers c
        LEFT JOIN pmkt.rfm('pg_temp.pmkt_eval_orders'::regclass, as_of => v_as_of,
                           method => segment_method, seed => seed) r
               ON r.customer_id = c.customer_id;

        INSERT INTO pmkt.history_segment_summary
            (source_schema, period, segment, customers, share, avg_recency_days,
             avg_frequency, avg_monetary, total_monetary, avg_r_score, avg_f_score,
             avg_m_score, strategy, expected_effect, expected_sales_growth,
             expected_customer_growth, expected_roi, run_at)
        SELECT v_schema, v_period, g.segment, g.customers,
               g.customers::float8 / sum(g.customers) OVER (), g.avg_recency_days,
               g.avg_frequency, g.avg_monetary, g.total_monetary, g.avg_r, g.avg_f, g.avg_m,
               st.strategy, st.expected_effect, st.expected_sales_growth,
               st.expected_customer_growth, st.expected_roi, v_run_at
        FROM (SELECT h.segment, count(*) AS customers, avg(h.recency_days) AS avg_recency_days,
                     avg(h.frequency) AS avg_frequency, avg(h.monetary) AS avg_monetary,
                     sum(h.monetary) AS total_monetary, avg(h.r_score) AS avg_r,
                     avg(h.f_score) AS avg_f, avg(h.m_score) AS avg_m
              FROM pg_temp.pmkt_eval_rfm h
              GROUP BY h.segment) g
        LEFT JOIN pmkt.segment_strategy st ON st.segment = g.segment;
        v_done := v_done || 'segments'::text;
        v_secs := v_secs || jsonb_build_object('segments', round(extract(epoch FROM clock_timestamp() - v_t)::numeric, 3));

        -- k-means on the customers' standardised RFM figures; every customer
        -- with orders is assigned to a cluster as the rows are stored
        v_t := clock_timestamp();
        v_model := NULL;
        SELECT count(*) INTO v_n FROM pg_temp.pmkt_eval_rfm h WHERE h.frequency > 0;
        IF v_n < k THEN
            v_skipped := v_skipped || format('rfm_kmeans (%s customers with orders, fewer than k = %s)', v_n, k);
        ELSE
            SELECT m::text INTO v_model
            FROM pmkt.kmeans_train('SELECT ARRAY[recency_days, ln(frequency::float8), ln(1 + monetary)] '
                                   'FROM pg_temp.pmkt_eval_rfm WHERE frequency > 0 ORDER BY customer_id',
                                   k, n_init => 4, standardize => true, seed => seed) m;
        END IF;
        INSERT INTO pmkt.history_customer_segments
            (source_schema, period, customer_id, recency_days, frequency, monetary,
             r_score, f_score, m_score, rfm_cell, segment, cluster, run_at)
        SELECT v_schema, v_period, h.customer_id, h.recency_days, h.frequency, h.monetary,
               h.r_score, h.f_score, h.m_score, h.rfm_cell, h.segment,
               CASE WHEN v_model IS NOT NULL AND h.frequency > 0 THEN
                    pmkt.kmeans_assign(ARRAY[h.recency_days, ln(h.frequency::float8), ln(1 + h.monetary)],
                                       v_model::pmkt.kmeans_model) END,
               v_run_at
        FROM pg_temp.pmkt_eval_rfm h;
        IF v_model IS NOT NULL THEN
            SELECT jsonb_build_object('inertia', (m).inertia, 'iterations', (m).iterations,
                                      'converged', (m).converged, 'n_rows', (m).n_rows, 'k', (m).k)
              INTO v_m FROM (SELECT v_model::pmkt.kmeans_model AS m) q;
            PERFORM pmkt.evaluation_record_model(v_schema, v_period, v_run_at,
                v_schema || '.rfm_kmeans', 'kmeans', 'pmkt.kmeans_model', v_model,
                jsonb_build_object('k', k, 'n_init', 4, 'standardize', true, 'seed', seed,
                                   'features', 'recency_days, ln(frequency), ln(1 + monetary)'),
                format('SELECT ARRAY[recency_days, ln(frequency::float8), ln(1 + monetary)] '
                       'FROM pmkt.history_customer_segments WHERE source_schema = %L '
                       'AND period = %L AND frequency > 0 ORDER BY customer_id', v_schema, v_period),
                v_m, save_models);
            v_done := v_done || 'rfm_kmeans'::text;
            v_secs := v_secs || jsonb_build_object('rfm_kmeans', round(extract(epoch FROM clock_timestamp() - v_t)::numeric, 3));
        END IF;
    END IF;

    v_t := clock_timestamp();
    -- 2. channel effectiveness over the trailing window
    IF pg_catalog.to_regclass('pg_temp.pmkt_eval_campaigns') IS NULL THEN
        v_skipped := v_skipped || format('channels (%s.campaigns is missing)', v_schema);
    ELSE
        INSERT INTO pmkt.history_channel_metrics
            (source_schema, period, channel, first_month, months, investment, impressions,
             clicks, ctr, conversions, conversion_rate, new_customers, sales, sales_growth,
             roi, cac, run_at)
        SELECT v_schema, v_period, e.channel,
               (v_period - make_interval(months => channel_months - 1))::date, e.months,
               e.investment, e.impressions, e.clicks, e.ctr, e.conversions, e.conversion_rate,
               e.new_customers, e.sales, e.sales_growth, e.roi, e.cac, v_run_at
        FROM pmkt.channel_effectiveness('pg_temp.pmkt_eval_campaigns'::regclass) e;
        v_done := v_done || 'channels'::text;
        v_secs := v_secs || jsonb_build_object('channels', round(extract(epoch FROM clock_timestamp() - v_t)::numeric, 3));
    END IF;

    v_t := clock_timestamp();
    -- 3. CLV and CAC per signup cohort
    IF pg_catalog.to_regclass('pg_temp.pmkt_eval_orders') IS NULL
       OR pg_catalog.to_regclass('pg_temp.pmkt_eval_customers') IS NULL THEN
        v_skipped := v_skipped || format('cohorts (%s.orders or %s.customers is missing)', v_schema, v_schema);
    ELSE
        -- per-customer CLV first, one pmkt.clv row per order (the discounted
        -- sum is linear, so this equals one row per month): CREATE TABLE AS
        -- may use a parallel plan, INSERT ... SELECT may not
        CREATE TEMP TABLE pmkt_eval_clv AS
        SELECT o.customer_id, sum(o.amount) AS revenue,
               pmkt.clv(greatest(1, (date_part('year', o.ordered_at) - date_part('year', c.signup_date)) * 12
                                    + date_part('month', o.ordered_at) - date_part('month', c.signup_date) + 1)::int,
                        o.amount, (1 - margin) * o.amount, discount_rate) AS clv
        FROM pg_temp.pmkt_eval_orders o
        JOIN pg_temp.pmkt_eval_customers c ON c.customer_id = o.customer_id
        GROUP BY o.customer_id;

        INSERT INTO pmkt.history_cohort_metrics
            (source_schema, period, cohort_month, customers, buyers, revenue, avg_clv,
             acquisition_spend, new_customers, cac, clv_cac_ratio, run_at)
        WITH cohorts AS (
            SELECT date_trunc('month', c.signup_date)::date AS cohort_month,
                   count(*) AS customers, count(p.customer_id) AS buyers,
                   coalesce(sum(p.revenue), 0) AS revenue, avg(coalesce(p.clv, 0)) AS avg_clv
            FROM pg_temp.pmkt_eval_customers c
            LEFT JOIN pg_temp.pmkt_eval_clv p ON p.customer_id = c.customer_id
            GROUP BY 1),
        spend AS (
            SELECT x.month AS cohort_month, sum(x.spend) AS spend,
                   sum(x.new_customers)::bigint AS new_customers
            FROM pg_temp.pmkt_eval_campaign_months x GROUP BY 1)
        SELECT v_schema, v_period, h.cohort_month, h.customers, h.buyers, h.revenue, h.avg_clv,
               s.spend, s.new_customers, pmkt.cac(s.spend, s.new_customers),
               h.avg_clv / nullif(pmkt.cac(s.spend, s.new_customers), 0), v_run_at
        FROM cohorts h LEFT JOIN spend s ON s.cohort_month = h.cohort_month;
        v_done := v_done || 'cohorts'::text;
        v_secs := v_secs || jsonb_build_object('cohorts', round(extract(epoch FROM clock_timestamp() - v_t)::numeric, 3));
    END IF;

    v_t := clock_timestamp();
    -- 4. AISAS: indices -> normalisation -> PCA screening -> entropy weights
    --    -> composite score per unit and month; then the neural models that
    --    learn the score from the normalised indices (odd units train, even
    --    units test)
    IF pg_catalog.to_regclass('pg_temp.pmkt_eval_aisas') IS NULL THEN
        v_skipped := v_skipped || format('aisas (%s.aisas_monthly is missing)', v_schema);
    ELSE
        CREATE TEMP TABLE pmkt_eval_aisas_x AS
        SELECT i.*, pmkt.normalize(i.indices, r.ranges) AS x
        FROM (SELECT * FROM pmkt.aisas_indices('pg_temp.pmkt_eval_aisas'::regclass)
              WHERE indices IS NOT NULL) i,
             (SELECT pmkt.column_ranges(indices) AS ranges
              FROM pmkt.aisas_indices('pg_temp.pmkt_eval_aisas'::regclass)
              WHERE indices IS NOT NULL) r;
        SELECT count(*) INTO v_n FROM pg_temp.pmkt_eval_aisas_x;
        IF v_n < 3 THEN
            v_skipped := v_skipped || format('aisas (%s unit-months with all 17 indices, at least 3 needed)', v_n);
        ELSE
            SELECT p::text INTO v_model
            FROM (SELECT pmkt.pca_components(x) AS p FROM pg_temp.pmkt_eval_aisas_x) q;
            ALTER TABLE pg_temp.pmkt_eval_aisas_x ADD COLUMN xs float8[];
            UPDATE pg_temp.pmkt_eval_aisas_x t
            SET xs = ARRAY(SELECT t.x[s.j] FROM unnest(pmkt.pca_select_variables(v_model::pmkt.pca_result))
                                                WITH ORDINALITY AS s(j, o) ORDER BY s.o);
            SELECT d::text INTO v_model2
            FROM (SELECT pmkt.entropy_weights_detail(xs) AS d FROM pg_temp.pmkt_eval_aisas_x) q;

            INSERT INTO pmkt.history_aisas_scores
                (source_schema, period, unit_id, month, b11_ad_impressions, b12_brand_recognition,
                 b21_page_views, b22_favourite_ratio, b31_keyword_searches, b32_keyword_search_index,
                 b33_related_searches, b34_related_search_index, b41_conversion_rate,
                 b42_order_growth, b43_purchaser_growth, b44_standard_purchase_growth,
                 b45_amount_growth, b51_topics, b52_replies, b53_reviews, b54_reposts,
                 composite_score, run_at)
            SELECT v_schema, v_period, a.unit_id, a.month, a.b11_ad_impressions, a.b12_brand_recognition,
                   a.b21_page_views, a.b22_favourite_ratio, a.b31_keyword_searches,
                   a.b32_keyword_search_index, a.b33_related_searches, a.b34_related_search_index,
                   a.b41_conversion_rate, a.b42_order_growth, a.b43_purchaser_growth,
                   a.b44_standard_purchase_growth, a.b45_amount_growth, a.b51_topics, a.b52_replies,
                   a.b53_reviews, a.b54_reposts,
                   pmkt.composite_score(a.xs, (v_model2::pmkt.entropy_result).weights), v_run_at
            FROM pg_temp.pmkt_eval_aisas_x a;

            SELECT jsonb_build_object('n', (p).n, 'n_components', (p).n_components,
                                      'cumulative_contribution', (p).cumulative[(p).n_components],
                                      'first_eigenvalue', (p).eigenvalues[1])
              INTO v_m FROM (SELECT v_model::pmkt.pca_result AS p) q;
            PERFORM pmkt.evaluation_record_model(v_schema, v_period, v_run_at,
                v_schema || '.aisas_pca', 'pca', 'pmkt.pca_result', v_model,
                jsonb_build_object('use_correlation', true, 'threshold', 0.85),
                'min-max normalised pmkt.aisas_indices of ' || v_schema || '.aisas_monthly', v_m, save_models);
            SELECT jsonb_build_object('n', (d).n, 'indices', cardinality((d).weights),
                                      'max_weight', (SELECT max(w) FROM unnest((d).weights) w),
                                      'min_weight', (SELECT min(w) FROM unnest((d).weights) w))
              INTO v_m FROM (SELECT v_model2::pmkt.entropy_result AS d) q;
            PERFORM pmkt.evaluation_record_model(v_schema, v_period, v_run_at,
                v_schema || '.aisas_entropy', 'entropy', 'pmkt.entropy_result', v_model2,
                '{}'::jsonb, 'the PCA-screened normalised AISAS indices', v_m, save_models);
            v_done := v_done || 'aisas'::text;
            v_secs := v_secs || jsonb_build_object('aisas', round(extract(epoch FROM clock_timestamp() - v_t)::numeric, 3));

            -- the neural evaluation models: features = the 17 normalised
            -- indices, target = the composite score
            v_t := clock_timestamp();
            ALTER TABLE pg_temp.pmkt_eval_aisas_x ADD COLUMN score float8;
            UPDATE pg_temp.pmkt_eval_aisas_x t SET score = h.composite_score
            FROM pmkt.history_aisas_scores h
            WHERE h.source_schema = v_schema AND h.period = v_period
              AND h.unit_id = t.unit_id AND h.month = t.month;
            IF (SELECT count(*) FILTER (WHERE unit_id % 2 = 1) FROM pg_temp.pmkt_eval_aisas_x) < 2
               OR (SELECT count(*) FILTER (WHERE unit_id % 2 = 0) FROM pg_temp.pmkt_eval_aisas_x) < 1 THEN
                v_skipped := v_skipped || 'neural (too few unit-months for a train / test split)'::text;
            ELSE
                v_q := 'SELECT x, score FROM pg_temp.pmkt_eval_aisas_x WHERE unit_id % 2 = 1 ORDER BY unit_id, month';
                SELECT m::text INTO v_model
                FROM pmkt.bpnn_train(v_q, hidden, epochs => epochs, seed => seed) m;
                SELECT jsonb_build_object('train_mse', (tr).mse, 'train_r2', (tr).r_squared,
                                          'test_mse', (te).mse, 'test_rmse', (te).rmse,
                                          'test_mae', (te).mae, 'test_r2', (te).r_squared,
                                          'n_train', (tr).n, 'n_test', (te).n)
                  INTO v_m
                FROM (SELECT pmkt.nn_evaluate(v_model::pmkt.nnmodel, v_q) AS tr,
                             pmkt.nn_evaluate(v_model::pmkt.nnmodel,
                                 'SELECT x, score FROM pg_temp.pmkt_eval_aisas_x WHERE unit_id % 2 = 0') AS te) q;
                PERFORM pmkt.evaluation_record_model(v_schema, v_period, v_run_at,
                    v_schema || '.aisas_bpnn', 'bpnn', 'pmkt.nnmodel', v_model,
                    jsonb_build_object('hidden', hidden, 'epochs', epochs, 'optimizer', 'adam',
                                       'seed', seed, 'train', 'odd unit_id', 'test', 'even unit_id'),
                    v_q, v_m, save_models);

                SELECT m::text INTO v_model
                FROM pmkt.rbf_train(v_q, hidden, standardize => false, seed => seed) m;
                SELECT jsonb_build_object('train_mse', (tr).mse, 'train_r2', (tr).r_squared,
                                          'test_mse', (te).mse, 'test_rmse', (te).rmse,
                                          'test_mae', (te).mae, 'test_r2', (te).r_squared,
                                          'n_train', (tr).n, 'n_test', (te).n,
                                          'cluster_sse', v_model::jsonb -> 'cluster_sse')
                  INTO v_m
                FROM (SELECT pmkt.nn_evaluate(v_model::pmkt.nnmodel, v_q) AS tr,
                             pmkt.nn_evaluate(v_model::pmkt.nnmodel,
                                 'SELECT x, score FROM pg_temp.pmkt_eval_aisas_x WHERE unit_id % 2 = 0') AS te) q;
                PERFORM pmkt.evaluation_record_model(v_schema, v_period, v_run_at,
                    v_schema || '.aisas_rbf', 'rbf', 'pmkt.nnmodel', v_model,
                    jsonb_build_object('centers', hidden, 'init', 'density', 'solver', 'lstsq',
                                       'seed', seed, 'train', 'odd unit_id', 'test', 'even unit_id'),
                    v_q, v_m, save_models);
                v_done := v_done || 'neural'::text;
                v_secs := v_secs || jsonb_build_object('neural', round(extract(epoch FROM clock_timestamp() - v_t)::numeric, 3));
            END IF;
        END IF;
    END IF;

    v_t := clock_timestamp();
    -- 5. regression models: sales on its drivers (OLS), conversion of visits
    --    (logistic)
    v_src := pmkt.evaluation_source(v_schema, 'sales_drivers');
    IF v_src IS NULL THEN
        v_skipped := v_skipped || format('sales_ols (%s.sales_drivers is missing)', v_schema);
    ELSE
        v_q := format('SELECT pmkt.ols(sales, ARRAY[ad_spend, price_adjustment, service_rating]) FROM %s', v_src);
        EXECUTE format('SELECT m::text FROM (%s) q(m)', v_q) INTO v_model;
        SELECT jsonb_build_object('r_squared', (m).r_squared, 'adj_r_squared', (m).adj_r_squared,
                                  'f_p_value', (m).f_p_value, 'residual_std_error', (m).residual_std_error,
                                  'n', (m).n, 'aic', (m).aic,
                                  'coef_intercept', (m).coefficients[1],
                                  'coef_ad_spend', (m).coefficients[2],
                                  'coef_price_adjustment', (m).coefficients[3],
                                  'coef_service_rating', (m).coefficients[4],
                                  'p_ad_spend', (m).p_values[2],
                                  'p_price_adjustment', (m).p_values[3],
                                  'p_service_rating', (m).p_values[4])
          INTO v_m FROM (SELECT v_model::pmkt.ols_result AS m) q;
        PERFORM pmkt.evaluation_record_model(v_schema, v_period, v_run_at,
            v_schema || '.sales_ols', 'ols', 'pmkt.ols_result', v_model,
            jsonb_build_object('y', 'sales', 'x', 'ad_spend, price_adjustment, service_rating',
                               'intercept', true),
            v_q, v_m, save_models);
        v_done := v_done || 'sales_ols'::text;
        v_secs := v_secs || jsonb_build_object('sales_ols', round(extract(epoch FROM clock_timestamp() - v_t)::numeric, 3));
    END IF;

    v_t := clock_timestamp();
    v_src := pmkt.evaluation_source(v_schema, 'visits');
    IF v_src IS NULL THEN
        v_skipped := v_skipped || format('visits_logistic (%s.visits is missing)', v_schema);
    ELSE
        v_q := format('SELECT ARRAY[ad_exposures, discount_pct, pages_viewed]::float8[], converted::int FROM %s', v_src);
        SELECT m::text INTO v_model FROM pmkt.logistic_train(v_q) m;
        SELECT jsonb_build_object('pseudo_r_squared', (m).pseudo_r_squared,
                                  'log_likelihood', (m).log_likelihood, 'aic', (m).aic,
                                  'n', (m).n, 'iterations', (m).iterations, 'converged', (m).converged,
                                  'odds_ratio_ad_exposures', (m).odds_ratios[2],
                                  'odds_ratio_discount_pct', (m).odds_ratios[3],
                                  'odds_ratio_pages_viewed', (m).odds_ratios[4])
          INTO v_m FROM (SELECT v_model::pmkt.logistic_result AS m) q;
        PERFORM pmkt.evaluation_record_model(v_schema, v_period, v_run_at,
            v_schema || '.visits_logistic', 'logistic', 'pmkt.logistic_result', v_model,
            jsonb_build_object('y', 'converted', 'x', 'ad_exposures, discount_pct, pages_viewed',
                               'intercept', true),
            v_q, v_m, save_models);
        v_done := v_done || 'visits_logistic'::text;
        v_secs := v_secs || jsonb_build_object('visits_logistic', round(extract(epoch FROM clock_timestamp() - v_t)::numeric, 3));
    END IF;

    -- lifetime: P(alive), expected purchases and CLV per customer (src/lifetime/96_lifetime_eval.sql)
    SELECT v_done || l.done, v_skipped || l.skipped INTO v_done, v_skipped FROM pmkt.evaluation_lifetime(v_schema, v_period, v_run_at, v_as_of, discount_rate, save_models) l;
    CALL pmkt.evaluation_cleanup();
    UPDATE pmkt.history_runs h
    SET finished_at = clock_timestamp(),
        steps_done = array_to_string(v_done, ', '),
        steps_skipped = array_to_string(v_skipped, ', '),
        step_seconds = v_secs
    WHERE h.source_schema = v_schema AND h.period = v_period;
    RAISE NOTICE 'pmkt.run_evaluation(%, %): done: %; skipped: %', v_schema, v_period,
        coalesce(nullif(array_to_string(v_done, ', '), ''), 'none'),
        coalesce(nullif(array_to_string(v_skipped, ', '), ''), 'none');
END
$proc$;

-- ======== src/lifetime/96_lifetime_eval.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- lifetime in the scheduled evaluation: per-customer P(alive), expected
-- purchases and CLV per run, the models saved in the registry, a BI view
-- ---------------------------------------------------------------------------

CREATE TABLE pmkt.history_customer_lifetime (
    source_schema      text NOT NULL,
    period             date NOT NULL,
    customer_id        bigint NOT NULL,
    frequency          bigint NOT NULL,
    recency_days       float8 NOT NULL,
    age_days           float8 NOT NULL,
    monetary_value     float8 NOT NULL,
    p_alive            float8,
    expected_purchases float8,
    expected_spend     float8,
    clv                float8,
    run_at             timestamptz NOT NULL,
    PRIMARY KEY (source_schema, period, customer_id),
    FOREIGN KEY (source_schema, period) REFERENCES pmkt.history_runs ON DELETE CASCADE
);
COMMENT ON TABLE pmkt.history_customer_lifetime IS
'predicted customer value of every customer with orders up to the end of the period, per evaluation run: BG/NBD purchase model and Gamma-Gamma spend model fitted on the run''s lifetimes summary (unit day)';
COMMENT ON COLUMN pmkt.history_customer_lifetime.source_schema IS 'the schema whose tables were analysed';
COMMENT ON COLUMN pmkt.history_customer_lifetime.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.history_customer_lifetime.customer_id IS 'the customer (every customer with an order up to the end of the period)';
COMMENT ON COLUMN pmkt.history_customer_lifetime.frequency IS 'repeat purchase days up to the end of the period (purchase days - 1)';
COMMENT ON COLUMN pmkt.history_customer_lifetime.recency_days IS 'days from the first to the last purchase day';
COMMENT ON COLUMN pmkt.history_customer_lifetime.age_days IS 'days from the first purchase day to the end of the period (lifetimes'' T)';
COMMENT ON COLUMN pmkt.history_customer_lifetime.monetary_value IS 'mean amount of the repeat purchase days (0 without repeat purchase)';
COMMENT ON COLUMN pmkt.history_customer_lifetime.p_alive IS 'probability that the customer is still active (BG/NBD); NULL when the purchase model could not be fitted';
COMMENT ON COLUMN pmkt.history_customer_lifetime.expected_purchases IS 'expected purchase days in the next 90 days (BG/NBD); NULL when the purchase model could not be fitted';
COMMENT ON COLUMN pmkt.history_customer_lifetime.expected_spend IS 'expected amount per purchase (Gamma-Gamma); NULL when the spend model could not be fitted';
COMMENT ON COLUMN pmkt.history_customer_lifetime.clv IS 'discounted customer lifetime value over the next 12 months at the run''s monthly discount rate (lifetimes'' customer_lifetime_value); NULL when a model could not be fitted';
COMMENT ON COLUMN pmkt.history_customer_lifetime.run_at IS 'when the run started';

SELECT pg_catalog.pg_extension_config_dump('pmkt.history_customer_lifetime', '');

CREATE FUNCTION pmkt.evaluation_lifetime(source_schema text, period date, run_at timestamptz,
                                         as_of timestamptz, discount_rate float8 DEFAULT 0.01,
                                         save_models boolean DEFAULT true,
                                         OUT done text[], OUT skipped text[])
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_model pmkt.clv_model;
    v_spend pmkt.clv_model;
    v_q     text;
    v_why   text;
BEGIN
    done := '{}';
    skipped := '{}';
    IF pg_catalog.to_regclass('pg_temp.pmkt_eval_orders') IS NULL THEN
        skipped := skipped || format('lifetime (%s.orders is missing)', source_schema);
        RETURN;
    END IF;
    IF NOT pg_catalog.has_table_privilege('pmkt.history_customer_lifetime', 'INSERT') THEN
        skipped := skipped || 'lifetime (no INSERT privilege on pmkt.history_customer_lifetime)'::text;
        RETURN;
    END IF;
    IF pg_catalog.to_regclass('pg_temp.pmkt_eval_lifetime') IS NOT NULL THEN
        DROP TABLE pg_temp.pmkt_eval_lifetime;
    END IF;
    CREATE TEMP TABLE pmkt_eval_lifetime AS
    SELECT * FROM pmkt.clv_summary('pg_temp.pmkt_eval_orders'::regclass, observation_end => as_of);
    v_q := 'SELECT frequency, recency, t FROM pg_temp.pmkt_eval_lifetime';
    BEGIN
        v_model := pmkt.clv_fit(v_q, 'bgnbd', unit => 'day');
    EXCEPTION WHEN data_exception OR invalid_parameter_value OR program_limit_exceeded THEN
        GET STACKED DIAGNOSTICS v_why = MESSAGE_TEXT;
        skipped := skipped || format('clv_bgnbd (%s)', v_why);
    END;
    BEGIN
        v_spend := pmkt.clv_fit_spend('SELECT frequency, monetary_value FROM pg_temp.pmkt_eval_lifetime WHERE monetary_value > 0',
                                      max_iterations => 200, allow_nonconverged => true);
    EXCEPTION WHEN data_exception OR invalid_parameter_value OR program_limit_exceeded THEN
        GET STACKED DIAGNOSTICS v_why = MESSAGE_TEXT;
        skipped := skipped || format('clv_gamma_gamma (%s)', v_why);
    END;
    INSERT INTO pmkt.history_customer_lifetime
        (source_schema, period, customer_id, frequency, recency_days, age_days, monetary_value,
         p_alive, expected_purchases, expected_spend, clv, run_at)
    SELECT evaluation_lifetime.source_schema, evaluation_lifetime.period, s.customer_id, s.frequency,
           s.recency, s.t, s.monetary_value,
           pmkt.clv_p_alive(v_model, s.frequency, s.recency, s.t),
           pmkt.clv_expected_purchases(v_model, 90, s.frequency, s.recency, s.t),
           CASE WHEN (v_spend).params[2] > 1 THEN pmkt.clv_expected_spend(v_spend, s.frequency, s.monetary_value) END,
           CASE WHEN (v_spend).params[2] > 1
                THEN pmkt.clv_value(v_model, v_spend, s.frequency, s.recency, s.t, s.monetary_value,
                                    12, evaluation_lifetime.discount_rate) END,
           evaluation_lifetime.run_at
    FROM pg_temp.pmkt_eval_lifetime s;
    IF v_model IS NOT NULL THEN
        PERFORM pmkt.evaluation_record_model(source_schema, period, run_at,
            source_schema || '.clv_bgnbd', 'bgnbd', 'pmkt.clv_model', v_model::text,
            jsonb_build_object('unit', 'day', 'observation_end', as_of),
            format('SELECT frequency, recency, t FROM pmkt.history_customer_lifetime '
                   'WHERE source_schema = %L AND period = %L', source_schema, period),
            jsonb_build_object('log_likelihood', (v_model).log_likelihood, 'n', (v_model).n,
                               'iterations', (v_model).iterations, 'converged', (v_model).converged,
                               'r', (v_model).params[1], 'alpha', (v_model).params[2],
                               'a', (v_model).params[3], 'b', (v_model).params[4]),
            save_models);
        done := done || 'clv_bgnbd'::text;
    END IF;
    IF v_spend IS NOT NULL THEN
        PERFORM pmkt.evaluation_record_model(source_schema, period, run_at,
            source_schema || '.clv_gamma_gamma', 'gamma_gamma', 'pmkt.clv_model', v_spend::text,
            jsonb_build_object('unit', 'day', 'observation_end', as_of),
            format('SELECT frequency, monetary_value FROM pmkt.history_customer_lifetime '
                   'WHERE source_schema = %L AND period = %L AND monetary_value > 0', source_schema, period),
            jsonb_build_object('log_likelihood', (v_spend).log_likelihood, 'n', (v_spend).n,
                               'iterations', (v_spend).iterations, 'converged', (v_spend).converged,
                               'p', (v_spend).params[1], 'q', (v_spend).params[2], 'v', (v_spend).params[3],
                               'spend_correlation', (v_spend).spend_correlation),
            save_models);
        done := done || 'clv_gamma_gamma'::text;
    END IF;
    DROP TABLE pg_temp.pmkt_eval_lifetime;
END
$fn$;
COMMENT ON FUNCTION pmkt.evaluation_lifetime(text, date, timestamptz, timestamptz, float8, boolean) IS
'the lifetime step of pmkt.run_evaluation: summarises pg_temp.pmkt_eval_orders (the run''s orders up to as_of) in days, fits BG/NBD and Gamma-Gamma (a fit that fails is listed in skipped with its reason and its columns stay NULL; a Gamma-Gamma fit that does not converge in 200 iterations is used with its last parameters, converged = false in its metrics), writes pmkt.history_customer_lifetime and records the models (<source_schema>.clv_bgnbd, <source_schema>.clv_gamma_gamma; saved in the registry with save_models); returns the steps done and skipped';

CREATE VIEW pmkt.v_customer_lifetime AS
SELECT l.source_schema,
       l.period,
       l.customer_id,
       s.segment,
       l.frequency,
       l.recency_days,
       l.age_days,
       l.monetary_value,
       l.p_alive,
       l.expected_purchases,
       l.expected_spend,
       l.clv,
       l.run_at
FROM pmkt.history_customer_lifetime l
LEFT JOIN pmkt.history_customer_segments s
       ON s.source_schema = l.source_schema AND s.period = l.period AND s.customer_id = l.customer_id;
COMMENT ON VIEW pmkt.v_customer_lifetime IS
'BI view: per customer and evaluated month, the probability of being active, expected purchases in 90 days, expected spend and 12-month CLV, with the customer''s RFM segment of the same run';
COMMENT ON COLUMN pmkt.v_customer_lifetime.source_schema IS 'the schema whose tables were analysed';
COMMENT ON COLUMN pmkt.v_customer_lifetime.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_customer_lifetime.customer_id IS 'the customer';
COMMENT ON COLUMN pmkt.v_customer_lifetime.segment IS 'the customer''s RFM segment in the same run (frequent, occasional, new); NULL when the segments step did not run';
COMMENT ON COLUMN pmkt.v_customer_lifetime.frequency IS 'repeat purchase days up to the end of the period';
COMMENT ON COLUMN pmkt.v_customer_lifetime.recency_days IS 'days from the first to the last purchase day';
COMMENT ON COLUMN pmkt.v_customer_lifetime.age_days IS 'days from the first purchase day to the end of the period';
COMMENT ON COLUMN pmkt.v_customer_lifetime.monetary_value IS 'mean amount of the repeat purchase days (0 without repeat purchase)';
COMMENT ON COLUMN pmkt.v_customer_lifetime.p_alive IS 'probability that the customer is still active (BG/NBD)';
COMMENT ON COLUMN pmkt.v_customer_lifetime.expected_purchases IS 'expected purchase days in the next 90 days (BG/NBD)';
COMMENT ON COLUMN pmkt.v_customer_lifetime.expected_spend IS 'expected amount per purchase (Gamma-Gamma)';
COMMENT ON COLUMN pmkt.v_customer_lifetime.clv IS 'discounted 12-month customer lifetime value (BG/NBD x Gamma-Gamma, monthly discounting)';
COMMENT ON COLUMN pmkt.v_customer_lifetime.run_at IS 'when the run started';
