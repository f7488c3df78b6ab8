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
    tolerance          float8  DEFAULT 1e-8,
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
    tolerance          float8  DEFAULT 1e-8,
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
