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

-- ======== src/measure/15_metrics--1.0--1.1.sql
-- measure/metrics, 1.0 -> 1.1: channel_effectiveness is a report for reading
-- (issue 16): numeric columns rounded to a digits argument
DROP FUNCTION pmkt.channel_effectiveness(regclass);
CREATE FUNCTION pmkt.channel_effectiveness(campaigns regclass, digits int DEFAULT 4)
RETURNS TABLE (channel text, months int, investment numeric, impressions bigint, clicks bigint,
               ctr numeric, conversions bigint, conversion_rate numeric, new_customers bigint,
               sales numeric, sales_growth numeric, roi numeric, cac numeric)
AS 'MODULE_PATHNAME', 'pmkt_channel_effectiveness'
LANGUAGE C STABLE;
COMMENT ON FUNCTION pmkt.channel_effectiveness(regclass, int) IS
'per-channel table from a campaign table (channel, month, impressions, clicks, conversions, new_customers, spend, revenue): investment, ctr, conversion_rate (conversions / clicks), sales, sales_growth (later half of the months over the earlier half), roi (percent), cac. A report for reading: numeric, the rates (ctr, conversion_rate, sales_growth) rounded to digits decimals (0..15, default 4), amounts (investment, sales, cac) and roi (a percent) to 2; digits NULL: nothing rounded (each value the exact float8 result as the shortest numeric that reads back as it)';

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
'A fitted buy-till-you-die model: model (''bgnbd'': params r, alpha, a, b; ''mbgnbd'': r, alpha, a, b; ''pareto_nbd'': r, alpha, s, beta; ''gamma_gamma'': p, q, v), unit of the summary it was fitted on (purchase models), params, std_errors (observed information, delta method; NULL when the information is not positive definite), log_likelihood (sum over the customers, penalty excluded), n customers used, BFGS iterations, converged, penalizer, and for gamma_gamma the Pearson correlation of frequency and monetary_value over the repeat customers (the model assumes them independent: near 0 is good). Save it with pmkt.save_model(name, model, value); the prediction functions validate every field they use';

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
'Fits the purchase model ''bgnbd'' (Fader, Hardie and Lee 2005), ''mbgnbd'' (Batislam et al. 2007) or ''pareto_nbd'' (Schmittlein et al. 1987; likelihood of Fader, Hardie and Lee''s 2005 note, its Gauss hypergeometric function summed as a series with analytic derivatives) by maximum likelihood to a query returning frequency, recency, t (e.g. SELECT frequency, recency, t FROM pmkt.clv_summary(''orders'')) in unit: lifetimes'' objective -mean log-likelihood + penalizer * sum(params^2), BFGS on the log-parameters with analytic gradients and Newton polishing, until every gradient component is below tolerance. Rows with a NULL are skipped; frequency must be a whole number, 0 <= recency <= t, recency > 0 when frequency > 0 and 0 when frequency is 0 (22023 naming the row); the rows are held in memory within pmkt.max_train_memory (53200 beyond it). Not converged after max_iterations (or, for pareto_nbd, stopped where max(alpha, beta) / min(alpha, beta) makes the series too long, a maximum at infinity): 22000 with the last parameters, unless allow_nonconverged';

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
    predicted_purchases   numeric,
    actual_purchases      numeric,
    predicted_total       numeric,
    actual_total          numeric
);
COMMENT ON TYPE pmkt.clv_calibration_row IS
'One row of pmkt.clv_calibration: the customers with this calibration frequency (NULL: all customers), the mean predicted and the mean actual number of purchase periods in the holdout per customer, and their totals (numeric, rounded to pmkt.clv_calibration''s digits)';

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
    penalizer       float8      DEFAULT 0,
    digits          int         DEFAULT 4)
RETURNS SETOF pmkt.clv_calibration_row
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
-- float8 to text is then the shortest exact decimal (digits NULL: unrounded)
SET extra_float_digits = 1
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
    IF digits < 0 OR digits > 15 THEN
        RAISE EXCEPTION 'argument "digits" must be between 0 and 15'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Got %s.', digits),
                  HINT = 'Pass the number of decimals to show, or NULL for the unrounded values.';
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
        SELECT r.f, r.n,
               CASE WHEN $3 IS NULL THEN r.pm::pg_catalog.text::pg_catalog.numeric
                    ELSE pg_catalog.round(r.pm::pg_catalog.text::pg_catalog.numeric, $3) END,
               CASE WHEN $3 IS NULL THEN r.am::pg_catalog.text::pg_catalog.numeric
                    ELSE pg_catalog.round(r.am::pg_catalog.text::pg_catalog.numeric, $3) END,
               CASE WHEN $3 IS NULL THEN r.ptot::pg_catalog.text::pg_catalog.numeric
                    ELSE pg_catalog.round(r.ptot::pg_catalog.text::pg_catalog.numeric, $3) END,
               CASE WHEN $3 IS NULL THEN r.atot::pg_catalog.text::pg_catalog.numeric
                    ELSE pg_catalog.round(r.atot::pg_catalog.text::pg_catalog.numeric, $3) END
        FROM (
            SELECT frequency::pg_catalog.int8 AS f, pg_catalog.count(*) AS n, pg_catalog.avg(pred) AS pm,
                   pg_catalog.avg(act) AS am, pg_catalog.sum(pred) AS ptot, pg_catalog.sum(act) AS atot
            FROM j GROUP BY frequency
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
    USING v_model, v_dur, digits;
    EXECUTE pg_catalog.format('DROP TABLE pg_temp.%I', v_tab);
END
$fn$;
COMMENT ON FUNCTION pmkt.clv_calibration(regclass, timestamptz, timestamptz, text, text, text, text, text, text, float8, int) IS
'Calibration / holdout check of a purchase model (lifetimes'' calibration_and_holdout_data and plot_calibration_purchases_vs_holdout_purchases): summarises the orders up to calibration_end (pmkt.clv_summary, same columns, order_col and unit), fits model (''bgnbd'', ''mbgnbd'' or ''pareto_nbd'', penalizer) on it, predicts each customer''s purchases over the holdout (calibration_end, observation_end] (NULL: the latest order; later orders are ignored) in whole periods, and counts the purchase periods each actually had there. One row per calibration frequency with the mean predicted and actual purchases per customer (the standard plot''s data) and their totals, then the overall row (calibration_frequency NULL). Customers whose first order is in the holdout are not counted. A report for reading: the means and totals numeric, rounded to digits decimals (0..15, default 4); digits NULL: nothing rounded (each the exact float8 value as the shortest numeric that reads back as it)';

-- ======== src/measure/20_abtest--1.0--1.1.sql
-- measure/abtest: changes from 1.0 to 1.1

-- 1.1: the counts as float8, so that numeric counts (sum(bigint) is numeric)
-- and mixes of bigint and numeric resolve; whole numbers only (22023)
CREATE FUNCTION pmkt.ab_test_proportions(conversions_a float8, visitors_a float8,
                                         conversions_b float8, visitors_b float8,
                                         alpha float8 DEFAULT 0.05)
RETURNS pmkt.ab_proportions_result
AS 'MODULE_PATHNAME', 'pmkt_ab_test_proportions_float'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.ab_test_proportions(float8, float8, float8, float8, float8) IS
'pmkt.ab_test_proportions with the counts given as numbers (numeric, e.g. sum(bigint), or float8): whole numbers only; the same test and result as the bigint form';
CREATE FUNCTION pmkt.welch_t_test(mean_a float8, sd_a float8, n_a float8,
                                  mean_b float8, sd_b float8, n_b float8,
                                  alpha float8 DEFAULT 0.05)
RETURNS pmkt.welch_result
AS 'MODULE_PATHNAME', 'pmkt_welch_t_test_float'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.welch_t_test(float8, float8, float8, float8, float8, float8, float8) IS
'pmkt.welch_t_test with the sizes given as numbers (numeric, e.g. sum(bigint), or float8): whole numbers only; the same test and result as the bigint form';

-- ======== src/experiment/21_experiment.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- experiment: A/B experiments on raw unit rows (issue 15): the
-- pmkt.experiment_state type, the pmkt.experiment aggregate (per-variant
-- sufficient statistics, parallel safe) and pmkt.experiment_report
-- ---------------------------------------------------------------------------

CREATE TYPE pmkt.experiment_state;

CREATE FUNCTION pmkt.experiment_state_in(cstring) RETURNS pmkt.experiment_state
AS 'MODULE_PATHNAME', 'pmkt_experiment_state_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.experiment_state_out(pmkt.experiment_state) RETURNS cstring
AS 'MODULE_PATHNAME', 'pmkt_experiment_state_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.experiment_state_recv(internal) RETURNS pmkt.experiment_state
AS 'MODULE_PATHNAME', 'pmkt_experiment_state_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.experiment_state_send(pmkt.experiment_state) RETURNS bytea
AS 'MODULE_PATHNAME', 'pmkt_experiment_state_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE pmkt.experiment_state (
    INPUT = pmkt.experiment_state_in,
    OUTPUT = pmkt.experiment_state_out,
    RECEIVE = pmkt.experiment_state_recv,
    SEND = pmkt.experiment_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE pmkt.experiment_state IS
'sufficient statistics of an experiment per variant (units; sums, sums of squares and cross-products of value or numerator, denominator and pre-period covariate, as compensated hi/lo pairs); text form is JSON with exact numbers, so partial states ship as text';
COMMENT ON FUNCTION pmkt.experiment_state_in(cstring) IS 'pmkt.experiment_state input: strict JSON, validated (22P02)';
COMMENT ON FUNCTION pmkt.experiment_state_out(pmkt.experiment_state) IS 'pmkt.experiment_state output: JSON with shortest exact numbers';
COMMENT ON FUNCTION pmkt.experiment_state_recv(internal) IS 'pmkt.experiment_state binary input, validated (22P03)';
COMMENT ON FUNCTION pmkt.experiment_state_send(pmkt.experiment_state) IS 'pmkt.experiment_state binary output';

-- transition functions: (variant, value), (variant, value, covariate),
-- (variant, numerator, denominator, covariate)
CREATE FUNCTION pmkt.experiment_sfunc(pmkt.experiment_state, text, float8)
RETURNS pmkt.experiment_state
AS 'MODULE_PATHNAME', 'pmkt_experiment_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION pmkt.experiment_sfunc(pmkt.experiment_state, text, float8, float8)
RETURNS pmkt.experiment_state
AS 'MODULE_PATHNAME', 'pmkt_experiment_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION pmkt.experiment_sfunc(pmkt.experiment_state, text, float8, float8, float8)
RETURNS pmkt.experiment_state
AS 'MODULE_PATHNAME', 'pmkt_experiment_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION pmkt.experiment_combine(pmkt.experiment_state, pmkt.experiment_state)
RETURNS pmkt.experiment_state
AS 'MODULE_PATHNAME', 'pmkt_experiment_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.experiment_sfunc(pmkt.experiment_state, text, float8) IS
'transition function of pmkt.experiment(variant, value)';
COMMENT ON FUNCTION pmkt.experiment_sfunc(pmkt.experiment_state, text, float8, float8) IS
'transition function of pmkt.experiment(variant, value, covariate)';
COMMENT ON FUNCTION pmkt.experiment_sfunc(pmkt.experiment_state, text, float8, float8, float8) IS
'transition function of pmkt.experiment(variant, numerator, denominator, covariate)';
COMMENT ON FUNCTION pmkt.experiment_combine(pmkt.experiment_state, pmkt.experiment_state) IS
'combine function of pmkt.experiment: adds the statistics of variants of the same name (compensated sums)';

CREATE AGGREGATE pmkt.experiment(variant text, value float8) (
    SFUNC = pmkt.experiment_sfunc,
    STYPE = pmkt.experiment_state,
    COMBINEFUNC = pmkt.experiment_combine,
    PARALLEL = SAFE
);
CREATE AGGREGATE pmkt.experiment(variant text, value float8, covariate float8) (
    SFUNC = pmkt.experiment_sfunc,
    STYPE = pmkt.experiment_state,
    COMBINEFUNC = pmkt.experiment_combine,
    PARALLEL = SAFE
);
CREATE AGGREGATE pmkt.experiment(variant text, numerator float8, denominator float8, covariate float8) (
    SFUNC = pmkt.experiment_sfunc,
    STYPE = pmkt.experiment_state,
    COMBINEFUNC = pmkt.experiment_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.experiment(text, float8) IS
'per-variant sufficient statistics of one metric over unit rows (one row per user); rows with a NULL variant or value are skipped and counted; feed the result to pmkt.experiment_report';
COMMENT ON AGGREGATE pmkt.experiment(text, float8, float8) IS
'per-variant sufficient statistics of a metric with a pre-period covariate for CUPED; a NULL covariate keeps the row out of CUPED only (counted as covariate_missing)';
COMMENT ON AGGREGATE pmkt.experiment(text, float8, float8, float8) IS
'per-variant sufficient statistics of a ratio metric (numerator / denominator per unit, e.g. revenue and sessions) with an optional covariate (pass NULL::float8 for none)';

CREATE FUNCTION pmkt.experiment_report(
    state pmkt.experiment_state,
    control text,
    alpha float8 DEFAULT 0.05,
    test text DEFAULT 'welch',
    cuped boolean DEFAULT true,
    decide_by text DEFAULT 'fixed',
    split float8[] DEFAULT NULL,
    expected_n float8 DEFAULT 5000,
    prior_sd float8 DEFAULT NULL,
    power float8 DEFAULT 0.8,
    digits int DEFAULT 4)
RETURNS TABLE (
    variant text, control text, metric text, test text,
    n_variant bigint, n_control bigint, mean_variant numeric, mean_control numeric,
    lift numeric, lift_lower numeric, lift_upper numeric,
    relative_lift numeric, relative_lower numeric, relative_upper numeric,
    statistic numeric, df numeric, p_value numeric, p_holm numeric, p_bh numeric,
    cuped boolean, variance_reduction numeric, covariate_missing bigint,
    seq_lower numeric, seq_upper numeric, seq_p_value numeric,
    prob_beat_control numeric, expected_loss numeric, credible_lower numeric, credible_upper numeric,
    mde numeric, srm_p_value numeric, srm boolean, decision text)
AS 'MODULE_PATHNAME', 'pmkt_experiment_report'
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 3;
COMMENT ON FUNCTION pmkt.experiment_report(pmkt.experiment_state, text, float8, text, boolean, text, float8[], float8, float8, float8, int) IS
'one row per (variant vs control, metric): means, absolute and relative lift with intervals at 1 - alpha, Welch or two-proportion test, Holm/BH adjusted p-values, CUPED (theta from the pooled covariate rows), always-valid sequential interval and p-value (normal mixture tuned to expected_n units), Bayesian P(beat control), expected loss and credible interval of the relative lift (prior N(0, prior_sd^2), NULL = flat), MDE at the given power, SRM chi-square against split (control first, then variants in name order) flagged at p < 0.001, and a decision by decide_by (fixed, sequential or bayesian; higher is better). A report for reading: numeric, rounded to digits decimals (0..15, default 4), the decision taken on the unrounded values; digits NULL: nothing rounded (each value the exact float8 result as the shortest numeric that reads back as it)';

CREATE FUNCTION pmkt.p_adjust(p float8[], method text DEFAULT 'holm')
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_p_adjust'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.p_adjust(float8[], text) IS
'Holm (''holm'') or Benjamini-Hochberg (''bh'') adjusted p-values, for comparisons across several reports; NULL elements stay NULL; matches statsmodels multipletests';

-- ======== src/experiment/22_experiment_monitor.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- experiment monitoring (issue 15): registered experiments, a procedure for
-- pg_cron that reports every running one into a history table and NOTIFYs
-- on a decision or a sample-ratio mismatch, and a BI view of the latest
-- report.  Privileges: nothing is granted by the extension; the procedure
-- runs the registered queries as its caller (SECURITY INVOKER).
-- ---------------------------------------------------------------------------

CREATE TABLE pmkt.experiments (
    name        text NOT NULL,
    metric      text NOT NULL DEFAULT 'value',
    units_query text NOT NULL,
    shape       text NOT NULL DEFAULT 'value'
                CHECK (shape IN ('value', 'value_covariate', 'ratio')),
    control     text NOT NULL,
    split       float8[],
    test        text NOT NULL DEFAULT 'welch' CHECK (test IN ('welch', 'proportion')),
    decide_by   text NOT NULL DEFAULT 'sequential' CHECK (decide_by IN ('fixed', 'sequential', 'bayesian')),
    alpha       float8 NOT NULL DEFAULT 0.05 CHECK (alpha > 0 AND alpha < 1),
    expected_n  float8 NOT NULL DEFAULT 5000 CHECK (expected_n >= 1 AND expected_n < 'Infinity'),
    started_at  timestamptz NOT NULL DEFAULT now(),
    ended_at    timestamptz,
    PRIMARY KEY (name, metric)
);
COMMENT ON TABLE pmkt.experiments IS
'registered experiments, one row per (experiment, metric); pmkt.run_experiments() reports every running one (started, not ended)';
COMMENT ON COLUMN pmkt.experiments.name IS 'the experiment''s name (e.g. checkout_button)';
COMMENT ON COLUMN pmkt.experiments.metric IS 'the metric''s label (e.g. spend, conversion); one registry row per metric';
COMMENT ON COLUMN pmkt.experiments.units_query IS 'a query returning one row per unit with columns variant and value (shape value), variant, value and covariate (value_covariate), or variant, numerator, denominator and covariate (ratio)';
COMMENT ON COLUMN pmkt.experiments.shape IS 'value, value_covariate (CUPED) or ratio (numerator / denominator): which pmkt.experiment overload reads units_query';
COMMENT ON COLUMN pmkt.experiments.control IS 'the control variant''s name as it appears in the variant column';
COMMENT ON COLUMN pmkt.experiments.split IS 'planned shares for the SRM check, control first then the other variants in name order; NULL: equal';
COMMENT ON COLUMN pmkt.experiments.test IS 'welch (means) or proportion (0/1 values)';
COMMENT ON COLUMN pmkt.experiments.decide_by IS 'fixed, sequential (always valid: safe to look every day, the default) or bayesian';
COMMENT ON COLUMN pmkt.experiments.alpha IS 'significance level (and 1 - the Bayesian decision threshold)';
COMMENT ON COLUMN pmkt.experiments.expected_n IS 'units expected at the end of the experiment: tunes the sequential test';
COMMENT ON COLUMN pmkt.experiments.started_at IS 'when the experiment started; not reported before';
COMMENT ON COLUMN pmkt.experiments.ended_at IS 'when it ended (NULL while running); ended experiments are no longer reported';
SELECT pg_catalog.pg_extension_config_dump('pmkt.experiments', '');

CREATE TABLE pmkt.experiment_history (
    id                bigserial PRIMARY KEY,
    computed_at       timestamptz NOT NULL DEFAULT now(),
    name              text NOT NULL,
    metric            text NOT NULL,
    report_metric     text NOT NULL,
    variant           text NOT NULL,
    control           text NOT NULL,
    n_variant         bigint,
    n_control         bigint,
    mean_variant      float8,
    mean_control      float8,
    lift              float8,
    lift_lower        float8,
    lift_upper        float8,
    relative_lift     float8,
    p_value           float8,
    seq_lower         float8,
    seq_upper         float8,
    seq_p_value       float8,
    prob_beat_control float8,
    srm_p_value       float8,
    srm               boolean,
    decision          text NOT NULL,
    notified          boolean NOT NULL DEFAULT false,
    FOREIGN KEY (name, metric) REFERENCES pmkt.experiments (name, metric) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX ON pmkt.experiment_history (name, metric, computed_at);
COMMENT ON TABLE pmkt.experiment_history IS 'every report computed by pmkt.run_experiments(), one row per (run, experiment, metric, variant, report metric)';
COMMENT ON COLUMN pmkt.experiment_history.id IS 'surrogate key, increasing';
COMMENT ON COLUMN pmkt.experiment_history.computed_at IS 'when the report was computed (transaction time of the run)';
COMMENT ON COLUMN pmkt.experiment_history.name IS 'the experiment (pmkt.experiments.name)';
COMMENT ON COLUMN pmkt.experiment_history.metric IS 'the registered metric (pmkt.experiments.metric)';
COMMENT ON COLUMN pmkt.experiment_history.report_metric IS 'value, or numerator / denominator / ratio for a ratio metric (pmkt.experiment_report.metric)';
COMMENT ON COLUMN pmkt.experiment_history.variant IS 'the variant compared with the control';
COMMENT ON COLUMN pmkt.experiment_history.control IS 'the control variant';
COMMENT ON COLUMN pmkt.experiment_history.n_variant IS 'units of the variant analysed';
COMMENT ON COLUMN pmkt.experiment_history.n_control IS 'units of the control analysed';
COMMENT ON COLUMN pmkt.experiment_history.mean_variant IS 'the variant''s mean (CUPED-adjusted when CUPED applies; rate for proportions; ratio for ratio metrics)';
COMMENT ON COLUMN pmkt.experiment_history.mean_control IS 'the control''s mean, as mean_variant';
COMMENT ON COLUMN pmkt.experiment_history.lift IS 'mean_variant - mean_control';
COMMENT ON COLUMN pmkt.experiment_history.lift_lower IS 'lower end of the fixed-horizon interval of the lift at 1 - alpha';
COMMENT ON COLUMN pmkt.experiment_history.lift_upper IS 'upper end of the fixed-horizon interval of the lift at 1 - alpha';
COMMENT ON COLUMN pmkt.experiment_history.relative_lift IS 'mean_variant / mean_control - 1';
COMMENT ON COLUMN pmkt.experiment_history.p_value IS 'fixed-horizon two-sided p-value';
COMMENT ON COLUMN pmkt.experiment_history.seq_lower IS 'lower end of the always-valid (sequential) interval of the lift';
COMMENT ON COLUMN pmkt.experiment_history.seq_upper IS 'upper end of the always-valid (sequential) interval of the lift';
COMMENT ON COLUMN pmkt.experiment_history.seq_p_value IS 'always-valid p-value (mixture SPRT)';
COMMENT ON COLUMN pmkt.experiment_history.prob_beat_control IS 'Bayesian posterior probability that the variant beats the control';
COMMENT ON COLUMN pmkt.experiment_history.srm_p_value IS 'sample-ratio-mismatch chi-square p-value against the planned split';
COMMENT ON COLUMN pmkt.experiment_history.srm IS 'true when srm_p_value < 0.001: the assignment is broken, do not trust the figures';
COMMENT ON COLUMN pmkt.experiment_history.decision IS 'variant better, control better, no significant difference, keep running, insufficient data, sample ratio mismatch, or error: MESSAGE when the units query failed';
COMMENT ON COLUMN pmkt.experiment_history.notified IS 'true when this row raised a NOTIFY (its decision or SRM was new for the variant)';
SELECT pg_catalog.pg_extension_config_dump('pmkt.experiment_history', '');
SELECT pg_catalog.pg_extension_config_dump('pmkt.experiment_history_id_seq', '');

CREATE PROCEDURE pmkt.run_experiments(channel text DEFAULT 'pmkt_experiments')
LANGUAGE plpgsql AS $$
DECLARE
    e     record;
    st    pmkt.experiment_state;
    args  text;
    r     record;
    prev  text;
    boundary boolean;
BEGIN
    IF channel IS NULL OR channel = '' THEN
        RAISE EXCEPTION 'argument "channel" must be a non-empty channel name'
            USING ERRCODE = '22023', HINT = 'Omit it to use pmkt_experiments.';
    END IF;
    FOR e IN SELECT * FROM pmkt.experiments
             WHERE ended_at IS NULL AND started_at <= now() ORDER BY name, metric LOOP
        args := CASE e.shape
            WHEN 'value' THEN 'u.variant::text, u.value::float8'
            WHEN 'value_covariate' THEN 'u.variant::text, u.value::float8, u.covariate::float8'
            ELSE 'u.variant::text, u.numerator::float8, u.denominator::float8, u.covariate::float8' END;
        BEGIN
            EXECUTE format('SELECT pmkt.experiment(%s) FROM (%s) u', args, e.units_query) INTO st;
            FOR r IN SELECT * FROM pmkt.experiment_report(st, e.control, alpha => e.alpha, test => e.test,
                                                           decide_by => e.decide_by, split => e.split,
                                                           expected_n => e.expected_n, digits => NULL) LOOP
                SELECT h.decision INTO prev FROM pmkt.experiment_history h
                WHERE h.name = e.name AND h.metric = e.metric AND h.variant = r.variant
                  AND h.report_metric = r.metric
                ORDER BY h.computed_at DESC, h.id DESC LIMIT 1;
                boundary := r.decision IN ('variant better', 'control better', 'sample ratio mismatch')
                            AND r.decision IS DISTINCT FROM prev;
                INSERT INTO pmkt.experiment_history (name, metric, report_metric, variant, control,
                    n_variant, n_control, mean_variant, mean_control, lift, lift_lower, lift_upper,
                    relative_lift, p_value, seq_lower, seq_upper, seq_p_value, prob_beat_control,
                    srm_p_value, srm, decision, notified)
                VALUES (e.name, e.metric, r.metric, r.variant, r.control, r.n_variant, r.n_control,
                    r.mean_variant, r.mean_control, r.lift, r.lift_lower, r.lift_upper, r.relative_lift,
                    r.p_value, r.seq_lower, r.seq_upper, r.seq_p_value, r.prob_beat_control,
                    r.srm_p_value, r.srm, r.decision, boundary);
                IF boundary THEN
                    PERFORM pg_notify(channel, json_build_object(
                        'experiment', e.name, 'metric', e.metric, 'report_metric', r.metric,
                        'variant', r.variant, 'control', r.control, 'decision', r.decision,
                        'lift', r.lift, 'p_value', r.p_value, 'seq_p_value', r.seq_p_value,
                        'srm_p_value', r.srm_p_value)::text);
                END IF;
            END LOOP;
        EXCEPTION WHEN OTHERS THEN
            -- one broken experiment does not stop the others: recorded, warned
            INSERT INTO pmkt.experiment_history (name, metric, report_metric, variant, control, decision)
            VALUES (e.name, e.metric, '-', '-', e.control, 'error: ' || SQLERRM);
            RAISE WARNING 'pmkt.run_experiments: experiment "%" metric "%" failed: %', e.name, e.metric, SQLERRM;
        END;
    END LOOP;
END
$$;
COMMENT ON PROCEDURE pmkt.run_experiments(text) IS
'for pg_cron: report every running registered experiment into pmkt.experiment_history and NOTIFY the channel (JSON payload) when a variant''s decision becomes variant better / control better or an SRM appears; a failing units query is recorded as decision ''error: ...'' and the others go on';

CREATE VIEW pmkt.experiment_latest AS
SELECT h.name, h.metric, h.report_metric, h.variant, h.control, h.computed_at,
       h.n_variant, h.n_control, h.mean_variant, h.mean_control, h.lift, h.lift_lower, h.lift_upper,
       h.relative_lift, h.p_value, h.seq_lower, h.seq_upper, h.seq_p_value, h.prob_beat_control,
       h.srm_p_value, h.srm, h.decision
FROM pmkt.experiment_history h
WHERE h.computed_at = (SELECT max(h2.computed_at) FROM pmkt.experiment_history h2
                       WHERE h2.name = h.name AND h2.metric = h.metric);
COMMENT ON VIEW pmkt.experiment_latest IS 'BI view: the latest report of every registered experiment and metric, one row per variant (and report metric)';
COMMENT ON COLUMN pmkt.experiment_latest.name IS 'the experiment';
COMMENT ON COLUMN pmkt.experiment_latest.metric IS 'the registered metric';
COMMENT ON COLUMN pmkt.experiment_latest.report_metric IS 'value, or numerator / denominator / ratio for a ratio metric';
COMMENT ON COLUMN pmkt.experiment_latest.variant IS 'the variant compared with the control';
COMMENT ON COLUMN pmkt.experiment_latest.control IS 'the control variant';
COMMENT ON COLUMN pmkt.experiment_latest.computed_at IS 'when this report was computed';
COMMENT ON COLUMN pmkt.experiment_latest.n_variant IS 'units of the variant analysed';
COMMENT ON COLUMN pmkt.experiment_latest.n_control IS 'units of the control analysed';
COMMENT ON COLUMN pmkt.experiment_latest.mean_variant IS 'the variant''s mean (rate, ratio, or CUPED-adjusted mean)';
COMMENT ON COLUMN pmkt.experiment_latest.mean_control IS 'the control''s mean';
COMMENT ON COLUMN pmkt.experiment_latest.lift IS 'mean_variant - mean_control';
COMMENT ON COLUMN pmkt.experiment_latest.lift_lower IS 'lower end of the fixed-horizon interval of the lift';
COMMENT ON COLUMN pmkt.experiment_latest.lift_upper IS 'upper end of the fixed-horizon interval of the lift';
COMMENT ON COLUMN pmkt.experiment_latest.relative_lift IS 'mean_variant / mean_control - 1';
COMMENT ON COLUMN pmkt.experiment_latest.p_value IS 'fixed-horizon two-sided p-value';
COMMENT ON COLUMN pmkt.experiment_latest.seq_lower IS 'lower end of the always-valid interval of the lift';
COMMENT ON COLUMN pmkt.experiment_latest.seq_upper IS 'upper end of the always-valid interval of the lift';
COMMENT ON COLUMN pmkt.experiment_latest.seq_p_value IS 'always-valid p-value (safe under daily looks)';
COMMENT ON COLUMN pmkt.experiment_latest.prob_beat_control IS 'Bayesian probability that the variant beats the control';
COMMENT ON COLUMN pmkt.experiment_latest.srm_p_value IS 'sample-ratio-mismatch p-value';
COMMENT ON COLUMN pmkt.experiment_latest.srm IS 'true: sample ratio mismatch (p < 0.001), the figures are not trustworthy';
COMMENT ON COLUMN pmkt.experiment_latest.decision IS 'the decision by the experiment''s decide_by rule';

-- ======== src/experiment/23_experiment_nonparam.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- experiment, non-parametric option (issue 15): Mann-Whitney U with its
-- tie-corrected normal-approximation p-value and a seeded bootstrap
-- interval of the difference in means, for skewed metrics such as spend
-- ---------------------------------------------------------------------------

CREATE FUNCTION pmkt.mann_whitney(
    variant_values float8[], control_values float8[],
    n_boot integer DEFAULT 2000, seed bigint DEFAULT 42, alpha float8 DEFAULT 0.05,
    OUT n_variant bigint, OUT n_control bigint, OUT u float8, OUT z float8, OUT p_value float8,
    OUT mean_variant float8, OUT mean_control float8, OUT mean_diff float8,
    OUT boot_lower float8, OUT boot_upper float8)
RETURNS record
AS 'MODULE_PATHNAME', 'pmkt_mann_whitney'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION pmkt.mann_whitney(float8[], float8[], integer, bigint, float8) IS
'Mann-Whitney U of the variant against the control (scipy mannwhitneyu, two-sided, asymptotic with tie and continuity corrections) and a seeded percentile bootstrap interval (n_boot resamples, 1 - alpha) of mean(variant) - mean(control). Values are held in memory within pmkt.max_train_memory.';

CREATE FUNCTION pmkt.experiment_power(
    n_per_arm float8, baseline_mean float8, baseline_sd float8 DEFAULT NULL,
    alpha float8 DEFAULT 0.05, power float8 DEFAULT 0.8, lift float8 DEFAULT NULL,
    OUT effect_size float8, OUT mde float8, OUT relative_mde float8, OUT power_at_lift float8)
RETURNS record
AS 'MODULE_PATHNAME', 'pmkt_experiment_power'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION pmkt.experiment_power(float8, float8, float8, float8, float8, float8) IS
'Minimum detectable effect of a planned two-arm test with n_per_arm units per arm (two-sided, statsmodels NormalIndPower): effect_size (Cohen''s d, or Cohen''s h for a rate when baseline_sd is NULL), mde (absolute), relative_mde, and power_at_lift for a given absolute lift.';

-- ======== src/ops/25_demo_data--1.0--1.1.sql
-- generate_demo gains the basket tables products and order_lines (issue 12) and campaign_responses (issue 13)
COMMENT ON FUNCTION pmkt.generate_demo(text, bigint, bigint) IS
'(re)creates the demo tables customers, orders, campaigns, feedback, aisas_monthly, sales_drivers, visits, products, order_lines and campaign_responses in target_schema, deterministic for a seed; returns the row count of each table';

-- ======== src/segment/30_kmeans--1.0--1.1.sql
-- segment/kmeans, 1.0 -> 1.1: kmeans_choose_k is a report for reading
-- (issue 16): inertia and silhouette numeric, rounded to a digits argument
DROP FUNCTION pmkt.kmeans_choose_k(text, int, int, int, bigint, text, int, float8, int, boolean);
CREATE FUNCTION pmkt.kmeans_choose_k(
    query text, k_min int, k_max int,
    sample_size int DEFAULT 10000,
    seed bigint DEFAULT 42,
    init text DEFAULT 'kmeans++',
    max_iter int DEFAULT 300,
    tol float8 DEFAULT 1e-4,
    n_init int DEFAULT 1,
    standardize boolean DEFAULT false,
    digits int DEFAULT 4)
RETURNS TABLE (k int, inertia numeric, silhouette numeric, iterations int, converged boolean)
AS 'MODULE_PATHNAME', 'pmkt_kmeans_choose_k'
LANGUAGE C VOLATILE PARALLEL UNSAFE ROWS 10
SET synchronize_seqscans = off;
COMMENT ON FUNCTION pmkt.kmeans_choose_k(text, int, int, int, bigint, text, int, float8, int, boolean, int) IS
'One row per k in k_min..k_max: the inertia of kmeans_train(query, k, ...) (elbow) and the mean silhouette coefficient on a seeded sample of sample_size rows (NULL for a single cluster); the rows are loaded once and must fit pmkt.max_train_memory. A report for reading: inertia and silhouette numeric, rounded to digits decimals (0..15, default 4); digits NULL: nothing rounded (each value the exact float8 result as the shortest numeric that reads back as it)';

-- ======== src/segment/32_row_sample.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- row_sample: a content-keyed sample of distinct rows as a combinable
-- aggregate (seeding of kmeans_train's beyond-budget path, issue 19), and
-- loader_rows: rows that reached this backend's in-memory loader
-- ---------------------------------------------------------------------------

CREATE TYPE pmkt.row_sample_result AS (
    rows     bigint,
    skipped  bigint,
    sample   float8[],
    weights  bigint[]
);
COMMENT ON TYPE pmkt.row_sample_result IS
'Result of pmkt.row_sample: rows aggregated (usable), rows skipped for a NULL, the sampled distinct rows (m x d, in ascending key order; NULL when no usable row) and how many rows equal each';

CREATE FUNCTION pmkt.row_sample_sfunc(state float8[], x float8[], size int, seed bigint)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_row_sample_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.row_sample_sfunc(float8[], float8[], int, bigint) IS
'Transition function of pmkt.row_sample(x, size, seed)';

CREATE FUNCTION pmkt.row_sample_combine(a float8[], b float8[]) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_row_sample_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.row_sample_combine(float8[], float8[]) IS
'Combine function of pmkt.row_sample: keeps the size smallest (key, row) of two partial samples, adding the multiplicities of equal rows';

CREATE FUNCTION pmkt.row_sample_final(state float8[]) RETURNS pmkt.row_sample_result
AS 'MODULE_PATHNAME', 'pmkt_row_sample_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.row_sample_final(float8[]) IS
'Final function of pmkt.row_sample: the row counts, the sample and its multiplicities';

CREATE AGGREGATE pmkt.row_sample(x float8[], size int, seed bigint) (
    SFUNC = pmkt.row_sample_sfunc,
    STYPE = float8[],
    COMBINEFUNC = pmkt.row_sample_combine,
    FINALFUNC = pmkt.row_sample_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.row_sample(float8[], int, bigint) IS
'Seeded sample of up to size distinct rows x with their multiplicities: the rows with the smallest hash of their content and the seed (bottom-k), so the same rows on any plan and in any row order; partial samples merge exactly (parallel query, Citus). NULL rows or rows with a NULL element are skipped and counted';

CREATE FUNCTION pmkt.loader_rows() RETURNS bigint
AS 'MODULE_PATHNAME', 'pmkt_loader_rows'
LANGUAGE C VOLATILE PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.loader_rows() IS
'Rows that reached this backend''s in-memory training loader since it started (the beyond-budget paths of kmeans_train and logistic_train add none)';

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

-- rfm_query takes order_col too (a new last argument, default NULL)
DROP FUNCTION pmkt.rfm_query(text, timestamptz, text, float8, int, int, text, text, bigint);
CREATE FUNCTION pmkt.rfm_query(
    query              text,
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
AS 'MODULE_PATHNAME', 'pmkt_rfm_query'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.rfm_query(text, timestamptz, text, float8, int, int, text, text, bigint, text) IS
'pmkt.rfm over a query whose first three columns are, in this order, the customer id (an integer or numeric type), the order time (timestamptz, timestamp or date) and the amount (an integer, real or numeric type), one row per order, or with order_col given one row per order line, order_col naming the query''s order id column (after the first three; lines are combined per (customer, order id) as in pmkt.rfm); other types, or a column named customer_id, ordered_at, amount or order_id at another of these positions, raise 42804 listing the columns received, an order_col the query does not return 42703; same options and result';

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

-- ======== src/weigh/45_pca--1.0--1.1.sql
-- weigh/pca, 1.0 -> 1.1: pca_report is a report for reading (issue 16):
-- numeric columns rounded to a digits argument
DROP FUNCTION pmkt.pca_report(pmkt.pca_result);
CREATE FUNCTION pmkt.pca_report(pca pmkt.pca_result, digits int DEFAULT 4,
    OUT component int, OUT eigenvalue numeric, OUT contribution numeric,
    OUT cumulative numeric, OUT retained boolean)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'pmkt_pca_report'
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 20;
COMMENT ON FUNCTION pmkt.pca_report(pmkt.pca_result, int) IS
'One row per principal component: eigenvalue, contribution rate, cumulative rate, and whether it is among the n_components retained. A report for reading: numeric, rounded to digits decimals (0..15, default 4); digits NULL: nothing rounded (the exact float8 values, in the pca_result itself as well)';

-- ======== src/text/56_sentiment.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- sentiment: rule-based sentiment, VADER (Hutto & Gilbert 2014), SPEC 1.3
-- ---------------------------------------------------------------------------
-- The default rows of pmkt.sentiment_lexicon are the VADER lexicon
-- (src/text/vader_lexicon.tsv, token and mean valence), shipped under its
-- licence:
--
--   The MIT License (MIT)
--
--   Copyright (c) 2016 C.J. Hutto
--
--   Permission is hereby granted, free of charge, to any person obtaining a
--   copy of this software and associated documentation files (the
--   "Software"), to deal in the Software without restriction, including
--   without limitation the rights to use, copy, modify, merge, publish,
--   distribute, sublicense, and/or sell copies of the Software, and to
--   permit persons to whom the Software is furnished to do so, subject to
--   the following conditions:
--
--   The above copyright notice and this permission notice shall be included
--   in all copies or substantial portions of the Software.
--
--   THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS
--   OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
--   MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT.
--   IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY
--   CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT,
--   TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE
--   SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.

CREATE TABLE pmkt.sentiment_lexicon (
    term       text PRIMARY KEY
               CHECK (term <> '' AND pg_catalog.octet_length(term) <= 200),
    valence    float8 NOT NULL CHECK (valence >= -4 AND valence <= 4),
    is_default boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE pmkt.sentiment_lexicon IS
'Sentiment lexicon of pmkt.sentiment: a token and its mean valence on VADER''s -4..+4 scale. Seeded with the VADER lexicon (MIT licence, C.J. Hutto; is_default = true); add or edit rows for a shop''s own words (an edited or added row is the user''s, is_default = false, and survives pg_dump/restore). A token matches the term equal to its lower-cased form, so terms with capitals never match (as in VADER: 12 emoticons of the original list such as :-D)';
COMMENT ON COLUMN pmkt.sentiment_lexicon.term IS 'one token as it appears in text, lower case, without white space (a term with a space, such as one emoticon of the original list, never matches: VADER scores single tokens)';
COMMENT ON COLUMN pmkt.sentiment_lexicon.valence IS 'mean valence, -4 (most negative) .. +4 (most positive)';
COMMENT ON COLUMN pmkt.sentiment_lexicon.is_default IS 'true while the row is as shipped by pmkt; set to false by any UPDATE';
GRANT SELECT ON pmkt.sentiment_lexicon TO PUBLIC;

CREATE FUNCTION pmkt.sentiment_lexicon_trigger() RETURNS trigger
AS 'MODULE_PATHNAME', 'pmkt_sentiment_lexicon_trigger'
LANGUAGE C;
COMMENT ON FUNCTION pmkt.sentiment_lexicon_trigger() IS
'Trigger of pmkt.sentiment_lexicon: per statement, tells every session to drop its cached copy of the lexicon; per row, an UPDATE clears is_default and an INSERT of a term whose row is still a shipped default replaces that row';

CREATE TYPE pmkt.sentiment_score AS (
    compound float8,
    positive float8,
    neutral  float8,
    negative float8,
    label    text
);
COMMENT ON TYPE pmkt.sentiment_score IS
'Result of pmkt.sentiment: VADER compound score in [-1, 1], the positive, neutral and negative shares (summing to 1, all 0 for a text without tokens) and the label (positive when compound >= 0.05, negative when <= -0.05, else neutral)';

CREATE FUNCTION pmkt.sentiment(txt text)
RETURNS pmkt.sentiment_score
AS 'MODULE_PATHNAME', 'pmkt_sentiment'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.sentiment(text) IS
'VADER sentiment (Hutto & Gilbert 2014; the rules of vaderSentiment 3.3.x) of one text, best one sentence or a short review, against pmkt.sentiment_lexicon: lexicon valences, negation within 3 tokens, booster words, "but", ALL-CAPS emphasis, ! and ? emphasis, compound = s / sqrt(s^2 + 15). NULL gives NULL; an empty or blank text gives compound 0, all shares 0, label neutral. Texts over 1 MB raise 54000 (work is linear in the length). Differences from vaderSentiment: no emoji-to-words translation; "but" scales by position (vaderSentiment''s list.index() can pick an equal earlier value); non-ASCII case follows the database collation';

CREATE FUNCTION pmkt.sentiment_compound(txt text)
RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_sentiment_compound'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.sentiment_compound(text) IS
'The compound score of pmkt.sentiment alone (-1 .. 1)';

-- BEGIN generated lexicon
-- 7506 rows from src/text/vader_lexicon.tsv by src/text/gen_lexicon.py: do not edit by hand
INSERT INTO pmkt.sentiment_lexicon (term, valence, is_default) VALUES
 (E'$:', -1.5, true),
 (E'%)', -0.4, true),
 (E'%-)', -1.5, true),
 (E'&-:', -0.4, true),
 (E'&:', -0.7, true),
 (E'( \'}{\' )', 1.6, true),
 (E'(%', -0.9, true),
 (E'(\'-:', 2.2, true),
 (E'(\':', 2.3, true),
 (E'((-:', 2.1, true),
 (E'(*', 1.1, true),
 (E'(-%', -0.7, true),
 (E'(-*', 1.3, true),
 (E'(-:', 1.6, true),
 (E'(-:0', 2.8, true),
 (E'(-:<', -0.4, true),
 (E'(-:o', 1.5, true),
 (E'(-:O', 1.5, true),
 (E'(-:{', -0.1, true),
 (E'(-:|>*', 1.9, true),
 (E'(-;', 1.3, true),
 (E'(-;|', 2.1, true),
 (E'(8', 2.6, true),
 (E'(:', 2.2, true),
 (E'(:0', 2.4, true),
 (E'(:<', -0.2, true),
 (E'(:o', 2.5, true),
 (E'(:O', 2.5, true),
 (E'(;', 1.1, true),
 (E'(;<', 0.3, true),
 (E'(=', 2.2, true),
 (E'(?:', 2.1, true),
 (E'(^:', 1.5, true),
 (E'(^;', 1.5, true),
 (E'(^;0', 2.0, true),
 (E'(^;o', 1.9, true),
 (E'(o:', 1.6, true),
 (E')\':', -2.0, true),
 (E')-\':', -2.1, true),
 (E')-:', -2.1, true),
 (E')-:<', -2.2, true),
 (E')-:{', -2.1, true),
 (E'):', -1.8, true),
 (E'):<', -1.9, true),
 (E'):{', -2.3, true),
 (E');<', -2.6, true),
 (E'*)', 0.6, true),
 (E'*-)', 0.3, true),
 (E'*-:', 2.1, true),
 (E'*-;', 2.4, true),
 (E'*:', 1.9, true),
 (E'*<|:-)', 1.6, true),
 (E'*\\0/*', 2.3, true),
 (E'*^:', 1.6, true),
 (E',-:', 1.2, true),
 (E'---\'-;-{@', 2.3, true),
 (E'--<--<@', 2.2, true),
 (E'.-:', -1.2, true),
 (E'..###-:', -1.7, true),
 (E'..###:', -1.9, true),
 (E'/-:', -1.3, true),
 (E'/:', -1.3, true),
 (E'/:<', -1.4, true),
 (E'/=', -0.9, true),
 (E'/^:', -1.0, true),
 (E'/o:', -1.4, true),
 (E'0-8', 0.1, true),
 (E'0-|', -1.2, true),
 (E'0:)', 1.9, true),
 (E'0:-)', 1.4, true),
 (E'0:-3', 1.5, true),
 (E'0:03', 1.9, true),
 (E'0;^)', 1.6, true),
 (E'0_o', -0.3, true),
 (E'10q', 2.1, true),
 (E'1337', 2.1, true),
 (E'143', 3.2, true),
 (E'1432', 2.6, true),
 (E'14aa41', 2.4, true),
 (E'182', -2.9, true),
 (E'187', -3.1, true),
 (E'2g2b4g', 2.8, true),
 (E'2g2bt', -0.1, true),
 (E'2qt', 2.1, true),
 (E'3:(', -2.2, true),
 (E'3:)', 0.5, true),
 (E'3:-(', -2.3, true),
 (E'3:-)', -1.4, true),
 (E'4col', -2.2, true),
 (E'4q', -3.1, true),
 (E'5fs', 1.5, true),
 (E'8)', 1.9, true),
 (E'8-d', 1.7, true),
 (E'8-o', -0.3, true),
 (E'86', -1.6, true),
 (E'8d', 2.9, true),
 (E':###..', -2.4, true),
 (E':$', -0.2, true),
 (E':&', -0.6, true),
 (E':\'(', -2.2, true),
 (E':\')', 2.3, true),
 (E':\'-(', -2.4, true),
 (E':\'-)', 2.7, true),
 (E':(', -1.9, true),
 (E':)', 2.0, true),
 (E':*', 2.5, true),
 (E':-###..', -2.5, true),
 (E':-&', -0.5, true),
 (E':-(', -1.5, true),
 (E':-)', 1.3, true),
 (E':-))', 2.8, true),
 (E':-*', 1.7, true),
 (E':-,', 1.1, true),
 (E':-.', -0.9, true),
 (E':-/', -1.2, true),
 (E':-<', -1.5, true),
 (E':-d', 2.3, true),
 (E':-D', 2.3, true),
 (E':-o', 0.1, true),
 (E':-p', 1.5, true),
 (E':-[', -1.6, true),
 (E':-\\', -0.9, true),
 (E':-c', -1.3, true),
 (E':-|', -0.7, true),
 (E':-||', -2.5, true),
 (E':-Þ', 0.9, true),
 (E':/', -1.4, true),
 (E':3', 2.3, true),
 (E':<', -2.1, true),
 (E':>', 2.1, true),
 (E':?)', 1.3, true),
 (E':?c', -1.6, true),
 (E':@', -2.5, true),
 (E':d', 2.3, true),
 (E':D', 2.3, true),
 (E':l', -1.7, true),
 (E':o', -0.4, true),
 (E':p', 1.0, true),
 (E':s', -1.2, true),
 (E':[', -2.0, true),
 (E':\\', -1.3, true),
 (E':]', 2.2, true),
 (E':^)', 2.1, true),
 (E':^*', 2.6, true),
 (E':^/', -1.2, true),
 (E':^\\', -1.0, true),
 (E':^|', -1.0, true),
 (E':c', -2.1, true),
 (E':c)', 2.0, true),
 (E':o)', 2.1, true),
 (E':o/', -1.4, true),
 (E':o\\', -1.1, true),
 (E':o|', -0.6, true),
 (E':P', 1.4, true),
 (E':{', -1.9, true),
 (E':|', -0.4, true),
 (E':}', 2.1, true),
 (E':Þ', 1.1, true),
 (E';)', 0.9, true),
 (E';-)', 1.0, true),
 (E';-*', 2.2, true),
 (E';-]', 0.7, true),
 (E';d', 0.8, true),
 (E';D', 0.8, true),
 (E';]', 0.6, true),
 (E';^)', 1.4, true),
 (E'</3', -3.0, true),
 (E'<3', 1.9, true),
 (E'<:', 2.1, true),
 (E'<:-|', -1.4, true),
 (E'=)', 2.2, true),
 (E'=-3', 2.0, true),
 (E'=-d', 2.4, true),
 (E'=-D', 2.4, true),
 (E'=/', -1.4, true),
 (E'=3', 2.1, true),
 (E'=d', 2.3, true),
 (E'=D', 2.3, true),
 (E'=l', -1.2, true),
 (E'=\\', -1.2, true),
 (E'=]', 1.6, true),
 (E'=p', 1.3, true),
 (E'=|', -0.8, true),
 (E'>-:', -2.0, true),
 (E'>.<', -1.3, true),
 (E'>:', -2.1, true),
 (E'>:(', -2.7, true),
 (E'>:)', 0.4, true),
 (E'>:-(', -2.7, true),
 (E'>:-)', -0.4, true),
 (E'>:/', -1.6, true),
 (E'>:o', -1.2, true),
 (E'>:p', 1.0, true),
 (E'>:[', -2.1, true),
 (E'>:\\', -1.7, true),
 (E'>;(', -2.9, true),
 (E'>;)', 0.1, true),
 (E'>_>^', 2.1, true),
 (E'@:', -2.1, true),
 (E'@>-->--', 2.1, true),
 (E'@}-;-\'---', 2.2, true),
 (E'aas', 2.5, true),
 (E'aayf', 2.7, true),
 (E'afu', -2.9, true),
 (E'alol', 2.8, true),
 (E'ambw', 2.9, true),
 (E'aml', 3.4, true),
 (E'atab', -1.9, true),
 (E'awol', -1.3, true),
 (E'ayc', 0.2, true),
 (E'ayor', -1.2, true),
 (E'aug-00', 0.3, true),
 (E'bfd', -2.7, true),
 (E'bfe', -2.6, true),
 (E'bff', 2.9, true),
 (E'bffn', 1.0, true),
 (E'bl', 2.3, true),
 (E'bsod', -2.2, true),
 (E'btd', -2.1, true),
 (E'btdt', -0.1, true),
 (E'bz', 0.4, true),
 (E'b^d', 2.6, true),
 (E'cwot', -2.3, true),
 (E'd-\':', -2.5, true),
 (E'd8', -3.2, true),
 (E'd:', 1.2, true),
 (E'd:<', -3.2, true),
 (E'd;', -2.9, true),
 (E'd=', 1.5, true),
 (E'doa', -2.3, true),
 (E'dx', -3.0, true),
 (E'ez', 1.5, true),
 (E'fav', 2.0, true),
 (E'fcol', -1.8, true),
 (E'ff', 1.8, true),
 (E'ffs', -2.8, true),
 (E'fkm', -2.4, true),
 (E'foaf', 1.8, true),
 (E'ftw', 2.0, true),
 (E'fu', -3.7, true),
 (E'fubar', -3.0, true),
 (E'fwb', 2.5, true),
 (E'fyi', 0.8, true),
 (E'fysa', 0.4, true),
 (E'g1', 1.4, true),
 (E'gg', 1.2, true),
 (E'gga', 1.7, true),
 (E'gigo', -0.6, true),
 (E'gj', 2.0, true),
 (E'gl', 1.3, true),
 (E'gla', 2.5, true),
 (E'gn', 1.2, true),
 (E'gr8', 2.7, true),
 (E'grrr', -0.4, true),
 (E'gt', 1.1, true),
 (E'h&k', 2.3, true),
 (E'hagd', 2.2, true),
 (E'hagn', 2.2, true),
 (E'hago', 1.2, true),
 (E'hak', 1.9, true),
 (E'hand', 2.2, true),
 (E'heart', 3.2, true),
 (E'hearts', 3.3, true),
 (E'hho1/2k', 1.4, true),
 (E'hhoj', 2.0, true),
 (E'hhok', 0.9, true),
 (E'hugz', 2.0, true),
 (E'hi5', 1.9, true),
 (E'idk', -0.4, true),
 (E'ijs', 0.7, true),
 (E'ilu', 3.4, true),
 (E'iluaaf', 2.7, true),
 (E'ily', 3.4, true),
 (E'ily2', 2.6, true),
 (E'iou', 0.7, true),
 (E'iyq', 2.3, true),
 (E'j/j', 2.0, true),
 (E'j/k', 1.6, true),
 (E'j/p', 1.4, true),
 (E'j/t', -0.2, true),
 (E'j/w', 1.0, true),
 (E'j4f', 1.4, true),
 (E'j4g', 1.7, true),
 (E'jho', 0.8, true),
 (E'jhomf', 1.0, true),
 (E'jj', 1.0, true),
 (E'jk', 0.9, true),
 (E'jp', 0.8, true),
 (E'jt', 0.9, true),
 (E'jw', 1.6, true),
 (E'jealz', -1.2, true),
 (E'k4y', 2.3, true),
 (E'kfy', 2.3, true),
 (E'kia', -3.2, true),
 (E'kk', 1.5, true),
 (E'kmuf', 2.2, true),
 (E'l', 2.0, true),
 (E'l&r', 2.2, true),
 (E'laoj', 1.3, true),
 (E'lmao', 2.9, true),
 (E'lmbao', 1.8, true),
 (E'lmfao', 2.5, true),
 (E'lmso', 2.7, true),
 (E'lol', 1.8, true),
 (E'lolz', 2.7, true),
 (E'lts', 1.6, true),
 (E'ly', 2.6, true),
 (E'ly4e', 2.7, true),
 (E'lya', 3.3, true),
 (E'lyb', 3.0, true),
 (E'lyl', 3.1, true),
 (E'lylab', 2.7, true),
 (E'lylas', 2.6, true),
 (E'lylb', 1.6, true),
 (E'm8', 1.4, true),
 (E'mia', -1.2, true),
 (E'mml', 2.0, true),
 (E'mofo', -2.4, true),
 (E'muah', 2.3, true),
 (E'mubar', -1.0, true),
 (E'musm', 0.9, true),
 (E'mwah', 2.5, true),
 (E'n1', 1.9, true),
 (E'nbd', 1.3, true),
 (E'nbif', -0.5, true),
 (E'nfc', -2.7, true),
 (E'nfw', -2.4, true),
 (E'nh', 2.2, true),
 (E'nimby', -0.8, true),
 (E'nimjd', -0.7, true),
 (E'nimq', -0.2, true),
 (E'nimy', -1.4, true),
 (E'nitl', -1.5, true),
 (E'nme', -2.1, true),
 (E'noyb', -0.7, true),
 (E'np', 1.4, true),
 (E'ntmu', 1.4, true),
 (E'o-8', -0.5, true),
 (E'o-:', -0.3, true),
 (E'o-|', -1.1, true),
 (E'o.o', -0.8, true),
 (E'O.o', -0.6, true),
 (E'o.O', -0.6, true),
 (E'o:', -0.2, true),
 (E'o:)', 1.5, true),
 (E'o:-)', 2.0, true),
 (E'o:-3', 2.2, true),
 (E'o:3', 2.3, true),
 (E'o:<', -0.3, true),
 (E'o;^)', 1.6, true),
 (E'ok', 1.2, true),
 (E'o_o', -0.5, true),
 (E'O_o', -0.5, true),
 (E'o_O', -0.5, true),
 (E'pita', -2.4, true),
 (E'pls', 0.3, true),
 (E'plz', 0.3, true),
 (E'pmbi', 0.8, true),
 (E'pmfji', 0.3, true),
 (E'pmji', 0.7, true),
 (E'po', -2.6, true),
 (E'ptl', 2.6, true),
 (E'pu', -1.1, true),
 (E'qq', -2.2, true),
 (E'qt', 1.8, true),
 (E'r&r', 2.4, true),
 (E'rofl', 2.7, true),
 (E'roflmao', 2.5, true),
 (E'rotfl', 2.6, true),
 (E'rotflmao', 2.8, true),
 (E'rotflmfao', 2.5, true),
 (E'rotflol', 3.0, true),
 (E'rotgl', 2.9, true),
 (E'rotglmao', 1.8, true),
 (E's:', -1.1, true),
 (E'sapfu', -1.1, true),
 (E'sete', 2.8, true),
 (E'sfete', 2.7, true),
 (E'sgtm', 2.4, true),
 (E'slap', 0.6, true),
 (E'slaw', 2.1, true),
 (E'smh', -1.3, true),
 (E'snafu', -2.5, true),
 (E'sob', -1.0, true),
 (E'swak', 2.3, true),
 (E'tgif', 2.3, true),
 (E'thks', 1.4, true),
 (E'thx', 1.5, true),
 (E'tia', 2.3, true),
 (E'tmi', -0.3, true),
 (E'tnx', 1.1, true),
 (E'true', 1.8, true),
 (E'tx', 1.5, true),
 (E'txs', 1.1, true),
 (E'ty', 1.6, true),
 (E'tyvm', 2.5, true),
 (E'urw', 1.9, true),
 (E'vbg', 2.1, true),
 (E'vbs', 3.1, true),
 (E'vip', 2.3, true),
 (E'vwd', 2.6, true),
 (E'vwp', 2.1, true),
 (E'wag', -0.2, true),
 (E'wd', 2.7, true),
 (E'wilco', 0.9, true),
 (E'wp', 1.0, true),
 (E'wtf', -2.8, true),
 (E'wtg', 2.1, true),
 (E'wth', -2.4, true),
 (E'x-d', 2.6, true),
 (E'x-p', 1.7, true),
 (E'xd', 2.8, true),
 (E'xlnt', 3.0, true),
 (E'xoxo', 3.0, true),
 (E'xoxozzz', 2.3, true),
 (E'xp', 1.6, true),
 (E'xqzt', 1.6, true),
 (E'xtc', 0.8, true),
 (E'yolo', 1.1, true),
 (E'yoyo', 0.4, true),
 (E'yvw', 1.6, true),
 (E'yw', 1.8, true),
 (E'ywia', 2.5, true),
 (E'zzz', -1.2, true),
 (E'[-;', 0.5, true),
 (E'[:', 1.3, true),
 (E'[;', 1.0, true),
 (E'[=', 1.7, true),
 (E'\\-:', -1.0, true),
 (E'\\:', -1.0, true),
 (E'\\:<', -1.7, true),
 (E'\\=', -1.1, true),
 (E'\\^:', -1.3, true),
 (E'\\o/', 2.2, true),
 (E'\\o:', -1.2, true),
 (E']-:', -2.1, true),
 (E']:', -1.6, true),
 (E']:<', -2.5, true),
 (E'^<_<', 1.4, true),
 (E'^urs', -2.8, true),
 (E'abandon', -1.9, true),
 (E'abandoned', -2.0, true),
 (E'abandoner', -1.9, true),
 (E'abandoners', -1.9, true),
 (E'abandoning', -1.6, true),
 (E'abandonment', -2.4, true),
 (E'abandonments', -1.7, true),
 (E'abandons', -1.3, true),
 (E'abducted', -2.3, true),
 (E'abduction', -2.8, true),
 (E'abductions', -2.0, true),
 (E'abhor', -2.0, true),
 (E'abhorred', -2.4, true),
 (E'abhorrent', -3.1, true),
 (E'abhors', -2.9, true),
 (E'abilities', 1.0, true),
 (E'ability', 1.3, true),
 (E'aboard', 0.1, true),
 (E'absentee', -1.1, true),
 (E'absentees', -0.8, true),
 (E'absolve', 1.2, true),
 (E'absolved', 1.5, true),
 (E'absolves', 1.3, true),
 (E'absolving', 1.6, true),
 (E'abuse', -3.2, true),
 (E'abused', -2.3, true),
 (E'abuser', -2.6, true),
 (E'abusers', -2.6, true),
 (E'abuses', -2.6, true),
 (E'abusing', -2.0, true),
 (E'abusive', -3.2, true),
 (E'abusively', -2.8, true),
 (E'abusiveness', -2.5, true),
 (E'abusivenesses', -3.0, true),
 (E'accept', 1.6, true),
 (E'acceptabilities', 1.6, true),
 (E'acceptability', 1.1, true),
 (E'acceptable', 1.3, true),
 (E'acceptableness', 1.3, true),
 (E'acceptably', 1.5, true),
 (E'acceptance', 2.0, true),
 (E'acceptances', 1.7, true),
 (E'acceptant', 1.6, true),
 (E'acceptation', 1.3, true),
 (E'acceptations', 0.9, true),
 (E'accepted', 1.1, true),
 (E'accepting', 1.6, true),
 (E'accepts', 1.3, true),
 (E'accident', -2.1, true),
 (E'accidental', -0.3, true),
 (E'accidentally', -1.4, true),
 (E'accidents', -1.3, true),
 (E'accomplish', 1.8, true),
 (E'accomplished', 1.9, true),
 (E'accomplishes', 1.7, true),
 (E'accusation', -1.0, true),
 (E'accusations', -1.3, true),
 (E'accuse', -0.8, true),
 (E'accused', -1.2, true),
 (E'accuses', -1.4, true),
 (E'accusing', -0.7, true),
 (E'ache', -1.6, true),
 (E'ached', -1.6, true),
 (E'aches', -1.0, true),
 (E'achievable', 1.3, true),
 (E'aching', -2.2, true),
 (E'acquit', 0.8, true),
 (E'acquits', 0.1, true),
 (E'acquitted', 1.0, true),
 (E'acquitting', 1.3, true),
 (E'acrimonious', -1.7, true),
 (E'active', 1.7, true),
 (E'actively', 1.3, true),
 (E'activeness', 0.6, true),
 (E'activenesses', 0.8, true),
 (E'actives', 1.1, true),
 (E'adequate', 0.9, true),
 (E'admirability', 2.4, true),
 (E'admirable', 2.6, true),
 (E'admirableness', 2.2, true),
 (E'admirably', 2.5, true),
 (E'admiral', 1.3, true),
 (E'admirals', 1.5, true),
 (E'admiralties', 1.6, true),
 (E'admiralty', 1.2, true),
 (E'admiration', 2.5, true),
 (E'admirations', 1.6, true),
 (E'admire', 2.1, true),
 (E'admired', 2.3, true),
 (E'admirer', 1.8, true),
 (E'admirers', 1.7, true),
 (E'admires', 1.5, true),
 (E'admiring', 1.6, true),
 (E'admiringly', 2.3, true),
 (E'admit', 0.8, true),
 (E'admits', 1.2, true),
 (E'admitted', 0.4, true),
 (E'admonished', -1.9, true),
 (E'adopt', 0.7, true),
 (E'adopts', 0.7, true),
 (E'adorability', 2.2, true),
 (E'adorable', 2.2, true),
 (E'adorableness', 2.5, true),
 (E'adorably', 2.1, true),
 (E'adoration', 2.9, true),
 (E'adorations', 2.2, true),
 (E'adore', 2.6, true),
 (E'adored', 1.8, true),
 (E'adorer', 1.7, true),
 (E'adorers', 2.1, true),
 (E'adores', 1.6, true),
 (E'adoring', 2.6, true),
 (E'adoringly', 2.4, true),
 (E'adorn', 0.9, true),
 (E'adorned', 0.8, true),
 (E'adorner', 1.3, true),
 (E'adorners', 0.9, true),
 (E'adorning', 1.0, true),
 (E'adornment', 1.3, true),
 (E'adornments', 0.8, true),
 (E'adorns', 0.5, true),
 (E'advanced', 1.0, true),
 (E'advantage', 1.0, true),
 (E'advantaged', 1.4, true),
 (E'advantageous', 1.5, true),
 (E'advantageously', 1.9, true),
 (E'advantageousness', 1.6, true),
 (E'advantages', 1.5, true),
 (E'advantaging', 1.6, true),
 (E'adventure', 1.3, true),
 (E'adventured', 1.3, true),
 (E'adventurer', 1.2, true),
 (E'adventurers', 0.9, true),
 (E'adventures', 1.4, true),
 (E'adventuresome', 1.7, true),
 (E'adventuresomeness', 1.3, true),
 (E'adventuress', 0.8, true),
 (E'adventuresses', 1.4, true),
 (E'adventuring', 2.3, true),
 (E'adventurism', 1.5, true),
 (E'adventurist', 1.4, true),
 (E'adventuristic', 1.7, true),
 (E'adventurists', 1.2, true),
 (E'adventurous', 1.4, true),
 (E'adventurously', 1.3, true),
 (E'adventurousness', 1.8, true),
 (E'adversarial', -1.5, true),
 (E'adversaries', -1.0, true),
 (E'adversary', -0.8, true),
 (E'adversative', -1.2, true),
 (E'adversatively', -0.1, true),
 (E'adversatives', -1.0, true),
 (E'adverse', -1.5, true),
 (E'adversely', -0.8, true),
 (E'adverseness', -0.6, true),
 (E'adversities', -1.5, true),
 (E'adversity', -1.8, true),
 (E'affected', -0.6, true),
 (E'affection', 2.4, true),
 (E'affectional', 1.9, true),
 (E'affectionally', 1.5, true),
 (E'affectionate', 1.9, true),
 (E'affectionately', 2.2, true),
 (E'affectioned', 1.8, true),
 (E'affectionless', -2.0, true),
 (E'affections', 1.5, true),
 (E'afflicted', -1.5, true),
 (E'affronted', 0.2, true),
 (E'aggravate', -2.5, true),
 (E'aggravated', -1.9, true),
 (E'aggravates', -1.9, true),
 (E'aggravating', -1.2, true),
 (E'aggress', -1.3, true),
 (E'aggressed', -1.4, true),
 (E'aggresses', -0.5, true),
 (E'aggressing', -0.6, true),
 (E'aggression', -1.2, true),
 (E'aggressions', -1.3, true),
 (E'aggressive', -0.6, true),
 (E'aggressively', -1.3, true),
 (E'aggressiveness', -1.8, true),
 (E'aggressivities', -1.4, true),
 (E'aggressivity', -0.6, true),
 (E'aggressor', -0.8, true),
 (E'aggressors', -0.9, true),
 (E'aghast', -1.9, true),
 (E'agitate', -1.7, true),
 (E'agitated', -2.0, true),
 (E'agitatedly', -1.6, true),
 (E'agitates', -1.4, true),
 (E'agitating', -1.8, true),
 (E'agitation', -1.0, true),
 (E'agitational', -1.2, true),
 (E'agitations', -1.3, true),
 (E'agitative', -1.3, true),
 (E'agitato', -0.1, true),
 (E'agitator', -1.4, true),
 (E'agitators', -2.1, true),
 (E'agog', 1.9, true),
 (E'agonise', -2.1, true),
 (E'agonised', -2.3, true),
 (E'agonises', -2.4, true),
 (E'agonising', -1.5, true),
 (E'agonize', -2.3, true),
 (E'agonized', -2.2, true),
 (E'agonizes', -2.3, true),
 (E'agonizing', -2.7, true),
 (E'agonizingly', -2.3, true),
 (E'agony', -1.8, true),
 (E'agree', 1.5, true),
 (E'agreeability', 1.9, true),
 (E'agreeable', 1.8, true),
 (E'agreeableness', 1.8, true),
 (E'agreeablenesses', 1.3, true),
 (E'agreeably', 1.6, true),
 (E'agreed', 1.1, true),
 (E'agreeing', 1.4, true),
 (E'agreement', 2.2, true),
 (E'agreements', 1.1, true),
 (E'agrees', 0.8, true),
 (E'alarm', -1.4, true),
 (E'alarmed', -1.4, true),
 (E'alarming', -0.5, true),
 (E'alarmingly', -2.6, true),
 (E'alarmism', -0.3, true),
 (E'alarmists', -1.1, true),
 (E'alarms', -1.1, true),
 (E'alas', -1.1, true),
 (E'alert', 1.2, true),
 (E'alienation', -1.1, true),
 (E'alive', 1.6, true),
 (E'allergic', -1.2, true),
 (E'allow', 0.9, true),
 (E'alone', -1.0, true),
 (E'alright', 1.0, true),
 (E'amaze', 2.5, true),
 (E'amazed', 2.2, true),
 (E'amazedly', 2.1, true),
 (E'amazement', 2.5, true),
 (E'amazements', 2.2, true),
 (E'amazes', 2.2, true),
 (E'amazing', 2.8, true),
 (E'amazon', 0.7, true),
 (E'amazonite', 0.2, true),
 (E'amazons', -0.1, true),
 (E'amazonstone', 1.0, true),
 (E'amazonstones', 0.2, true),
 (E'ambitious', 2.1, true),
 (E'ambivalent', 0.5, true),
 (E'amor', 3.0, true),
 (E'amoral', -1.6, true),
 (E'amoralism', -0.7, true),
 (E'amoralisms', -0.7, true),
 (E'amoralities', -1.2, true),
 (E'amorality', -1.5, true),
 (E'amorally', -1.0, true),
 (E'amoretti', 0.2, true),
 (E'amoretto', 0.6, true),
 (E'amorettos', 0.3, true),
 (E'amorino', 1.2, true),
 (E'amorist', 1.6, true),
 (E'amoristic', 1.0, true),
 (E'amorists', 0.1, true),
 (E'amoroso', 2.3, true),
 (E'amorous', 1.8, true),
 (E'amorously', 2.3, true),
 (E'amorousness', 2.0, true),
 (E'amorphous', -0.2, true),
 (E'amorphously', 0.1, true),
 (E'amorphousness', 0.3, true),
 (E'amort', -2.1, true),
 (E'amortise', 0.5, true),
 (E'amortised', -0.2, true),
 (E'amortises', 0.1, true),
 (E'amortizable', 0.5, true),
 (E'amortization', 0.6, true),
 (E'amortizations', 0.2, true),
 (E'amortize', -0.1, true),
 (E'amortized', 0.8, true),
 (E'amortizes', 0.6, true),
 (E'amortizing', 0.8, true),
 (E'amusable', 0.7, true),
 (E'amuse', 1.7, true),
 (E'amused', 1.8, true),
 (E'amusedly', 2.2, true),
 (E'amusement', 1.5, true),
 (E'amusements', 1.5, true),
 (E'amuser', 1.1, true),
 (E'amusers', 1.3, true),
 (E'amuses', 1.7, true),
 (E'amusia', 0.3, true),
 (E'amusias', -0.4, true),
 (E'amusing', 1.6, true),
 (E'amusingly', 0.8, true),
 (E'amusingness', 1.8, true),
 (E'amusive', 1.7, true),
 (E'anger', -2.7, true),
 (E'angered', -2.3, true),
 (E'angering', -2.2, true),
 (E'angerly', -1.9, true),
 (E'angers', -2.3, true),
 (E'angrier', -2.3, true),
 (E'angriest', -3.1, true),
 (E'angrily', -1.8, true),
 (E'angriness', -1.7, true),
 (E'angry', -2.3, true),
 (E'anguish', -2.9, true),
 (E'anguished', -1.8, true),
 (E'anguishes', -2.1, true),
 (E'anguishing', -2.7, true),
 (E'animosity', -1.9, true),
 (E'annoy', -1.9, true),
 (E'annoyance', -1.3, true),
 (E'annoyances', -1.8, true),
 (E'annoyed', -1.6, true),
 (E'annoyer', -2.2, true),
 (E'annoyers', -1.5, true),
 (E'annoying', -1.7, true),
 (E'annoys', -1.8, true),
 (E'antagonism', -1.9, true),
 (E'antagonisms', -1.2, true),
 (E'antagonist', -1.9, true),
 (E'antagonistic', -1.7, true),
 (E'antagonistically', -2.2, true),
 (E'antagonists', -1.7, true),
 (E'antagonize', -2.0, true),
 (E'antagonized', -1.4, true),
 (E'antagonizes', -0.5, true),
 (E'antagonizing', -2.7, true),
 (E'anti', -1.3, true),
 (E'anticipation', 0.4, true),
 (E'anxieties', -0.6, true),
 (E'anxiety', -0.7, true),
 (E'anxious', -1.0, true),
 (E'anxiously', -0.9, true),
 (E'anxiousness', -1.0, true),
 (E'aok', 2.0, true),
 (E'apathetic', -1.2, true),
 (E'apathetically', -0.4, true),
 (E'apathies', -0.6, true),
 (E'apathy', -1.2, true),
 (E'apeshit', -0.9, true),
 (E'apocalyptic', -3.4, true),
 (E'apologise', 1.6, true),
 (E'apologised', 0.4, true),
 (E'apologises', 0.8, true),
 (E'apologising', 0.2, true),
 (E'apologize', 0.4, true),
 (E'apologized', 1.3, true),
 (E'apologizes', 1.5, true),
 (E'apologizing', -0.3, true),
 (E'apology', 0.2, true),
 (E'appall', -2.4, true),
 (E'appalled', -2.0, true),
 (E'appalling', -1.5, true),
 (E'appallingly', -2.0, true),
 (E'appalls', -1.9, true),
 (E'appease', 1.1, true),
 (E'appeased', 0.9, true),
 (E'appeases', 0.9, true),
 (E'appeasing', 1.0, true),
 (E'applaud', 2.0, true),
 (E'applauded', 1.5, true),
 (E'applauding', 2.1, true),
 (E'applauds', 1.4, true),
 (E'applause', 1.8, true),
 (E'appreciate', 1.7, true),
 (E'appreciated', 2.3, true),
 (E'appreciates', 2.3, true),
 (E'appreciating', 1.9, true),
 (E'appreciation', 2.3, true),
 (E'appreciations', 1.7, true),
 (E'appreciative', 2.6, true),
 (E'appreciatively', 1.8, true),
 (E'appreciativeness', 1.6, true),
 (E'appreciator', 2.6, true),
 (E'appreciators', 1.5, true),
 (E'appreciatory', 1.7, true),
 (E'apprehensible', 1.1, true),
 (E'apprehensibly', -0.2, true),
 (E'apprehension', -2.1, true),
 (E'apprehensions', -0.9, true),
 (E'apprehensively', -0.3, true),
 (E'apprehensiveness', -0.7, true),
 (E'approval', 2.1, true),
 (E'approved', 1.8, true),
 (E'approves', 1.7, true),
 (E'ardent', 2.1, true),
 (E'arguable', -1.0, true),
 (E'arguably', -1.0, true),
 (E'argue', -1.4, true),
 (E'argued', -1.5, true),
 (E'arguer', -1.6, true),
 (E'arguers', -1.4, true),
 (E'argues', -1.6, true),
 (E'arguing', -2.0, true),
 (E'argument', -1.5, true),
 (E'argumentative', -1.5, true),
 (E'argumentatively', -1.8, true),
 (E'argumentive', -1.5, true),
 (E'arguments', -1.7, true),
 (E'arrest', -1.4, true),
 (E'arrested', -2.1, true),
 (E'arrests', -1.9, true),
 (E'arrogance', -2.4, true),
 (E'arrogances', -1.9, true),
 (E'arrogant', -2.2, true),
 (E'arrogantly', -1.8, true),
 (E'ashamed', -2.1, true),
 (E'ashamedly', -1.7, true),
 (E'ass', -2.5, true),
 (E'assassination', -2.9, true),
 (E'assassinations', -2.7, true),
 (E'assault', -2.8, true),
 (E'assaulted', -2.4, true),
 (E'assaulting', -2.3, true),
 (E'assaultive', -2.8, true),
 (E'assaults', -2.5, true),
 (E'asset', 1.5, true),
 (E'assets', 0.7, true),
 (E'assfucking', -2.5, true),
 (E'assholes', -2.8, true),
 (E'assurance', 1.4, true),
 (E'assurances', 1.4, true),
 (E'assure', 1.4, true),
 (E'assured', 1.5, true),
 (E'assuredly', 1.6, true),
 (E'assuredness', 1.4, true),
 (E'assurer', 0.9, true),
 (E'assurers', 1.1, true),
 (E'assures', 1.3, true),
 (E'assurgent', 1.3, true),
 (E'assuring', 1.6, true),
 (E'assuror', 0.5, true),
 (E'assurors', 0.7, true),
 (E'astonished', 1.6, true),
 (E'astound', 1.7, true),
 (E'astounded', 1.8, true),
 (E'astounding', 1.8, true),
 (E'astoundingly', 2.1, true),
 (E'astounds', 2.1, true),
 (E'attachment', 1.2, true),
 (E'attachments', 1.1, true),
 (E'attack', -2.1, true),
 (E'attacked', -2.0, true),
 (E'attacker', -2.7, true),
 (E'attackers', -2.7, true),
 (E'attacking', -2.0, true),
 (E'attacks', -1.9, true),
 (E'attract', 1.5, true),
 (E'attractancy', 0.9, true),
 (E'attractant', 1.3, true),
 (E'attractants', 1.4, true),
 (E'attracted', 1.8, true),
 (E'attracting', 2.1, true),
 (E'attraction', 2.0, true),
 (E'attractions', 1.8, true),
 (E'attractive', 1.9, true),
 (E'attractively', 2.2, true),
 (E'attractiveness', 1.8, true),
 (E'attractivenesses', 2.1, true),
 (E'attractor', 1.2, true),
 (E'attractors', 1.2, true),
 (E'attracts', 1.7, true),
 (E'audacious', 0.9, true),
 (E'authority', 0.3, true),
 (E'aversion', -1.9, true),
 (E'aversions', -1.1, true),
 (E'aversive', -1.6, true),
 (E'aversively', -0.8, true),
 (E'avert', -0.7, true),
 (E'averted', -0.3, true),
 (E'averts', -0.4, true),
 (E'avid', 1.2, true),
 (E'avoid', -1.2, true),
 (E'avoidance', -1.7, true),
 (E'avoidances', -1.1, true),
 (E'avoided', -1.4, true),
 (E'avoider', -1.8, true),
 (E'avoiders', -1.4, true),
 (E'avoiding', -1.4, true),
 (E'avoids', -0.7, true),
 (E'await', 0.4, true),
 (E'awaited', -0.1, true),
 (E'awaits', 0.3, true),
 (E'award', 2.5, true),
 (E'awardable', 2.4, true),
 (E'awarded', 1.7, true),
 (E'awardee', 1.8, true),
 (E'awardees', 1.2, true),
 (E'awarder', 0.9, true),
 (E'awarders', 1.3, true),
 (E'awarding', 1.9, true),
 (E'awards', 2.0, true),
 (E'awesome', 3.1, true),
 (E'awful', -2.0, true),
 (E'awkward', -0.6, true),
 (E'awkwardly', -1.3, true),
 (E'awkwardness', -0.7, true),
 (E'axe', -0.4, true),
 (E'axed', -1.3, true),
 (E'backed', 0.1, true),
 (E'backing', 0.1, true),
 (E'backs', -0.2, true),
 (E'bad', -2.5, true),
 (E'badass', 1.4, true),
 (E'badly', -2.1, true),
 (E'bailout', -0.4, true),
 (E'bamboozle', -1.5, true),
 (E'bamboozled', -1.5, true),
 (E'bamboozles', -1.5, true),
 (E'ban', -2.6, true),
 (E'banish', -1.9, true),
 (E'bankrupt', -2.6, true),
 (E'bankster', -2.1, true),
 (E'banned', -2.0, true),
 (E'bargain', 0.8, true),
 (E'barrier', -0.5, true),
 (E'bashful', -0.1, true),
 (E'bashfully', 0.2, true),
 (E'bashfulness', -0.8, true),
 (E'bastard', -2.5, true),
 (E'bastardies', -1.8, true),
 (E'bastardise', -2.1, true),
 (E'bastardised', -2.3, true),
 (E'bastardises', -2.3, true),
 (E'bastardising', -2.6, true),
 (E'bastardization', -2.4, true),
 (E'bastardizations', -2.1, true),
 (E'bastardize', -2.4, true),
 (E'bastardized', -2.0, true),
 (E'bastardizes', -1.8, true),
 (E'bastardizing', -2.3, true),
 (E'bastardly', -2.7, true),
 (E'bastards', -3.0, true),
 (E'bastardy', -2.7, true),
 (E'battle', -1.6, true),
 (E'battled', -1.2, true),
 (E'battlefield', -1.6, true),
 (E'battlefields', -0.9, true),
 (E'battlefront', -1.2, true),
 (E'battlefronts', -0.8, true),
 (E'battleground', -1.7, true),
 (E'battlegrounds', -0.6, true),
 (E'battlement', -0.4, true),
 (E'battlements', -0.4, true),
 (E'battler', -0.8, true),
 (E'battlers', -0.2, true),
 (E'battles', -1.6, true),
 (E'battleship', -0.1, true),
 (E'battleships', -0.5, true),
 (E'battlewagon', -0.3, true),
 (E'battlewagons', -0.5, true),
 (E'battling', -1.1, true),
 (E'beaten', -1.8, true),
 (E'beatific', 1.8, true),
 (E'beating', -2.0, true),
 (E'beaut', 1.6, true),
 (E'beauteous', 2.5, true),
 (E'beauteously', 2.6, true),
 (E'beauteousness', 2.7, true),
 (E'beautician', 1.2, true),
 (E'beauticians', 0.4, true),
 (E'beauties', 2.4, true),
 (E'beautification', 1.9, true),
 (E'beautifications', 2.4, true),
 (E'beautified', 2.1, true),
 (E'beautifier', 1.7, true),
 (E'beautifiers', 1.7, true),
 (E'beautifies', 1.8, true),
 (E'beautiful', 2.9, true),
 (E'beautifuler', 2.1, true),
 (E'beautifulest', 2.6, true),
 (E'beautifully', 2.7, true),
 (E'beautifulness', 2.6, true),
 (E'beautify', 2.3, true),
 (E'beautifying', 2.3, true),
 (E'beauts', 1.7, true),
 (E'beauty', 2.8, true),
 (E'belittle', -1.9, true),
 (E'belittled', -2.0, true),
 (E'beloved', 2.3, true),
 (E'benefic', 1.4, true),
 (E'benefice', 0.4, true),
 (E'beneficed', 1.1, true),
 (E'beneficence', 2.8, true),
 (E'beneficences', 1.5, true),
 (E'beneficent', 2.3, true),
 (E'beneficently', 2.2, true),
 (E'benefices', 1.1, true),
 (E'beneficial', 1.9, true),
 (E'beneficially', 2.4, true),
 (E'beneficialness', 1.7, true),
 (E'beneficiaries', 1.8, true),
 (E'beneficiary', 2.1, true),
 (E'beneficiate', 1.0, true),
 (E'beneficiation', 0.4, true),
 (E'benefit', 2.0, true),
 (E'benefits', 1.6, true),
 (E'benefitted', 1.7, true),
 (E'benefitting', 1.9, true),
 (E'benevolence', 1.7, true),
 (E'benevolences', 1.9, true),
 (E'benevolent', 2.7, true),
 (E'benevolently', 1.4, true),
 (E'benevolentness', 1.2, true),
 (E'benign', 1.3, true),
 (E'benignancy', 0.6, true),
 (E'benignant', 2.2, true),
 (E'benignantly', 1.1, true),
 (E'benignities', 0.9, true),
 (E'benignity', 1.3, true),
 (E'benignly', 0.2, true),
 (E'bereave', -2.1, true),
 (E'bereaved', -2.1, true),
 (E'bereaves', -1.9, true),
 (E'bereaving', -1.3, true),
 (E'best', 3.2, true),
 (E'betray', -3.2, true),
 (E'betrayal', -2.8, true),
 (E'betrayed', -3.0, true),
 (E'betraying', -2.5, true),
 (E'betrays', -2.5, true),
 (E'better', 1.9, true),
 (E'bias', -0.4, true),
 (E'biased', -1.1, true),
 (E'bitch', -2.8, true),
 (E'bitched', -2.6, true),
 (E'bitcheries', -2.3, true),
 (E'bitchery', -2.7, true),
 (E'bitches', -2.9, true),
 (E'bitchier', -2.0, true),
 (E'bitchiest', -3.0, true),
 (E'bitchily', -2.6, true),
 (E'bitchiness', -2.6, true),
 (E'bitching', -1.1, true),
 (E'bitchy', -2.3, true),
 (E'bitter', -1.8, true),
 (E'bitterbrush', -0.2, true),
 (E'bitterbrushes', -0.6, true),
 (E'bittered', -1.8, true),
 (E'bitterer', -1.9, true),
 (E'bitterest', -2.3, true),
 (E'bittering', -1.2, true),
 (E'bitterish', -1.6, true),
 (E'bitterly', -2.0, true),
 (E'bittern', -0.2, true),
 (E'bitterness', -1.7, true),
 (E'bitterns', -0.4, true),
 (E'bitterroots', -0.2, true),
 (E'bitters', -0.4, true),
 (E'bittersweet', -0.3, true),
 (E'bittersweetness', -0.6, true),
 (E'bittersweets', -0.2, true),
 (E'bitterweeds', -0.5, true),
 (E'bizarre', -1.3, true),
 (E'blah', -0.4, true),
 (E'blam', -0.2, true),
 (E'blamable', -1.8, true),
 (E'blamably', -1.8, true),
 (E'blame', -1.4, true),
 (E'blamed', -2.1, true),
 (E'blameful', -1.7, true),
 (E'blamefully', -1.6, true),
 (E'blameless', 0.7, true),
 (E'blamelessly', 0.9, true),
 (E'blamelessness', 0.6, true),
 (E'blamer', -2.1, true),
 (E'blamers', -2.0, true),
 (E'blames', -1.7, true),
 (E'blameworthiness', -1.6, true),
 (E'blameworthy', -2.3, true),
 (E'blaming', -2.2, true),
 (E'bless', 1.8, true),
 (E'blessed', 2.9, true),
 (E'blesseder', 2.0, true),
 (E'blessedest', 2.8, true),
 (E'blessedly', 1.7, true),
 (E'blessedness', 1.6, true),
 (E'blesser', 2.6, true),
 (E'blessers', 1.9, true),
 (E'blesses', 2.6, true),
 (E'blessing', 2.2, true),
 (E'blessings', 2.5, true),
 (E'blind', -1.7, true),
 (E'bliss', 2.7, true),
 (E'blissful', 2.9, true),
 (E'blithe', 1.2, true),
 (E'block', -1.9, true),
 (E'blockbuster', 2.9, true),
 (E'blocked', -1.1, true),
 (E'blocking', -1.6, true),
 (E'blocks', -0.9, true),
 (E'bloody', -1.9, true),
 (E'blurry', -0.4, true),
 (E'bold', 1.6, true),
 (E'bolder', 1.2, true),
 (E'boldest', 1.6, true),
 (E'boldface', 0.3, true),
 (E'boldfaced', -0.1, true),
 (E'boldfaces', 0.1, true),
 (E'boldfacing', 0.1, true),
 (E'boldly', 1.5, true),
 (E'boldness', 1.5, true),
 (E'boldnesses', 0.9, true),
 (E'bolds', 1.3, true),
 (E'bomb', -2.2, true),
 (E'bonus', 2.5, true),
 (E'bonuses', 2.6, true),
 (E'boost', 1.7, true),
 (E'boosted', 1.5, true),
 (E'boosting', 1.4, true),
 (E'boosts', 1.3, true),
 (E'bore', -1.0, true),
 (E'boreal', -0.3, true),
 (E'borecole', -0.2, true),
 (E'borecoles', -0.3, true),
 (E'bored', -1.1, true),
 (E'boredom', -1.3, true),
 (E'boredoms', -1.1, true),
 (E'boreen', 0.1, true),
 (E'boreens', 0.2, true),
 (E'boreholes', -0.2, true),
 (E'borer', -0.4, true),
 (E'borers', -1.2, true),
 (E'bores', -1.3, true),
 (E'borescopes', -0.1, true),
 (E'boresome', -1.3, true),
 (E'boring', -1.3, true),
 (E'bother', -1.4, true),
 (E'botheration', -1.7, true),
 (E'botherations', -1.3, true),
 (E'bothered', -1.3, true),
 (E'bothering', -1.6, true),
 (E'bothers', -0.8, true),
 (E'bothersome', -1.3, true),
 (E'boycott', -1.3, true),
 (E'boycotted', -1.7, true),
 (E'boycotting', -1.7, true),
 (E'boycotts', -1.4, true),
 (E'brainwashing', -1.5, true),
 (E'brave', 2.4, true),
 (E'braved', 1.9, true),
 (E'bravely', 2.3, true),
 (E'braver', 2.4, true),
 (E'braveries', 2.0, true),
 (E'bravery', 2.2, true),
 (E'braves', 1.9, true),
 (E'bravest', 2.3, true),
 (E'breathtaking', 2.0, true),
 (E'bribe', -0.8, true),
 (E'bright', 1.9, true),
 (E'brighten', 1.9, true),
 (E'brightened', 2.1, true),
 (E'brightener', 1.0, true),
 (E'brighteners', 1.0, true),
 (E'brightening', 2.5, true),
 (E'brightens', 1.5, true),
 (E'brighter', 1.6, true),
 (E'brightest', 3.0, true),
 (E'brightly', 1.5, true),
 (E'brightness', 1.6, true),
 (E'brightnesses', 1.4, true),
 (E'brights', 0.4, true),
 (E'brightwork', 1.1, true),
 (E'brilliance', 2.9, true),
 (E'brilliances', 2.9, true),
 (E'brilliancies', 2.3, true),
 (E'brilliancy', 2.6, true),
 (E'brilliant', 2.8, true),
 (E'brilliantine', 0.8, true),
 (E'brilliantines', 2.0, true),
 (E'brilliantly', 3.0, true),
 (E'brilliants', 1.9, true),
 (E'brisk', 0.6, true),
 (E'broke', -1.8, true),
 (E'broken', -2.1, true),
 (E'brooding', 0.1, true),
 (E'brutal', -3.1, true),
 (E'brutalise', -2.7, true),
 (E'brutalised', -2.9, true),
 (E'brutalises', -3.2, true),
 (E'brutalising', -2.8, true),
 (E'brutalities', -2.6, true),
 (E'brutality', -3.0, true),
 (E'brutalization', -2.1, true),
 (E'brutalizations', -2.3, true),
 (E'brutalize', -2.9, true),
 (E'brutalized', -2.4, true),
 (E'brutalizes', -3.2, true),
 (E'brutalizing', -3.4, true),
 (E'brutally', -3.0, true),
 (E'bullied', -3.1, true),
 (E'bullshit', -2.8, true),
 (E'bully', -2.2, true),
 (E'bullying', -2.9, true),
 (E'bummer', -1.6, true),
 (E'buoyant', 0.9, true),
 (E'burden', -1.9, true),
 (E'burdened', -1.7, true),
 (E'burdener', -1.3, true),
 (E'burdeners', -1.7, true),
 (E'burdening', -1.4, true),
 (E'burdens', -1.5, true),
 (E'burdensome', -1.8, true),
 (E'bwahaha', 0.4, true),
 (E'bwahahah', 2.5, true),
 (E'calm', 1.3, true),
 (E'calmative', 1.1, true),
 (E'calmatives', 0.5, true),
 (E'calmed', 1.6, true),
 (E'calmer', 1.5, true),
 (E'calmest', 1.6, true),
 (E'calming', 1.7, true),
 (E'calmly', 1.3, true),
 (E'calmness', 1.7, true),
 (E'calmnesses', 1.6, true),
 (E'calmodulin', 0.2, true),
 (E'calms', 1.3, true),
 (E'can\'t stand', -2.0, true),
 (E'cancel', -1.0, true),
 (E'cancelled', -1.0, true),
 (E'cancelling', -0.8, true),
 (E'cancels', -0.9, true),
 (E'cancer', -3.4, true),
 (E'capable', 1.6, true),
 (E'captivated', 1.6, true),
 (E'care', 2.2, true),
 (E'cared', 1.8, true),
 (E'carefree', 1.7, true),
 (E'careful', 0.6, true),
 (E'carefully', 0.5, true),
 (E'carefulness', 2.0, true),
 (E'careless', -1.5, true),
 (E'carelessly', -1.0, true),
 (E'carelessness', -1.4, true),
 (E'carelessnesses', -1.6, true),
 (E'cares', 2.0, true),
 (E'caring', 2.2, true),
 (E'casual', 0.8, true),
 (E'casually', 0.7, true),
 (E'casualty', -2.4, true),
 (E'catastrophe', -3.4, true),
 (E'catastrophic', -2.2, true),
 (E'cautious', -0.4, true),
 (E'celebrate', 2.7, true),
 (E'celebrated', 2.7, true),
 (E'celebrates', 2.7, true),
 (E'celebrating', 2.7, true),
 (E'censor', -2.0, true),
 (E'censored', -0.6, true),
 (E'censors', -1.2, true),
 (E'certain', 1.1, true),
 (E'certainly', 1.4, true),
 (E'certainties', 0.9, true),
 (E'certainty', 1.0, true),
 (E'chagrin', -1.9, true),
 (E'chagrined', -1.4, true),
 (E'challenge', 0.3, true),
 (E'challenged', -0.4, true),
 (E'challenger', 0.5, true),
 (E'challengers', 0.4, true),
 (E'challenges', 0.3, true),
 (E'challenging', 0.6, true),
 (E'challengingly', -0.6, true),
 (E'champ', 2.1, true),
 (E'champac', -0.2, true),
 (E'champagne', 1.2, true),
 (E'champagnes', 0.5, true),
 (E'champaign', 0.2, true),
 (E'champaigns', 0.5, true),
 (E'champaks', -0.2, true),
 (E'champed', 1.0, true),
 (E'champer', -0.1, true),
 (E'champers', 0.5, true),
 (E'champerties', -0.1, true),
 (E'champertous', 0.3, true),
 (E'champerty', -0.2, true),
 (E'champignon', 0.4, true),
 (E'champignons', 0.2, true),
 (E'champing', 0.7, true),
 (E'champion', 2.9, true),
 (E'championed', 1.2, true),
 (E'championing', 1.8, true),
 (E'champions', 2.4, true),
 (E'championship', 1.9, true),
 (E'championships', 2.2, true),
 (E'champs', 1.8, true),
 (E'champy', 1.0, true),
 (E'chance', 1.0, true),
 (E'chances', 0.8, true),
 (E'chaos', -2.7, true),
 (E'chaotic', -2.2, true),
 (E'charged', -0.8, true),
 (E'charges', -1.1, true),
 (E'charitable', 1.7, true),
 (E'charitableness', 1.9, true),
 (E'charitablenesses', 1.6, true),
 (E'charitably', 1.4, true),
 (E'charities', 2.2, true),
 (E'charity', 1.8, true),
 (E'charm', 1.7, true),
 (E'charmed', 2.0, true),
 (E'charmer', 1.9, true),
 (E'charmers', 2.1, true),
 (E'charmeuse', 0.3, true),
 (E'charmeuses', 0.4, true),
 (E'charming', 2.8, true),
 (E'charminger', 1.5, true),
 (E'charmingest', 2.4, true),
 (E'charmingly', 2.2, true),
 (E'charmless', -1.8, true),
 (E'charms', 1.9, true),
 (E'chastise', -2.5, true),
 (E'chastised', -2.2, true),
 (E'chastises', -1.7, true),
 (E'chastising', -1.7, true),
 (E'cheat', -2.0, true),
 (E'cheated', -2.3, true),
 (E'cheater', -2.5, true),
 (E'cheaters', -1.9, true),
 (E'cheating', -2.6, true),
 (E'cheats', -1.8, true),
 (E'cheer', 2.3, true),
 (E'cheered', 2.3, true),
 (E'cheerer', 1.7, true),
 (E'cheerers', 1.8, true),
 (E'cheerful', 2.5, true),
 (E'cheerfuller', 1.9, true),
 (E'cheerfullest', 3.2, true),
 (E'cheerfully', 2.1, true),
 (E'cheerfulness', 2.1, true),
 (E'cheerier', 2.6, true),
 (E'cheeriest', 2.2, true),
 (E'cheerily', 2.5, true),
 (E'cheeriness', 2.5, true),
 (E'cheering', 2.3, true),
 (E'cheerio', 1.2, true),
 (E'cheerlead', 1.7, true),
 (E'cheerleader', 0.9, true),
 (E'cheerleaders', 1.2, true),
 (E'cheerleading', 1.2, true),
 (E'cheerleads', 1.2, true),
 (E'cheerled', 1.5, true),
 (E'cheerless', -1.7, true),
 (E'cheerlessly', -0.8, true),
 (E'cheerlessness', -1.7, true),
 (E'cheerly', 2.4, true),
 (E'cheers', 2.1, true),
 (E'cheery', 2.6, true),
 (E'cherish', 1.6, true),
 (E'cherishable', 2.0, true),
 (E'cherished', 2.3, true),
 (E'cherisher', 2.2, true),
 (E'cherishers', 1.9, true),
 (E'cherishes', 2.2, true),
 (E'cherishing', 2.0, true),
 (E'chic', 1.1, true),
 (E'childish', -1.2, true),
 (E'chilling', -0.1, true),
 (E'choke', -2.5, true),
 (E'choked', -2.1, true),
 (E'chokes', -2.0, true),
 (E'choking', -2.0, true),
 (E'chuckle', 1.7, true),
 (E'chuckled', 1.2, true),
 (E'chucklehead', -1.9, true),
 (E'chuckleheaded', -1.3, true),
 (E'chuckleheads', -1.1, true),
 (E'chuckler', 0.8, true),
 (E'chucklers', 1.2, true),
 (E'chuckles', 1.1, true),
 (E'chucklesome', 1.1, true),
 (E'chuckling', 1.4, true),
 (E'chucklingly', 1.2, true),
 (E'clarifies', 0.9, true),
 (E'clarity', 1.7, true),
 (E'classy', 1.9, true),
 (E'clean', 1.7, true),
 (E'cleaner', 0.7, true),
 (E'clear', 1.6, true),
 (E'cleared', 0.4, true),
 (E'clearly', 1.7, true),
 (E'clears', 0.3, true),
 (E'clever', 2.0, true),
 (E'cleverer', 2.0, true),
 (E'cleverest', 2.6, true),
 (E'cleverish', 1.0, true),
 (E'cleverly', 2.3, true),
 (E'cleverness', 2.3, true),
 (E'clevernesses', 1.4, true),
 (E'clouded', -0.2, true),
 (E'clueless', -1.5, true),
 (E'cock', -0.6, true),
 (E'cocksucker', -3.1, true),
 (E'cocksuckers', -2.6, true),
 (E'cocky', -0.5, true),
 (E'coerced', -1.5, true),
 (E'collapse', -2.2, true),
 (E'collapsed', -1.1, true),
 (E'collapses', -1.2, true),
 (E'collapsing', -1.2, true),
 (E'collide', -0.3, true),
 (E'collides', -1.1, true),
 (E'colliding', -0.5, true),
 (E'collision', -1.5, true),
 (E'collisions', -1.1, true),
 (E'colluding', -1.2, true),
 (E'combat', -1.4, true),
 (E'combats', -0.8, true),
 (E'comedian', 1.6, true),
 (E'comedians', 1.2, true),
 (E'comedic', 1.7, true),
 (E'comedically', 2.1, true),
 (E'comedienne', 0.6, true),
 (E'comediennes', 1.6, true),
 (E'comedies', 1.7, true),
 (E'comedo', 0.3, true),
 (E'comedones', -0.8, true),
 (E'comedown', -0.8, true),
 (E'comedowns', -0.9, true),
 (E'comedy', 1.5, true),
 (E'comfort', 1.5, true),
 (E'comfortable', 2.3, true),
 (E'comfortableness', 1.3, true),
 (E'comfortably', 1.8, true),
 (E'comforted', 1.8, true),
 (E'comforter', 1.9, true),
 (E'comforters', 1.2, true),
 (E'comforting', 1.7, true),
 (E'comfortingly', 1.7, true),
 (E'comfortless', -1.8, true),
 (E'comforts', 2.1, true),
 (E'commend', 1.9, true),
 (E'commended', 1.9, true),
 (E'commit', 1.2, true),
 (E'commitment', 1.6, true),
 (E'commitments', 0.5, true),
 (E'commits', 0.1, true),
 (E'committed', 1.1, true),
 (E'committing', 0.3, true),
 (E'compassion', 2.0, true),
 (E'compassionate', 2.2, true),
 (E'compassionated', 1.6, true),
 (E'compassionately', 1.7, true),
 (E'compassionateness', 0.9, true),
 (E'compassionates', 1.6, true),
 (E'compassionating', 1.6, true),
 (E'compassionless', -2.6, true),
 (E'compelled', 0.2, true),
 (E'compelling', 0.9, true),
 (E'competent', 1.3, true),
 (E'competitive', 0.7, true),
 (E'complacent', -0.3, true),
 (E'complain', -1.5, true),
 (E'complainant', -0.7, true),
 (E'complainants', -1.1, true),
 (E'complained', -1.7, true),
 (E'complainer', -1.8, true),
 (E'complainers', -1.3, true),
 (E'complaining', -0.8, true),
 (E'complainingly', -1.7, true),
 (E'complains', -1.6, true),
 (E'complaint', -1.2, true),
 (E'complaints', -1.7, true),
 (E'compliment', 2.1, true),
 (E'complimentarily', 1.7, true),
 (E'complimentary', 1.9, true),
 (E'complimented', 1.8, true),
 (E'complimenting', 2.3, true),
 (E'compliments', 1.7, true),
 (E'comprehensive', 1.0, true),
 (E'conciliate', 1.0, true),
 (E'conciliated', 1.1, true),
 (E'conciliates', 1.1, true),
 (E'conciliating', 1.3, true),
 (E'condemn', -1.6, true),
 (E'condemnation', -2.8, true),
 (E'condemned', -1.9, true),
 (E'condemns', -2.3, true),
 (E'confidence', 2.3, true),
 (E'confident', 2.2, true),
 (E'confidently', 2.1, true),
 (E'conflict', -1.3, true),
 (E'conflicting', -1.7, true),
 (E'conflictive', -1.8, true),
 (E'conflicts', -1.6, true),
 (E'confront', -0.7, true),
 (E'confrontation', -1.3, true),
 (E'confrontational', -1.6, true),
 (E'confrontationist', -1.0, true),
 (E'confrontationists', -1.2, true),
 (E'confrontations', -1.5, true),
 (E'confronted', -0.8, true),
 (E'confronter', -0.3, true),
 (E'confronters', -1.3, true),
 (E'confronting', -0.6, true),
 (E'confronts', -0.9, true),
 (E'confuse', -0.9, true),
 (E'confused', -1.3, true),
 (E'confusedly', -0.6, true),
 (E'confusedness', -1.5, true),
 (E'confuses', -1.3, true),
 (E'confusing', -0.9, true),
 (E'confusingly', -1.4, true),
 (E'confusion', -1.2, true),
 (E'confusional', -1.2, true),
 (E'confusions', -0.9, true),
 (E'congrats', 2.4, true),
 (E'congratulate', 2.2, true),
 (E'congratulation', 2.9, true),
 (E'congratulations', 2.9, true),
 (E'consent', 0.9, true),
 (E'consents', 1.0, true),
 (E'considerate', 1.9, true),
 (E'consolable', 1.1, true),
 (E'conspiracy', -2.4, true),
 (E'constrained', -0.4, true),
 (E'contagion', -2.0, true),
 (E'contagions', -1.5, true),
 (E'contagious', -1.4, true),
 (E'contempt', -2.8, true),
 (E'contemptibilities', -2.0, true),
 (E'contemptibility', -0.9, true),
 (E'contemptible', -1.6, true),
 (E'contemptibleness', -1.9, true),
 (E'contemptibly', -1.4, true),
 (E'contempts', -1.0, true),
 (E'contemptuous', -2.2, true),
 (E'contemptuously', -2.4, true),
 (E'contemptuousness', -1.1, true),
 (E'contend', 0.2, true),
 (E'contender', 0.5, true),
 (E'contented', 1.4, true),
 (E'contentedly', 1.9, true),
 (E'contentedness', 1.4, true),
 (E'contentious', -1.2, true),
 (E'contentment', 1.5, true),
 (E'contestable', 0.6, true),
 (E'contradict', -1.3, true),
 (E'contradictable', -1.0, true),
 (E'contradicted', -1.3, true),
 (E'contradicting', -1.3, true),
 (E'contradiction', -1.0, true),
 (E'contradictions', -1.3, true),
 (E'contradictious', -1.9, true),
 (E'contradictor', -1.0, true),
 (E'contradictories', -0.5, true),
 (E'contradictorily', -0.9, true),
 (E'contradictoriness', -1.4, true),
 (E'contradictors', -1.6, true),
 (E'contradictory', -1.4, true),
 (E'contradicts', -1.4, true),
 (E'controversial', -0.8, true),
 (E'controversially', -1.1, true),
 (E'convince', 1.0, true),
 (E'convinced', 1.7, true),
 (E'convincer', 0.6, true),
 (E'convincers', 0.3, true),
 (E'convinces', 0.7, true),
 (E'convincing', 1.7, true),
 (E'convincingly', 1.6, true),
 (E'convincingness', 0.7, true),
 (E'convivial', 1.2, true),
 (E'cool', 1.3, true),
 (E'cornered', -1.1, true),
 (E'corpse', -2.7, true),
 (E'costly', -0.4, true),
 (E'courage', 2.2, true),
 (E'courageous', 2.4, true),
 (E'courageously', 2.3, true),
 (E'courageousness', 2.1, true),
 (E'courteous', 2.3, true),
 (E'courtesy', 1.5, true),
 (E'cover-up', -1.2, true),
 (E'coward', -2.0, true),
 (E'cowardly', -1.6, true),
 (E'coziness', 1.5, true),
 (E'cramp', -0.8, true),
 (E'crap', -1.6, true),
 (E'crappy', -2.6, true),
 (E'crash', -1.7, true),
 (E'craze', -0.6, true),
 (E'crazed', -0.5, true),
 (E'crazes', 0.2, true),
 (E'crazier', -0.1, true),
 (E'craziest', -0.2, true),
 (E'crazily', -1.5, true),
 (E'craziness', -1.6, true),
 (E'crazinesses', -1.0, true),
 (E'crazing', -0.5, true),
 (E'crazy', -1.4, true),
 (E'crazyweed', 0.8, true),
 (E'create', 1.1, true),
 (E'created', 1.0, true),
 (E'creates', 1.1, true),
 (E'creatin', 0.1, true),
 (E'creatine', 0.2, true),
 (E'creating', 1.2, true),
 (E'creatinine', 0.4, true),
 (E'creation', 1.1, true),
 (E'creationism', 0.7, true),
 (E'creationisms', 1.1, true),
 (E'creationist', 0.8, true),
 (E'creationists', 0.5, true),
 (E'creations', 1.6, true),
 (E'creative', 1.9, true),
 (E'creatively', 1.5, true),
 (E'creativeness', 1.8, true),
 (E'creativities', 1.7, true),
 (E'creativity', 1.6, true),
 (E'credit', 1.6, true),
 (E'creditabilities', 1.4, true),
 (E'creditability', 1.9, true),
 (E'creditable', 1.8, true),
 (E'creditableness', 1.2, true),
 (E'creditably', 1.7, true),
 (E'credited', 1.5, true),
 (E'crediting', 0.6, true),
 (E'creditor', -0.1, true),
 (E'credits', 1.5, true),
 (E'creditworthiness', 1.9, true),
 (E'creditworthy', 2.4, true),
 (E'crestfallen', -2.5, true),
 (E'cried', -1.6, true),
 (E'cries', -1.7, true),
 (E'crime', -2.5, true),
 (E'criminal', -2.4, true),
 (E'criminals', -2.7, true),
 (E'crisis', -3.1, true),
 (E'critic', -1.1, true),
 (E'critical', -1.3, true),
 (E'criticise', -1.9, true),
 (E'criticised', -1.8, true),
 (E'criticises', -1.3, true),
 (E'criticising', -1.7, true),
 (E'criticism', -1.9, true),
 (E'criticisms', -0.9, true),
 (E'criticizable', -1.0, true),
 (E'criticize', -1.6, true),
 (E'criticized', -1.5, true),
 (E'criticizer', -1.5, true),
 (E'criticizers', -1.6, true),
 (E'criticizes', -1.4, true),
 (E'criticizing', -1.5, true),
 (E'critics', -1.2, true),
 (E'crude', -2.7, true),
 (E'crudely', -1.2, true),
 (E'crudeness', -2.0, true),
 (E'crudenesses', -2.0, true),
 (E'cruder', -2.0, true),
 (E'crudes', -1.1, true),
 (E'crudest', -2.4, true),
 (E'cruel', -2.8, true),
 (E'crueler', -2.3, true),
 (E'cruelest', -2.6, true),
 (E'crueller', -2.4, true),
 (E'cruellest', -2.9, true),
 (E'cruelly', -2.8, true),
 (E'cruelness', -2.9, true),
 (E'cruelties', -2.3, true),
 (E'cruelty', -2.9, true),
 (E'crush', -0.6, true),
 (E'crushed', -1.8, true),
 (E'crushes', -1.9, true),
 (E'crushing', -1.5, true),
 (E'cry', -2.1, true),
 (E'crying', -2.1, true),
 (E'cunt', -2.2, true),
 (E'cunts', -2.9, true),
 (E'curious', 1.3, true),
 (E'curse', -2.5, true),
 (E'cut', -1.1, true),
 (E'cute', 2.0, true),
 (E'cutely', 1.3, true),
 (E'cuteness', 2.3, true),
 (E'cutenesses', 1.9, true),
 (E'cuter', 2.3, true),
 (E'cutes', 1.8, true),
 (E'cutesie', 1.0, true),
 (E'cutesier', 1.5, true),
 (E'cutesiest', 2.2, true),
 (E'cutest', 2.8, true),
 (E'cutesy', 2.1, true),
 (E'cutey', 2.1, true),
 (E'cuteys', 1.5, true),
 (E'cutie', 1.5, true),
 (E'cutiepie', 2.0, true),
 (E'cuties', 2.2, true),
 (E'cuts', -1.2, true),
 (E'cutting', -0.5, true),
 (E'cynic', -1.4, true),
 (E'cynical', -1.6, true),
 (E'cynically', -1.3, true),
 (E'cynicism', -1.7, true),
 (E'cynicisms', -1.7, true),
 (E'cynics', -0.3, true),
 (E'd-:', 1.6, true),
 (E'damage', -2.2, true),
 (E'damaged', -1.9, true),
 (E'damager', -1.9, true),
 (E'damagers', -2.0, true),
 (E'damages', -1.9, true),
 (E'damaging', -2.3, true),
 (E'damagingly', -2.0, true),
 (E'damn', -1.7, true),
 (E'damnable', -1.7, true),
 (E'damnableness', -1.8, true),
 (E'damnably', -1.7, true),
 (E'damnation', -2.6, true),
 (E'damnations', -1.4, true),
 (E'damnatory', -2.6, true),
 (E'damned', -1.6, true),
 (E'damnedest', -0.5, true),
 (E'damnified', -2.8, true),
 (E'damnifies', -1.8, true),
 (E'damnify', -2.2, true),
 (E'damnifying', -2.4, true),
 (E'damning', -1.4, true),
 (E'damningly', -2.0, true),
 (E'damnit', -2.4, true),
 (E'damns', -2.2, true),
 (E'danger', -2.4, true),
 (E'dangered', -2.4, true),
 (E'dangering', -2.5, true),
 (E'dangerous', -2.1, true),
 (E'dangerously', -2.0, true),
 (E'dangerousness', -2.0, true),
 (E'dangers', -2.2, true),
 (E'daredevil', 0.5, true),
 (E'daring', 1.5, true),
 (E'daringly', 2.1, true),
 (E'daringness', 1.4, true),
 (E'darings', 0.4, true),
 (E'darkest', -2.2, true),
 (E'darkness', -1.0, true),
 (E'darling', 2.8, true),
 (E'darlingly', 1.6, true),
 (E'darlingness', 2.3, true),
 (E'darlings', 2.2, true),
 (E'dauntless', 2.3, true),
 (E'daze', -0.7, true),
 (E'dazed', -0.7, true),
 (E'dazedly', -0.4, true),
 (E'dazedness', -0.5, true),
 (E'dazes', -0.3, true),
 (E'dead', -3.3, true),
 (E'deadlock', -1.4, true),
 (E'deafening', -1.2, true),
 (E'dear', 1.6, true),
 (E'dearer', 1.9, true),
 (E'dearest', 2.6, true),
 (E'dearie', 2.2, true),
 (E'dearies', 1.0, true),
 (E'dearly', 1.8, true),
 (E'dearness', 2.0, true),
 (E'dears', 1.9, true),
 (E'dearth', -2.3, true),
 (E'dearths', -0.9, true),
 (E'deary', 1.9, true),
 (E'death', -2.9, true),
 (E'debonair', 0.8, true),
 (E'debt', -1.5, true),
 (E'decay', -1.7, true),
 (E'decayed', -1.6, true),
 (E'decayer', -1.6, true),
 (E'decayers', -1.6, true),
 (E'decaying', -1.7, true),
 (E'decays', -1.7, true),
 (E'deceit', -2.0, true),
 (E'deceitful', -1.9, true),
 (E'deceive', -1.7, true),
 (E'deceived', -1.9, true),
 (E'deceives', -1.6, true),
 (E'deceiving', -1.4, true),
 (E'deception', -1.9, true),
 (E'decisive', 0.9, true),
 (E'dedicated', 2.0, true),
 (E'defeat', -2.0, true),
 (E'defeated', -2.1, true),
 (E'defeater', -1.4, true),
 (E'defeaters', -0.9, true),
 (E'defeating', -1.6, true),
 (E'defeatism', -1.3, true),
 (E'defeatist', -1.7, true),
 (E'defeatists', -2.1, true),
 (E'defeats', -1.3, true),
 (E'defeature', -1.9, true),
 (E'defeatures', -1.5, true),
 (E'defect', -1.4, true),
 (E'defected', -1.7, true),
 (E'defecting', -1.8, true),
 (E'defection', -1.4, true),
 (E'defections', -1.5, true),
 (E'defective', -1.9, true),
 (E'defectively', -2.1, true),
 (E'defectiveness', -1.8, true),
 (E'defectives', -1.8, true),
 (E'defector', -1.9, true),
 (E'defectors', -1.3, true),
 (E'defects', -1.7, true),
 (E'defence', 0.4, true),
 (E'defenceman', 0.4, true),
 (E'defencemen', 0.6, true),
 (E'defences', -0.2, true),
 (E'defender', 0.4, true),
 (E'defenders', 0.3, true),
 (E'defense', 0.5, true),
 (E'defenseless', -1.4, true),
 (E'defenselessly', -1.1, true),
 (E'defenselessness', -1.3, true),
 (E'defenseman', 0.1, true),
 (E'defensemen', -0.4, true),
 (E'defenses', 0.7, true),
 (E'defensibility', 0.4, true),
 (E'defensible', 0.8, true),
 (E'defensibly', 0.1, true),
 (E'defensive', 0.1, true),
 (E'defensively', -0.6, true),
 (E'defensiveness', -0.4, true),
 (E'defensives', -0.3, true),
 (E'defer', -1.2, true),
 (E'deferring', -0.7, true),
 (E'defiant', -0.9, true),
 (E'deficit', -1.7, true),
 (E'definite', 1.1, true),
 (E'definitely', 1.7, true),
 (E'degradable', -1.0, true),
 (E'degradation', -2.4, true),
 (E'degradations', -1.5, true),
 (E'degradative', -2.0, true),
 (E'degrade', -1.9, true),
 (E'degraded', -1.8, true),
 (E'degrader', -2.0, true),
 (E'degraders', -2.0, true),
 (E'degrades', -2.1, true),
 (E'degrading', -2.8, true),
 (E'degradingly', -2.7, true),
 (E'dehumanize', -1.8, true),
 (E'dehumanized', -1.9, true),
 (E'dehumanizes', -1.5, true),
 (E'dehumanizing', -2.4, true),
 (E'deject', -2.2, true),
 (E'dejected', -2.2, true),
 (E'dejecting', -2.3, true),
 (E'dejects', -2.0, true),
 (E'delay', -1.3, true),
 (E'delayed', -0.9, true),
 (E'delectable', 2.9, true),
 (E'delectables', 1.4, true),
 (E'delectably', 2.8, true),
 (E'delicate', 0.2, true),
 (E'delicately', 1.0, true),
 (E'delicates', 0.6, true),
 (E'delicatessen', 0.4, true),
 (E'delicatessens', 0.4, true),
 (E'delicious', 2.7, true),
 (E'deliciously', 1.9, true),
 (E'deliciousness', 1.8, true),
 (E'delight', 2.9, true),
 (E'delighted', 2.3, true),
 (E'delightedly', 2.4, true),
 (E'delightedness', 2.1, true),
 (E'delighter', 2.0, true),
 (E'delighters', 2.6, true),
 (E'delightful', 2.8, true),
 (E'delightfully', 2.7, true),
 (E'delightfulness', 2.1, true),
 (E'delighting', 1.6, true),
 (E'delights', 2.0, true),
 (E'delightsome', 2.3, true),
 (E'demand', -0.5, true),
 (E'demanded', -0.9, true),
 (E'demanding', -0.9, true),
 (E'demonstration', 0.4, true),
 (E'demoralized', -1.6, true),
 (E'denied', -1.9, true),
 (E'denier', -1.5, true),
 (E'deniers', -1.1, true),
 (E'denies', -1.8, true),
 (E'denounce', -1.4, true),
 (E'denounces', -1.9, true),
 (E'deny', -1.4, true),
 (E'denying', -1.4, true),
 (E'depress', -2.2, true),
 (E'depressant', -1.6, true),
 (E'depressants', -1.6, true),
 (E'depressed', -2.3, true),
 (E'depresses', -2.2, true),
 (E'depressible', -1.7, true),
 (E'depressing', -1.6, true),
 (E'depressingly', -2.3, true),
 (E'depression', -2.7, true),
 (E'depressions', -2.2, true),
 (E'depressive', -1.6, true),
 (E'depressively', -2.1, true),
 (E'depressives', -1.5, true),
 (E'depressor', -1.8, true),
 (E'depressors', -1.7, true),
 (E'depressurization', -0.3, true),
 (E'depressurizations', -0.4, true),
 (E'depressurize', -0.5, true),
 (E'depressurized', -0.3, true),
 (E'depressurizes', -0.3, true),
 (E'depressurizing', -0.7, true),
 (E'deprival', -2.1, true),
 (E'deprivals', -1.2, true),
 (E'deprivation', -1.8, true),
 (E'deprivations', -1.8, true),
 (E'deprive', -2.1, true),
 (E'deprived', -2.1, true),
 (E'depriver', -1.6, true),
 (E'deprivers', -1.4, true),
 (E'deprives', -1.7, true),
 (E'depriving', -2.0, true),
 (E'derail', -1.2, true),
 (E'derailed', -1.4, true),
 (E'derails', -1.3, true),
 (E'deride', -1.1, true),
 (E'derided', -0.8, true),
 (E'derides', -1.0, true),
 (E'deriding', -1.5, true),
 (E'derision', -1.2, true),
 (E'desirable', 1.3, true),
 (E'desire', 1.7, true),
 (E'desired', 1.1, true),
 (E'desirous', 1.3, true),
 (E'despair', -1.3, true),
 (E'despaired', -2.7, true),
 (E'despairer', -1.3, true),
 (E'despairers', -1.3, true),
 (E'despairing', -2.3, true),
 (E'despairingly', -2.2, true),
 (E'despairs', -2.7, true),
 (E'desperate', -1.3, true),
 (E'desperately', -1.6, true),
 (E'desperateness', -1.5, true),
 (E'desperation', -2.0, true),
 (E'desperations', -2.2, true),
 (E'despise', -1.4, true),
 (E'despised', -1.7, true),
 (E'despisement', -2.4, true),
 (E'despisements', -2.5, true),
 (E'despiser', -1.8, true),
 (E'despisers', -1.6, true),
 (E'despises', -2.0, true),
 (E'despising', -2.7, true),
 (E'despondent', -2.1, true),
 (E'destroy', -2.5, true),
 (E'destroyed', -2.2, true),
 (E'destroyer', -2.0, true),
 (E'destroyers', -2.3, true),
 (E'destroying', -2.6, true),
 (E'destroys', -2.6, true),
 (E'destruct', -2.4, true),
 (E'destructed', -1.9, true),
 (E'destructibility', -1.8, true),
 (E'destructible', -1.5, true),
 (E'destructing', -2.5, true),
 (E'destruction', -2.7, true),
 (E'destructionist', -2.6, true),
 (E'destructionists', -2.1, true),
 (E'destructions', -2.3, true),
 (E'destructive', -3.0, true),
 (E'destructively', -2.4, true),
 (E'destructiveness', -2.4, true),
 (E'destructivity', -2.2, true),
 (E'destructs', -2.4, true),
 (E'detached', -0.5, true),
 (E'detain', -1.8, true),
 (E'detained', -1.7, true),
 (E'detention', -1.5, true),
 (E'determinable', 0.9, true),
 (E'determinableness', 0.2, true),
 (E'determinably', 0.9, true),
 (E'determinacy', 1.0, true),
 (E'determinant', 0.2, true),
 (E'determinantal', -0.3, true),
 (E'determinate', 0.8, true),
 (E'determinately', 1.2, true),
 (E'determinateness', 1.1, true),
 (E'determination', 1.7, true),
 (E'determinations', 0.8, true),
 (E'determinative', 1.1, true),
 (E'determinatives', 0.9, true),
 (E'determinator', 1.1, true),
 (E'determined', 1.4, true),
 (E'devastate', -3.1, true),
 (E'devastated', -3.0, true),
 (E'devastates', -2.8, true),
 (E'devastating', -3.3, true),
 (E'devastatingly', -2.4, true),
 (E'devastation', -1.8, true),
 (E'devastations', -1.9, true),
 (E'devastative', -3.2, true),
 (E'devastator', -2.8, true),
 (E'devastators', -2.9, true),
 (E'devil', -3.4, true),
 (E'deviled', -1.6, true),
 (E'devilfish', -0.8, true),
 (E'devilfishes', -0.6, true),
 (E'deviling', -2.2, true),
 (E'devilish', -2.1, true),
 (E'devilishly', -1.6, true),
 (E'devilishness', -2.3, true),
 (E'devilkin', -2.4, true),
 (E'devilled', -2.3, true),
 (E'devilling', -1.8, true),
 (E'devilment', -1.9, true),
 (E'devilments', -1.1, true),
 (E'devilries', -1.6, true),
 (E'devilry', -2.8, true),
 (E'devils', -2.7, true),
 (E'deviltries', -1.5, true),
 (E'deviltry', -2.8, true),
 (E'devilwood', -0.8, true),
 (E'devilwoods', -1.0, true),
 (E'devote', 1.4, true),
 (E'devoted', 1.7, true),
 (E'devotedly', 1.6, true),
 (E'devotedness', 2.0, true),
 (E'devotee', 1.6, true),
 (E'devotees', 0.5, true),
 (E'devotement', 1.5, true),
 (E'devotements', 1.1, true),
 (E'devotes', 1.6, true),
 (E'devoting', 2.1, true),
 (E'devotion', 2.0, true),
 (E'devotional', 1.2, true),
 (E'devotionally', 2.2, true),
 (E'devotionals', 1.2, true),
 (E'devotions', 1.8, true),
 (E'diamond', 1.4, true),
 (E'dick', -2.3, true),
 (E'dickhead', -3.1, true),
 (E'die', -2.9, true),
 (E'died', -2.6, true),
 (E'difficult', -1.5, true),
 (E'difficulties', -1.2, true),
 (E'difficultly', -1.7, true),
 (E'difficulty', -1.4, true),
 (E'diffident', -1.0, true),
 (E'dignified', 2.2, true),
 (E'dignifies', 2.0, true),
 (E'dignify', 1.8, true),
 (E'dignifying', 2.1, true),
 (E'dignitaries', 0.6, true),
 (E'dignitary', 1.9, true),
 (E'dignities', 1.4, true),
 (E'dignity', 1.7, true),
 (E'dilemma', -0.7, true),
 (E'dipshit', -2.1, true),
 (E'dire', -2.0, true),
 (E'direful', -3.1, true),
 (E'dirt', -1.4, true),
 (E'dirtier', -1.4, true),
 (E'dirtiest', -2.4, true),
 (E'dirty', -1.9, true),
 (E'disabling', -2.1, true),
 (E'disadvantage', -1.8, true),
 (E'disadvantaged', -1.7, true),
 (E'disadvantageous', -1.8, true),
 (E'disadvantageously', -2.1, true),
 (E'disadvantageousness', -1.6, true),
 (E'disadvantages', -1.7, true),
 (E'disagree', -1.6, true),
 (E'disagreeable', -1.7, true),
 (E'disagreeableness', -1.7, true),
 (E'disagreeablenesses', -1.9, true),
 (E'disagreeably', -1.5, true),
 (E'disagreed', -1.3, true),
 (E'disagreeing', -1.4, true),
 (E'disagreement', -1.5, true),
 (E'disagreements', -1.8, true),
 (E'disagrees', -1.3, true),
 (E'disappear', -0.9, true),
 (E'disappeared', -0.9, true),
 (E'disappears', -1.4, true),
 (E'disappoint', -1.7, true),
 (E'disappointed', -2.1, true),
 (E'disappointedly', -1.7, true),
 (E'disappointing', -2.2, true),
 (E'disappointingly', -1.9, true),
 (E'disappointment', -2.3, true),
 (E'disappointments', -2.0, true),
 (E'disappoints', -1.6, true),
 (E'disaster', -3.1, true),
 (E'disasters', -2.6, true),
 (E'disastrous', -2.9, true),
 (E'disbelieve', -1.2, true),
 (E'discard', -1.0, true),
 (E'discarded', -1.4, true),
 (E'discarding', -0.7, true),
 (E'discards', -1.0, true),
 (E'discomfort', -1.8, true),
 (E'discomfortable', -1.6, true),
 (E'discomforted', -1.6, true),
 (E'discomforting', -1.6, true),
 (E'discomforts', -1.3, true),
 (E'disconsolate', -2.3, true),
 (E'disconsolation', -1.7, true),
 (E'discontented', -1.8, true),
 (E'discord', -1.7, true),
 (E'discounted', 0.2, true),
 (E'discourage', -1.8, true),
 (E'discourageable', -1.2, true),
 (E'discouraged', -1.7, true),
 (E'discouragement', -2.0, true),
 (E'discouragements', -1.8, true),
 (E'discourager', -1.7, true),
 (E'discouragers', -1.9, true),
 (E'discourages', -1.9, true),
 (E'discouraging', -1.9, true),
 (E'discouragingly', -1.8, true),
 (E'discredited', -1.9, true),
 (E'disdain', -2.1, true),
 (E'disgrace', -2.2, true),
 (E'disgraced', -2.0, true),
 (E'disguise', -1.0, true),
 (E'disguised', -1.1, true),
 (E'disguises', -1.0, true),
 (E'disguising', -1.3, true),
 (E'disgust', -2.9, true),
 (E'disgusted', -2.4, true),
 (E'disgustedly', -3.0, true),
 (E'disgustful', -2.6, true),
 (E'disgusting', -2.4, true),
 (E'disgustingly', -2.9, true),
 (E'disgusts', -2.1, true),
 (E'dishearten', -2.0, true),
 (E'disheartened', -2.2, true),
 (E'disheartening', -1.8, true),
 (E'dishearteningly', -2.0, true),
 (E'disheartenment', -2.3, true),
 (E'disheartenments', -2.2, true),
 (E'disheartens', -2.2, true),
 (E'dishonest', -2.7, true),
 (E'disillusion', -1.0, true),
 (E'disillusioned', -1.9, true),
 (E'disillusioning', -1.3, true),
 (E'disillusionment', -1.7, true),
 (E'disillusionments', -1.5, true),
 (E'disillusions', -1.6, true),
 (E'disinclined', -1.1, true),
 (E'disjointed', -1.3, true),
 (E'dislike', -1.6, true),
 (E'disliked', -1.7, true),
 (E'dislikes', -1.7, true),
 (E'disliking', -1.3, true),
 (E'dismal', -3.0, true),
 (E'dismay', -1.8, true),
 (E'dismayed', -1.9, true),
 (E'dismaying', -2.2, true),
 (E'dismayingly', -1.9, true),
 (E'dismays', -1.8, true),
 (E'disorder', -1.7, true),
 (E'disorganized', -1.2, true),
 (E'disoriented', -1.5, true),
 (E'disparage', -2.0, true),
 (E'disparaged', -1.4, true),
 (E'disparages', -1.6, true),
 (E'disparaging', -2.2, true),
 (E'displeased', -1.9, true),
 (E'dispute', -1.7, true),
 (E'disputed', -1.4, true),
 (E'disputes', -1.1, true),
 (E'disputing', -1.7, true),
 (E'disqualified', -1.8, true),
 (E'disquiet', -1.3, true),
 (E'disregard', -1.1, true),
 (E'disregarded', -1.6, true),
 (E'disregarding', -0.9, true),
 (E'disregards', -1.4, true),
 (E'disrespect', -1.8, true),
 (E'disrespected', -2.0, true),
 (E'disruption', -1.5, true),
 (E'disruptions', -1.4, true),
 (E'disruptive', -1.3, true),
 (E'dissatisfaction', -2.2, true),
 (E'dissatisfactions', -1.9, true),
 (E'dissatisfactory', -2.0, true),
 (E'dissatisfied', -1.6, true),
 (E'dissatisfies', -1.8, true),
 (E'dissatisfy', -2.2, true),
 (E'dissatisfying', -2.4, true),
 (E'distort', -1.3, true),
 (E'distorted', -1.7, true),
 (E'distorting', -1.1, true),
 (E'distorts', -1.4, true),
 (E'distract', -1.2, true),
 (E'distractable', -1.3, true),
 (E'distracted', -1.4, true),
 (E'distractedly', -0.9, true),
 (E'distractibility', -1.3, true),
 (E'distractible', -1.5, true),
 (E'distracting', -1.2, true),
 (E'distractingly', -1.4, true),
 (E'distraction', -1.6, true),
 (E'distractions', -1.0, true),
 (E'distractive', -1.6, true),
 (E'distracts', -1.3, true),
 (E'distraught', -2.6, true),
 (E'distress', -2.4, true),
 (E'distressed', -1.8, true),
 (E'distresses', -1.6, true),
 (E'distressful', -2.2, true),
 (E'distressfully', -1.7, true),
 (E'distressfulness', -2.4, true),
 (E'distressing', -1.7, true),
 (E'distressingly', -2.2, true),
 (E'distrust', -1.8, true),
 (E'distrusted', -2.4, true),
 (E'distrustful', -2.1, true),
 (E'distrustfully', -1.8, true),
 (E'distrustfulness', -1.6, true),
 (E'distrusting', -2.1, true),
 (E'distrusts', -1.3, true),
 (E'disturb', -1.7, true),
 (E'disturbance', -1.6, true),
 (E'disturbances', -1.4, true),
 (E'disturbed', -1.6, true),
 (E'disturber', -1.4, true),
 (E'disturbers', -2.1, true),
 (E'disturbing', -2.3, true),
 (E'disturbingly', -2.3, true),
 (E'disturbs', -1.9, true),
 (E'dithering', -0.5, true),
 (E'divination', 1.7, true),
 (E'divinations', 1.1, true),
 (E'divinatory', 1.6, true),
 (E'divine', 2.6, true),
 (E'divined', 0.8, true),
 (E'divinely', 2.9, true),
 (E'diviner', 0.3, true),
 (E'diviners', 1.2, true),
 (E'divines', 0.8, true),
 (E'divinest', 2.7, true),
 (E'diving', 0.3, true),
 (E'divining', 0.9, true),
 (E'divinise', 0.5, true),
 (E'divinities', 1.8, true),
 (E'divinity', 2.7, true),
 (E'divinize', 2.3, true),
 (E'dizzy', -0.9, true),
 (E'dodging', -0.4, true),
 (E'dodgy', -0.9, true),
 (E'dolorous', -2.2, true),
 (E'dominance', 0.8, true),
 (E'dominances', -0.1, true),
 (E'dominantly', 0.2, true),
 (E'dominants', 0.2, true),
 (E'dominate', -0.5, true),
 (E'dominates', 0.2, true),
 (E'dominating', -1.2, true),
 (E'domination', -0.2, true),
 (E'dominations', -0.3, true),
 (E'dominative', -0.7, true),
 (E'dominators', -0.4, true),
 (E'dominatrices', -0.2, true),
 (E'dominatrix', -0.5, true),
 (E'dominatrixes', 0.6, true),
 (E'doom', -1.7, true),
 (E'doomed', -3.2, true),
 (E'doomful', -2.1, true),
 (E'dooming', -2.8, true),
 (E'dooms', -1.1, true),
 (E'doomsayer', -0.7, true),
 (E'doomsayers', -1.7, true),
 (E'doomsaying', -1.5, true),
 (E'doomsayings', -1.5, true),
 (E'doomsday', -2.8, true),
 (E'doomsdayer', -2.2, true),
 (E'doomsdays', -2.4, true),
 (E'doomster', -2.2, true),
 (E'doomsters', -1.6, true),
 (E'doomy', -1.1, true),
 (E'dork', -1.4, true),
 (E'dorkier', -1.1, true),
 (E'dorkiest', -1.2, true),
 (E'dorks', -0.5, true),
 (E'dorky', -1.1, true),
 (E'doubt', -1.5, true),
 (E'doubtable', -1.5, true),
 (E'doubted', -1.1, true),
 (E'doubter', -1.6, true),
 (E'doubters', -1.3, true),
 (E'doubtful', -1.4, true),
 (E'doubtfully', -1.2, true),
 (E'doubtfulness', -1.2, true),
 (E'doubting', -1.4, true),
 (E'doubtingly', -1.4, true),
 (E'doubtless', 0.9, true),
 (E'doubtlessly', 1.2, true),
 (E'doubtlessness', 0.8, true),
 (E'doubts', -1.2, true),
 (E'douche', -1.5, true),
 (E'douchebag', -3.0, true),
 (E'downcast', -1.8, true),
 (E'downhearted', -2.3, true),
 (E'downside', -1.0, true),
 (E'drag', -0.9, true),
 (E'dragged', -0.2, true),
 (E'drags', -0.7, true),
 (E'drained', -1.5, true),
 (E'dread', -2.0, true),
 (E'dreaded', -2.7, true),
 (E'dreadful', -1.9, true),
 (E'dreadfully', -2.7, true),
 (E'dreadfulness', -3.2, true),
 (E'dreadfuls', -2.4, true),
 (E'dreading', -2.4, true),
 (E'dreadlock', -0.4, true),
 (E'dreadlocks', -0.2, true),
 (E'dreadnought', -0.6, true),
 (E'dreadnoughts', -0.4, true),
 (E'dreads', -1.4, true),
 (E'dream', 1.0, true),
 (E'dreams', 1.7, true),
 (E'dreary', -1.4, true),
 (E'droopy', -0.8, true),
 (E'drop', -1.1, true),
 (E'drown', -2.7, true),
 (E'drowned', -2.9, true),
 (E'drowns', -2.2, true),
 (E'drunk', -1.4, true),
 (E'dubious', -1.5, true),
 (E'dud', -1.0, true),
 (E'dull', -1.7, true),
 (E'dullard', -1.6, true),
 (E'dullards', -1.8, true),
 (E'dulled', -1.5, true),
 (E'duller', -1.7, true),
 (E'dullest', -1.7, true),
 (E'dulling', -1.1, true),
 (E'dullish', -1.1, true),
 (E'dullness', -1.4, true),
 (E'dullnesses', -1.9, true),
 (E'dulls', -1.0, true),
 (E'dullsville', -2.4, true),
 (E'dully', -1.1, true),
 (E'dumb', -2.3, true),
 (E'dumbass', -2.6, true),
 (E'dumbbell', -0.8, true),
 (E'dumbbells', -0.2, true),
 (E'dumbcane', -0.3, true),
 (E'dumbcanes', -0.6, true),
 (E'dumbed', -1.4, true),
 (E'dumber', -1.5, true),
 (E'dumbest', -2.3, true),
 (E'dumbfound', -0.1, true),
 (E'dumbfounded', -1.6, true),
 (E'dumbfounder', -1.0, true),
 (E'dumbfounders', -1.0, true),
 (E'dumbfounding', -0.8, true),
 (E'dumbfounds', -0.3, true),
 (E'dumbhead', -2.6, true),
 (E'dumbheads', -1.9, true),
 (E'dumbing', -0.5, true),
 (E'dumbly', -1.3, true),
 (E'dumbness', -1.9, true),
 (E'dumbs', -1.5, true),
 (E'dumbstruck', -1.0, true),
 (E'dumbwaiter', 0.2, true),
 (E'dumbwaiters', -0.1, true),
 (E'dump', -1.6, true),
 (E'dumpcart', -0.6, true),
 (E'dumped', -1.7, true),
 (E'dumper', -1.2, true),
 (E'dumpers', -0.8, true),
 (E'dumpier', -1.4, true),
 (E'dumpiest', -1.6, true),
 (E'dumpiness', -1.2, true),
 (E'dumping', -1.3, true),
 (E'dumpings', -1.1, true),
 (E'dumpish', -1.8, true),
 (E'dumpling', 0.4, true),
 (E'dumplings', -0.3, true),
 (E'dumps', -1.7, true),
 (E'dumpster', -0.6, true),
 (E'dumpsters', -1.0, true),
 (E'dumpy', -1.7, true),
 (E'dupe', -1.5, true),
 (E'duped', -1.8, true),
 (E'dwell', 0.5, true),
 (E'dwelled', 0.4, true),
 (E'dweller', 0.3, true),
 (E'dwellers', -0.3, true),
 (E'dwelling', 0.1, true),
 (E'dwells', -0.1, true),
 (E'dynamic', 1.6, true),
 (E'dynamical', 1.2, true),
 (E'dynamically', 1.5, true),
 (E'dynamics', 1.1, true),
 (E'dynamism', 1.6, true),
 (E'dynamisms', 1.2, true),
 (E'dynamist', 1.4, true),
 (E'dynamistic', 1.5, true),
 (E'dynamists', 0.9, true),
 (E'dynamite', 0.7, true),
 (E'dynamited', -0.9, true),
 (E'dynamiter', -1.2, true),
 (E'dynamiters', 0.4, true),
 (E'dynamites', -0.3, true),
 (E'dynamitic', 0.9, true),
 (E'dynamiting', 0.2, true),
 (E'dynamometer', 0.3, true),
 (E'dynamometers', 0.3, true),
 (E'dynamometric', 0.3, true),
 (E'dynamometry', 0.6, true),
 (E'dynamos', 0.3, true),
 (E'dynamotor', 0.6, true),
 (E'dysfunction', -1.8, true),
 (E'eager', 1.5, true),
 (E'eagerly', 1.6, true),
 (E'eagerness', 1.7, true),
 (E'eagers', 1.6, true),
 (E'earnest', 2.3, true),
 (E'ease', 1.5, true),
 (E'eased', 1.2, true),
 (E'easeful', 1.5, true),
 (E'easefully', 1.4, true),
 (E'easel', 0.3, true),
 (E'easement', 1.6, true),
 (E'easements', 0.4, true),
 (E'eases', 1.3, true),
 (E'easier', 1.8, true),
 (E'easiest', 1.8, true),
 (E'easily', 1.4, true),
 (E'easiness', 1.6, true),
 (E'easing', 1.0, true),
 (E'easy', 1.9, true),
 (E'easygoing', 1.3, true),
 (E'easygoingness', 1.5, true),
 (E'ecstacy', 3.3, true),
 (E'ecstasies', 2.3, true),
 (E'ecstasy', 2.9, true),
 (E'ecstatic', 2.3, true),
 (E'ecstatically', 2.8, true),
 (E'ecstatics', 2.9, true),
 (E'eerie', -1.5, true),
 (E'eery', -0.9, true),
 (E'effective', 2.1, true),
 (E'effectively', 1.9, true),
 (E'efficiencies', 1.6, true),
 (E'efficiency', 1.5, true),
 (E'efficient', 1.8, true),
 (E'efficiently', 1.7, true),
 (E'effin', -2.3, true),
 (E'egotism', -1.4, true),
 (E'egotisms', -1.0, true),
 (E'egotist', -2.3, true),
 (E'egotistic', -1.4, true),
 (E'egotistical', -0.9, true),
 (E'egotistically', -1.8, true),
 (E'egotists', -1.7, true),
 (E'elated', 3.2, true),
 (E'elation', 1.5, true),
 (E'elegance', 2.1, true),
 (E'elegances', 1.8, true),
 (E'elegancies', 1.6, true),
 (E'elegancy', 2.1, true),
 (E'elegant', 2.1, true),
 (E'elegantly', 1.9, true),
 (E'embarrass', -1.2, true),
 (E'embarrassable', -1.6, true),
 (E'embarrassed', -1.5, true),
 (E'embarrassedly', -1.1, true),
 (E'embarrasses', -1.7, true),
 (E'embarrassing', -1.6, true),
 (E'embarrassingly', -1.7, true),
 (E'embarrassment', -1.9, true),
 (E'embarrassments', -1.7, true),
 (E'embittered', -0.4, true),
 (E'embrace', 1.3, true),
 (E'emergency', -1.6, true),
 (E'emotional', 0.6, true),
 (E'empathetic', 1.7, true),
 (E'emptied', -0.7, true),
 (E'emptier', -0.7, true),
 (E'emptiers', -0.7, true),
 (E'empties', -0.7, true),
 (E'emptiest', -1.8, true),
 (E'emptily', -1.0, true),
 (E'emptiness', -1.9, true),
 (E'emptinesses', -1.5, true),
 (E'emptins', -0.3, true),
 (E'empty', -0.8, true),
 (E'emptying', -0.6, true),
 (E'enchanted', 1.6, true),
 (E'encourage', 2.3, true),
 (E'encouraged', 1.5, true),
 (E'encouragement', 1.8, true),
 (E'encouragements', 2.1, true),
 (E'encourager', 1.5, true),
 (E'encouragers', 1.5, true),
 (E'encourages', 1.9, true),
 (E'encouraging', 2.4, true),
 (E'encouragingly', 2.0, true),
 (E'endorse', 1.3, true),
 (E'endorsed', 1.0, true),
 (E'endorsement', 1.3, true),
 (E'endorses', 1.4, true),
 (E'enemies', -2.2, true),
 (E'enemy', -2.5, true),
 (E'energetic', 1.9, true),
 (E'energetically', 1.8, true),
 (E'energetics', 0.3, true),
 (E'energies', 0.9, true),
 (E'energise', 2.2, true),
 (E'energised', 2.1, true),
 (E'energises', 2.2, true),
 (E'energising', 1.9, true),
 (E'energization', 1.6, true),
 (E'energizations', 1.5, true),
 (E'energize', 2.1, true),
 (E'energized', 2.3, true),
 (E'energizer', 2.1, true),
 (E'energizers', 1.7, true),
 (E'energizes', 2.1, true),
 (E'energizing', 2.0, true),
 (E'energy', 1.1, true),
 (E'engage', 1.4, true),
 (E'engaged', 1.7, true),
 (E'engagement', 2.0, true),
 (E'engagements', 0.6, true),
 (E'engager', 1.1, true),
 (E'engagers', 1.0, true),
 (E'engages', 1.0, true),
 (E'engaging', 1.4, true),
 (E'engagingly', 1.5, true),
 (E'engrossed', 0.6, true),
 (E'enjoy', 2.2, true),
 (E'enjoyable', 1.9, true),
 (E'enjoyableness', 1.9, true),
 (E'enjoyably', 1.8, true),
 (E'enjoyed', 2.3, true),
 (E'enjoyer', 2.2, true),
 (E'enjoyers', 2.2, true),
 (E'enjoying', 2.4, true),
 (E'enjoyment', 2.6, true),
 (E'enjoyments', 2.0, true),
 (E'enjoys', 2.3, true),
 (E'enlighten', 2.3, true),
 (E'enlightened', 2.2, true),
 (E'enlightening', 2.3, true),
 (E'enlightens', 1.7, true),
 (E'ennui', -1.2, true),
 (E'enrage', -2.6, true),
 (E'enraged', -1.7, true),
 (E'enrages', -1.8, true),
 (E'enraging', -2.8, true),
 (E'enrapture', 3.0, true),
 (E'enslave', -3.1, true),
 (E'enslaved', -1.7, true),
 (E'enslaves', -1.6, true),
 (E'ensure', 1.6, true),
 (E'ensuring', 1.1, true),
 (E'enterprising', 2.3, true),
 (E'entertain', 1.3, true),
 (E'entertained', 1.7, true),
 (E'entertainer', 1.6, true),
 (E'entertainers', 1.0, true),
 (E'entertaining', 1.9, true),
 (E'entertainingly', 1.9, true),
 (E'entertainment', 1.8, true),
 (E'entertainments', 2.3, true),
 (E'entertains', 2.4, true),
 (E'enthral', 0.4, true),
 (E'enthuse', 1.6, true),
 (E'enthused', 2.0, true),
 (E'enthuses', 1.7, true),
 (E'enthusiasm', 1.9, true),
 (E'enthusiasms', 2.0, true),
 (E'enthusiast', 1.5, true),
 (E'enthusiastic', 2.2, true),
 (E'enthusiastically', 2.6, true),
 (E'enthusiasts', 1.4, true),
 (E'enthusing', 1.9, true),
 (E'entitled', 1.1, true),
 (E'entrusted', 0.8, true),
 (E'envied', -1.1, true),
 (E'envier', -1.0, true),
 (E'enviers', -1.1, true),
 (E'envies', -0.8, true),
 (E'envious', -1.1, true),
 (E'envy', -1.1, true),
 (E'envying', -0.8, true),
 (E'envyingly', -1.3, true),
 (E'erroneous', -1.8, true),
 (E'error', -1.7, true),
 (E'errors', -1.4, true),
 (E'escape', 0.7, true),
 (E'escapes', 0.5, true),
 (E'escaping', 0.2, true),
 (E'esteemed', 1.9, true),
 (E'ethical', 2.3, true),
 (E'euphoria', 3.3, true),
 (E'euphoric', 3.2, true),
 (E'eviction', -2.0, true),
 (E'evil', -3.4, true),
 (E'evildoer', -3.1, true),
 (E'evildoers', -2.4, true),
 (E'evildoing', -3.1, true),
 (E'evildoings', -2.5, true),
 (E'eviler', -2.1, true),
 (E'evilest', -2.5, true),
 (E'eviller', -2.9, true),
 (E'evillest', -3.3, true),
 (E'evilly', -3.4, true),
 (E'evilness', -3.1, true),
 (E'evils', -2.7, true),
 (E'exaggerate', -0.6, true),
 (E'exaggerated', -0.4, true),
 (E'exaggerates', -0.6, true),
 (E'exaggerating', -0.7, true),
 (E'exasperated', -1.8, true),
 (E'excel', 2.0, true),
 (E'excelled', 2.2, true),
 (E'excellence', 3.1, true),
 (E'excellences', 2.5, true),
 (E'excellencies', 2.4, true),
 (E'excellency', 2.5, true),
 (E'excellent', 2.7, true),
 (E'excellently', 3.1, true),
 (E'excelling', 2.5, true),
 (E'excels', 2.5, true),
 (E'excelsior', 0.7, true),
 (E'excitabilities', 1.5, true),
 (E'excitability', 1.2, true),
 (E'excitable', 1.5, true),
 (E'excitableness', 1.0, true),
 (E'excitant', 1.8, true),
 (E'excitants', 1.2, true),
 (E'excitation', 1.8, true),
 (E'excitations', 1.8, true),
 (E'excitative', 0.3, true),
 (E'excitatory', 1.1, true),
 (E'excite', 2.1, true),
 (E'excited', 1.4, true),
 (E'excitedly', 2.3, true),
 (E'excitement', 2.2, true),
 (E'excitements', 1.9, true),
 (E'exciter', 1.9, true),
 (E'exciters', 1.4, true),
 (E'excites', 2.1, true),
 (E'exciting', 2.2, true),
 (E'excitingly', 1.9, true),
 (E'exciton', 0.3, true),
 (E'excitonic', 0.2, true),
 (E'excitons', 0.8, true),
 (E'excitor', 0.5, true),
 (E'exclude', -0.9, true),
 (E'excluded', -1.4, true),
 (E'exclusion', -1.2, true),
 (E'exclusive', 0.5, true),
 (E'excruciate', -2.7, true),
 (E'excruciated', -1.3, true),
 (E'excruciates', -1.0, true),
 (E'excruciating', -3.3, true),
 (E'excruciatingly', -2.9, true),
 (E'excruciation', -3.4, true),
 (E'excruciations', -1.9, true),
 (E'excuse', 0.3, true),
 (E'exempt', 0.4, true),
 (E'exhaust', -1.2, true),
 (E'exhausted', -1.5, true),
 (E'exhauster', -1.3, true),
 (E'exhausters', -1.3, true),
 (E'exhaustibility', -0.8, true),
 (E'exhaustible', -1.0, true),
 (E'exhausting', -1.5, true),
 (E'exhaustion', -1.5, true),
 (E'exhaustions', -1.1, true),
 (E'exhaustive', -0.5, true),
 (E'exhaustively', -0.7, true),
 (E'exhaustiveness', -1.1, true),
 (E'exhaustless', 0.2, true),
 (E'exhaustlessness', 0.9, true),
 (E'exhausts', -1.1, true),
 (E'exhilarated', 3.0, true),
 (E'exhilarates', 2.8, true),
 (E'exhilarating', 1.7, true),
 (E'exonerate', 1.8, true),
 (E'exonerated', 1.8, true),
 (E'exonerates', 1.6, true),
 (E'exonerating', 1.0, true),
 (E'expand', 1.3, true),
 (E'expands', 0.4, true),
 (E'expel', -1.9, true),
 (E'expelled', -1.0, true),
 (E'expelling', -1.6, true),
 (E'expels', -1.6, true),
 (E'exploit', -0.4, true),
 (E'exploited', -2.0, true),
 (E'exploiting', -1.9, true),
 (E'exploits', -1.4, true),
 (E'exploration', 0.9, true),
 (E'explorations', 0.3, true),
 (E'expose', -0.6, true),
 (E'exposed', -0.3, true),
 (E'exposes', -0.5, true),
 (E'exposing', -1.1, true),
 (E'extend', 0.7, true),
 (E'extends', 0.5, true),
 (E'exuberant', 2.8, true),
 (E'exultant', 3.0, true),
 (E'exultantly', 1.4, true),
 (E'fab', 2.0, true),
 (E'fabulous', 2.4, true),
 (E'fabulousness', 2.8, true),
 (E'fad', 0.9, true),
 (E'fag', -2.1, true),
 (E'faggot', -3.4, true),
 (E'faggots', -3.2, true),
 (E'fail', -2.5, true),
 (E'failed', -2.3, true),
 (E'failing', -2.3, true),
 (E'failingly', -1.4, true),
 (E'failings', -2.2, true),
 (E'faille', 0.1, true),
 (E'fails', -1.8, true),
 (E'failure', -2.3, true),
 (E'failures', -2.0, true),
 (E'fainthearted', -0.3, true),
 (E'fair', 1.3, true),
 (E'faith', 1.8, true),
 (E'faithed', 1.3, true),
 (E'faithful', 1.9, true),
 (E'faithfully', 1.8, true),
 (E'faithfulness', 1.9, true),
 (E'faithless', -1.0, true),
 (E'faithlessly', -0.9, true),
 (E'faithlessness', -1.8, true),
 (E'faiths', 1.8, true),
 (E'fake', -2.1, true),
 (E'fakes', -1.8, true),
 (E'faking', -1.8, true),
 (E'fallen', -1.5, true),
 (E'falling', -0.6, true),
 (E'falsified', -1.6, true),
 (E'falsify', -2.0, true),
 (E'fame', 1.9, true),
 (E'fan', 1.3, true),
 (E'fantastic', 2.6, true),
 (E'fantastical', 2.0, true),
 (E'fantasticalities', 2.1, true),
 (E'fantasticality', 1.7, true),
 (E'fantasticalness', 1.3, true),
 (E'fantasticate', 1.5, true),
 (E'fantastico', 0.4, true),
 (E'farce', -1.7, true),
 (E'fascinate', 2.4, true),
 (E'fascinated', 2.1, true),
 (E'fascinates', 2.0, true),
 (E'fascination', 2.2, true),
 (E'fascinating', 2.5, true),
 (E'fascist', -2.6, true),
 (E'fascists', -0.8, true),
 (E'fatal', -2.5, true),
 (E'fatalism', -0.6, true),
 (E'fatalisms', -1.7, true),
 (E'fatalist', -0.5, true),
 (E'fatalistic', -1.0, true),
 (E'fatalists', -1.2, true),
 (E'fatalities', -2.9, true),
 (E'fatality', -3.5, true),
 (E'fatally', -3.2, true),
 (E'fatigue', -1.0, true),
 (E'fatigued', -1.4, true),
 (E'fatigues', -1.3, true),
 (E'fatiguing', -1.2, true),
 (E'fatiguingly', -1.5, true),
 (E'fault', -1.7, true),
 (E'faulted', -1.4, true),
 (E'faultfinder', -0.8, true),
 (E'faultfinders', -1.5, true),
 (E'faultfinding', -2.1, true),
 (E'faultier', -2.1, true),
 (E'faultiest', -2.1, true),
 (E'faultily', -2.0, true),
 (E'faultiness', -1.5, true),
 (E'faulting', -1.4, true),
 (E'faultless', 2.0, true),
 (E'faultlessly', 2.0, true),
 (E'faultlessness', 1.1, true),
 (E'faults', -2.1, true),
 (E'faulty', -1.3, true),
 (E'fave', 1.9, true),
 (E'favor', 1.7, true),
 (E'favorable', 2.1, true),
 (E'favorableness', 2.2, true),
 (E'favorably', 1.6, true),
 (E'favored', 1.8, true),
 (E'favorer', 1.3, true),
 (E'favorers', 1.4, true),
 (E'favoring', 1.8, true),
 (E'favorite', 2.0, true),
 (E'favorited', 1.7, true),
 (E'favorites', 1.8, true),
 (E'favoritism', 0.7, true),
 (E'favoritisms', 0.7, true),
 (E'favors', 1.0, true),
 (E'favour', 1.9, true),
 (E'favoured', 1.8, true),
 (E'favourer', 1.6, true),
 (E'favourers', 1.6, true),
 (E'favouring', 1.3, true),
 (E'favours', 1.8, true),
 (E'fear', -2.2, true),
 (E'feared', -2.2, true),
 (E'fearful', -2.2, true),
 (E'fearfuller', -2.2, true),
 (E'fearfullest', -2.5, true),
 (E'fearfully', -2.2, true),
 (E'fearfulness', -1.8, true),
 (E'fearing', -2.7, true),
 (E'fearless', 1.9, true),
 (E'fearlessly', 1.1, true),
 (E'fearlessness', 1.1, true),
 (E'fears', -1.8, true),
 (E'fearsome', -1.7, true),
 (E'fed up', -1.8, true),
 (E'feeble', -1.2, true),
 (E'feeling', 0.5, true),
 (E'felonies', -2.5, true),
 (E'felony', -2.5, true),
 (E'ferocious', -0.4, true),
 (E'ferociously', -1.1, true),
 (E'ferociousness', -1.0, true),
 (E'ferocities', -1.0, true),
 (E'ferocity', -0.7, true),
 (E'fervent', 1.1, true),
 (E'fervid', 0.5, true),
 (E'festival', 2.2, true),
 (E'festivalgoer', 1.3, true),
 (E'festivalgoers', 1.2, true),
 (E'festivals', 1.5, true),
 (E'festive', 2.0, true),
 (E'festively', 2.2, true),
 (E'festiveness', 2.4, true),
 (E'festivities', 2.1, true),
 (E'festivity', 2.2, true),
 (E'feud', -1.4, true),
 (E'feudal', -0.8, true),
 (E'feudalism', -0.9, true),
 (E'feudalisms', -0.2, true),
 (E'feudalist', -0.9, true),
 (E'feudalistic', -1.1, true),
 (E'feudalities', -0.4, true),
 (E'feudality', -0.5, true),
 (E'feudalization', -0.3, true),
 (E'feudalize', -0.5, true),
 (E'feudalized', -0.8, true),
 (E'feudalizes', -0.1, true),
 (E'feudalizing', -0.7, true),
 (E'feudally', -0.6, true),
 (E'feudaries', -0.3, true),
 (E'feudary', -0.8, true),
 (E'feudatories', -0.5, true),
 (E'feudatory', -0.1, true),
 (E'feuded', -2.2, true),
 (E'feuding', -1.6, true),
 (E'feudist', -1.1, true),
 (E'feudists', -0.7, true),
 (E'feuds', -1.4, true),
 (E'fiasco', -2.3, true),
 (E'fidgety', -1.4, true),
 (E'fiery', -1.4, true),
 (E'fiesta', 2.1, true),
 (E'fiestas', 1.5, true),
 (E'fight', -1.6, true),
 (E'fighter', 0.6, true),
 (E'fighters', -0.2, true),
 (E'fighting', -1.5, true),
 (E'fightings', -1.9, true),
 (E'fights', -1.7, true),
 (E'fine', 0.8, true),
 (E'fire', -1.4, true),
 (E'fired', -2.6, true),
 (E'firing', -1.4, true),
 (E'fit', 1.5, true),
 (E'fitness', 1.1, true),
 (E'flagship', 0.4, true),
 (E'flatter', 0.4, true),
 (E'flattered', 1.6, true),
 (E'flatterer', -0.3, true),
 (E'flatterers', 0.3, true),
 (E'flatteries', 1.2, true),
 (E'flattering', 1.3, true),
 (E'flatteringly', 1.0, true),
 (E'flatters', 0.6, true),
 (E'flattery', 0.4, true),
 (E'flawed', -2.1, true),
 (E'flawless', 2.3, true),
 (E'flawlessly', 0.8, true),
 (E'flees', -0.7, true),
 (E'flexibilities', 1.0, true),
 (E'flexibility', 1.4, true),
 (E'flexible', 0.9, true),
 (E'flexibly', 1.3, true),
 (E'flirtation', 1.7, true),
 (E'flirtations', -0.1, true),
 (E'flirtatious', 0.5, true),
 (E'flirtatiously', -0.1, true),
 (E'flirtatiousness', 0.6, true),
 (E'flirted', -0.2, true),
 (E'flirter', -0.4, true),
 (E'flirters', 0.6, true),
 (E'flirtier', -0.1, true),
 (E'flirtiest', 0.4, true),
 (E'flirting', 0.8, true),
 (E'flirts', 0.7, true),
 (E'flirty', 0.6, true),
 (E'flop', -1.4, true),
 (E'flops', -1.4, true),
 (E'flu', -1.6, true),
 (E'flunk', -1.3, true),
 (E'flunked', -2.1, true),
 (E'flunker', -1.9, true),
 (E'flunkers', -1.6, true),
 (E'flunkey', -1.8, true),
 (E'flunkeys', -0.6, true),
 (E'flunkies', -1.4, true),
 (E'flunking', -1.5, true),
 (E'flunks', -1.8, true),
 (E'flunky', -1.8, true),
 (E'flustered', -1.0, true),
 (E'focused', 1.6, true),
 (E'foe', -1.9, true),
 (E'foehns', 0.2, true),
 (E'foeman', -1.8, true),
 (E'foemen', -0.3, true),
 (E'foes', -2.0, true),
 (E'foetal', -0.1, true),
 (E'foetid', -2.3, true),
 (E'foetor', -3.0, true),
 (E'foetors', -2.1, true),
 (E'foetus', 0.2, true),
 (E'foetuses', 0.2, true),
 (E'fond', 1.9, true),
 (E'fondly', 1.9, true),
 (E'fondness', 2.5, true),
 (E'fool', -1.9, true),
 (E'fooled', -1.6, true),
 (E'fooleries', -1.8, true),
 (E'foolery', -1.8, true),
 (E'foolfish', -0.8, true),
 (E'foolfishes', -0.4, true),
 (E'foolhardier', -1.5, true),
 (E'foolhardiest', -1.3, true),
 (E'foolhardily', -1.0, true),
 (E'foolhardiness', -1.6, true),
 (E'foolhardy', -1.4, true),
 (E'fooling', -1.7, true),
 (E'foolish', -1.1, true),
 (E'foolisher', -1.7, true),
 (E'foolishest', -1.4, true),
 (E'foolishly', -1.8, true),
 (E'foolishness', -1.8, true),
 (E'foolishnesses', -2.0, true),
 (E'foolproof', 1.6, true),
 (E'fools', -2.2, true),
 (E'foolscaps', -0.8, true),
 (E'forbid', -1.3, true),
 (E'forbiddance', -1.4, true),
 (E'forbiddances', -1.0, true),
 (E'forbidden', -1.8, true),
 (E'forbidder', -1.6, true),
 (E'forbidders', -1.5, true),
 (E'forbidding', -1.9, true),
 (E'forbiddingly', -1.9, true),
 (E'forbids', -1.3, true),
 (E'forced', -2.0, true),
 (E'foreclosure', -0.5, true),
 (E'foreclosures', -2.4, true),
 (E'forgave', 1.4, true),
 (E'forget', -0.9, true),
 (E'forgetful', -1.1, true),
 (E'forgivable', 1.7, true),
 (E'forgivably', 1.6, true),
 (E'forgive', 1.1, true),
 (E'forgiven', 1.6, true),
 (E'forgiveness', 1.1, true),
 (E'forgiver', 1.7, true),
 (E'forgivers', 1.2, true),
 (E'forgives', 1.7, true),
 (E'forgiving', 1.9, true),
 (E'forgivingly', 1.4, true),
 (E'forgivingness', 1.8, true),
 (E'forgotten', -0.9, true),
 (E'fortunate', 1.9, true),
 (E'fought', -1.3, true),
 (E'foughten', -1.9, true),
 (E'frantic', -1.9, true),
 (E'frantically', -1.4, true),
 (E'franticness', -0.7, true),
 (E'fraud', -2.8, true),
 (E'frauds', -2.3, true),
 (E'fraudster', -2.5, true),
 (E'fraudsters', -2.4, true),
 (E'fraudulence', -2.3, true),
 (E'fraudulent', -2.2, true),
 (E'freak', -1.9, true),
 (E'freaked', -1.2, true),
 (E'freakier', -1.3, true),
 (E'freakiest', -1.6, true),
 (E'freakiness', -1.4, true),
 (E'freaking', -1.8, true),
 (E'freakish', -2.1, true),
 (E'freakishly', -0.8, true),
 (E'freakishness', -1.4, true),
 (E'freakout', -1.8, true),
 (E'freakouts', -1.5, true),
 (E'freaks', -0.4, true),
 (E'freaky', -1.5, true),
 (E'free', 2.3, true),
 (E'freebase', -0.1, true),
 (E'freebased', 0.8, true),
 (E'freebases', 0.8, true),
 (E'freebasing', -0.4, true),
 (E'freebee', 1.3, true),
 (E'freebees', 1.3, true),
 (E'freebie', 1.8, true),
 (E'freebies', 1.8, true),
 (E'freeboard', 0.3, true),
 (E'freeboards', 0.7, true),
 (E'freeboot', -0.7, true),
 (E'freebooter', -1.7, true),
 (E'freebooters', -0.2, true),
 (E'freebooting', -0.8, true),
 (E'freeborn', 1.2, true),
 (E'freed', 1.7, true),
 (E'freedman', 1.1, true),
 (E'freedmen', 0.7, true),
 (E'freedom', 3.2, true),
 (E'freedoms', 1.2, true),
 (E'freedwoman', 1.6, true),
 (E'freedwomen', 1.3, true),
 (E'freeform', 0.9, true),
 (E'freehand', 0.5, true),
 (E'freehanded', 1.4, true),
 (E'freehearted', 1.5, true),
 (E'freehold', 0.7, true),
 (E'freeholder', 0.5, true),
 (E'freeholders', 0.1, true),
 (E'freeholds', 1.0, true),
 (E'freeing', 2.1, true),
 (E'freelance', 1.2, true),
 (E'freelanced', 0.7, true),
 (E'freelancer', 1.1, true),
 (E'freelancers', 0.4, true),
 (E'freelances', 0.7, true),
 (E'freelancing', 0.4, true),
 (E'freeload', -1.9, true),
 (E'freeloaded', -1.6, true),
 (E'freeloader', -0.7, true),
 (E'freeloaders', -0.1, true),
 (E'freeloading', -1.3, true),
 (E'freeloads', -1.3, true),
 (E'freely', 1.9, true),
 (E'freeman', 1.7, true),
 (E'freemartin', -0.5, true),
 (E'freemasonries', 0.7, true),
 (E'freemasonry', 0.3, true),
 (E'freemen', 1.5, true),
 (E'freeness', 1.6, true),
 (E'freenesses', 1.7, true),
 (E'freer', 1.1, true),
 (E'freers', 1.0, true),
 (E'frees', 1.2, true),
 (E'freesia', 0.4, true),
 (E'freesias', 0.4, true),
 (E'freest', 1.6, true),
 (E'freestanding', 1.1, true),
 (E'freestyle', 0.7, true),
 (E'freestyler', 0.4, true),
 (E'freestylers', 0.8, true),
 (E'freestyles', 0.3, true),
 (E'freethinker', 1.0, true),
 (E'freethinkers', 1.0, true),
 (E'freethinking', 1.1, true),
 (E'freeware', 0.7, true),
 (E'freeway', 0.2, true),
 (E'freewheel', 0.5, true),
 (E'freewheeled', 0.3, true),
 (E'freewheeler', 0.2, true),
 (E'freewheelers', -0.3, true),
 (E'freewheeling', 0.5, true),
 (E'freewheelingly', 0.8, true),
 (E'freewheels', 0.6, true),
 (E'freewill', 1.0, true),
 (E'freewriting', 0.8, true),
 (E'freeze', 0.2, true),
 (E'freezers', -0.1, true),
 (E'freezes', -0.1, true),
 (E'freezing', -0.4, true),
 (E'freezingly', -1.6, true),
 (E'frenzy', -1.3, true),
 (E'fresh', 1.3, true),
 (E'friend', 2.2, true),
 (E'friended', 1.7, true),
 (E'friending', 1.8, true),
 (E'friendless', -1.5, true),
 (E'friendlessness', -0.3, true),
 (E'friendlier', 2.0, true),
 (E'friendlies', 2.2, true),
 (E'friendliest', 2.6, true),
 (E'friendlily', 1.8, true),
 (E'friendliness', 2.0, true),
 (E'friendly', 2.2, true),
 (E'friends', 2.1, true),
 (E'friendship', 1.9, true),
 (E'friendships', 1.6, true),
 (E'fright', -1.6, true),
 (E'frighted', -1.4, true),
 (E'frighten', -1.4, true),
 (E'frightened', -1.9, true),
 (E'frightening', -2.2, true),
 (E'frighteningly', -2.1, true),
 (E'frightens', -1.7, true),
 (E'frightful', -2.3, true),
 (E'frightfully', -1.7, true),
 (E'frightfulness', -1.9, true),
 (E'frighting', -1.5, true),
 (E'frights', -1.1, true),
 (E'frisky', 1.0, true),
 (E'frowning', -1.4, true),
 (E'frustrate', -2.0, true),
 (E'frustrated', -2.4, true),
 (E'frustrates', -1.9, true),
 (E'frustrating', -1.9, true),
 (E'frustratingly', -2.0, true),
 (E'frustration', -2.1, true),
 (E'frustrations', -2.0, true),
 (E'fuck', -2.5, true),
 (E'fucked', -3.4, true),
 (E'fucker', -3.3, true),
 (E'fuckers', -2.9, true),
 (E'fuckface', -3.2, true),
 (E'fuckhead', -3.1, true),
 (E'fucks', -2.1, true),
 (E'fucktard', -3.1, true),
 (E'fud', -1.1, true),
 (E'fuked', -2.5, true),
 (E'fuking', -3.2, true),
 (E'fulfill', 1.9, true),
 (E'fulfilled', 1.8, true),
 (E'fulfills', 1.0, true),
 (E'fume', -1.2, true),
 (E'fumed', -1.8, true),
 (E'fumeless', 0.3, true),
 (E'fumelike', -0.7, true),
 (E'fumer', 0.7, true),
 (E'fumers', -0.8, true),
 (E'fumes', -0.1, true),
 (E'fumet', 0.4, true),
 (E'fumets', -0.4, true),
 (E'fumette', -0.6, true),
 (E'fuming', -2.7, true),
 (E'fun', 2.3, true),
 (E'funeral', -1.5, true),
 (E'funerals', -1.6, true),
 (E'funky', -0.4, true),
 (E'funned', 2.3, true),
 (E'funnel', 0.1, true),
 (E'funneled', 0.1, true),
 (E'funnelform', 0.5, true),
 (E'funneling', -0.1, true),
 (E'funnelled', -0.1, true),
 (E'funnelling', 0.1, true),
 (E'funnels', 0.4, true),
 (E'funner', 2.2, true),
 (E'funnest', 2.9, true),
 (E'funnier', 1.7, true),
 (E'funnies', 1.3, true),
 (E'funniest', 2.6, true),
 (E'funnily', 1.9, true),
 (E'funniness', 1.8, true),
 (E'funninesses', 1.6, true),
 (E'funning', 1.8, true),
 (E'funny', 1.9, true),
 (E'funnyman', 1.4, true),
 (E'funnymen', 1.3, true),
 (E'furious', -2.7, true),
 (E'furiously', -1.9, true),
 (E'fury', -2.7, true),
 (E'futile', -1.9, true),
 (E'gag', -1.4, true),
 (E'gagged', -1.3, true),
 (E'gain', 2.4, true),
 (E'gained', 1.6, true),
 (E'gaining', 1.8, true),
 (E'gains', 1.4, true),
 (E'gallant', 1.7, true),
 (E'gallantly', 1.9, true),
 (E'gallantry', 2.6, true),
 (E'geek', -0.8, true),
 (E'geekier', 0.2, true),
 (E'geekiest', -0.1, true),
 (E'geeks', -0.4, true),
 (E'geeky', -0.6, true),
 (E'generosities', 2.6, true),
 (E'generosity', 2.3, true),
 (E'generous', 2.3, true),
 (E'generously', 1.8, true),
 (E'generousness', 2.4, true),
 (E'genial', 1.8, true),
 (E'gentle', 1.9, true),
 (E'gentler', 1.4, true),
 (E'gentlest', 1.8, true),
 (E'gently', 2.0, true),
 (E'ghost', -1.3, true),
 (E'giddy', -0.6, true),
 (E'gift', 1.9, true),
 (E'giggle', 1.8, true),
 (E'giggled', 1.5, true),
 (E'giggler', 0.6, true),
 (E'gigglers', 1.4, true),
 (E'giggles', 0.8, true),
 (E'gigglier', 1.0, true),
 (E'giggliest', 1.7, true),
 (E'giggling', 1.5, true),
 (E'gigglingly', 1.1, true),
 (E'giggly', 1.0, true),
 (E'giver', 1.4, true),
 (E'givers', 1.7, true),
 (E'giving', 1.4, true),
 (E'glad', 2.0, true),
 (E'gladly', 1.4, true),
 (E'glamor', 2.1, true),
 (E'glamorise', 1.3, true),
 (E'glamorised', 1.8, true),
 (E'glamorises', 2.1, true),
 (E'glamorising', 1.2, true),
 (E'glamorization', 1.6, true),
 (E'glamorize', 1.7, true),
 (E'glamorized', 2.1, true),
 (E'glamorizer', 2.4, true),
 (E'glamorizers', 1.6, true),
 (E'glamorizes', 2.4, true),
 (E'glamorizing', 1.8, true),
 (E'glamorous', 2.3, true),
 (E'glamorously', 2.1, true),
 (E'glamors', 1.4, true),
 (E'glamour', 2.4, true),
 (E'glamourize', 0.8, true),
 (E'glamourless', -1.6, true),
 (E'glamourous', 2.0, true),
 (E'glamours', 1.9, true),
 (E'glee', 3.2, true),
 (E'gleeful', 2.9, true),
 (E'gloom', -2.6, true),
 (E'gloomed', -1.9, true),
 (E'gloomful', -2.1, true),
 (E'gloomier', -1.5, true),
 (E'gloomiest', -1.8, true),
 (E'gloominess', -1.8, true),
 (E'gloominesses', -1.0, true),
 (E'glooming', -1.8, true),
 (E'glooms', -0.9, true),
 (E'gloomy', -0.6, true),
 (E'gloried', 2.4, true),
 (E'glories', 2.1, true),
 (E'glorification', 2.0, true),
 (E'glorified', 2.3, true),
 (E'glorifier', 2.3, true),
 (E'glorifiers', 1.6, true),
 (E'glorifies', 2.2, true),
 (E'glorify', 2.7, true),
 (E'glorifying', 2.4, true),
 (E'gloriole', 1.5, true),
 (E'glorioles', 1.2, true),
 (E'glorious', 3.2, true),
 (E'gloriously', 2.9, true),
 (E'gloriousness', 2.6, true),
 (E'glory', 2.5, true),
 (E'glum', -2.1, true),
 (E'gn8', 0.6, true),
 (E'god', 1.1, true),
 (E'goddam', -2.5, true),
 (E'goddammed', -2.4, true),
 (E'goddamn', -2.1, true),
 (E'goddamned', -1.8, true),
 (E'goddamns', -2.1, true),
 (E'goddams', -1.9, true),
 (E'godsend', 2.8, true),
 (E'good', 1.9, true),
 (E'goodness', 2.0, true),
 (E'gorgeous', 3.0, true),
 (E'gorgeously', 2.3, true),
 (E'gorgeousness', 2.9, true),
 (E'gorgeousnesses', 2.1, true),
 (E'gossip', -0.7, true),
 (E'gossiped', -1.1, true),
 (E'gossiper', -1.1, true),
 (E'gossipers', -1.1, true),
 (E'gossiping', -1.6, true),
 (E'gossipmonger', -1.0, true),
 (E'gossipmongers', -1.4, true),
 (E'gossipped', -1.3, true),
 (E'gossipping', -1.8, true),
 (E'gossipries', -0.8, true),
 (E'gossipry', -1.2, true),
 (E'gossips', -1.3, true),
 (E'gossipy', -1.3, true),
 (E'grace', 1.8, true),
 (E'graced', 0.9, true),
 (E'graceful', 2.0, true),
 (E'gracefuller', 2.2, true),
 (E'gracefullest', 2.8, true),
 (E'gracefully', 2.4, true),
 (E'gracefulness', 2.2, true),
 (E'graces', 1.6, true),
 (E'gracile', 1.7, true),
 (E'graciles', 0.6, true),
 (E'gracilis', 0.4, true),
 (E'gracility', 1.2, true),
 (E'gracing', 1.3, true),
 (E'gracioso', 1.0, true),
 (E'gracious', 2.6, true),
 (E'graciously', 2.3, true),
 (E'graciousness', 2.4, true),
 (E'grand', 2.0, true),
 (E'grandee', 1.1, true),
 (E'grandees', 1.2, true),
 (E'grander', 1.7, true),
 (E'grandest', 2.4, true),
 (E'grandeur', 2.4, true),
 (E'grandeurs', 2.1, true),
 (E'grant', 1.5, true),
 (E'granted', 1.0, true),
 (E'granting', 1.3, true),
 (E'grants', 0.9, true),
 (E'grateful', 2.0, true),
 (E'gratefuller', 1.8, true),
 (E'gratefully', 2.1, true),
 (E'gratefulness', 2.2, true),
 (E'graticule', 0.1, true),
 (E'graticules', 0.2, true),
 (E'gratification', 1.6, true),
 (E'gratifications', 1.8, true),
 (E'gratified', 1.6, true),
 (E'gratifies', 1.5, true),
 (E'gratify', 1.3, true),
 (E'gratifying', 2.3, true),
 (E'gratifyingly', 2.0, true),
 (E'gratin', 0.4, true),
 (E'grating', -0.4, true),
 (E'gratingly', -0.2, true),
 (E'gratings', -0.8, true),
 (E'gratins', 0.2, true),
 (E'gratis', 0.2, true),
 (E'gratitude', 2.3, true),
 (E'gratz', 2.0, true),
 (E'grave', -1.6, true),
 (E'graved', -0.9, true),
 (E'gravel', -0.5, true),
 (E'graveled', -0.5, true),
 (E'graveless', -1.3, true),
 (E'graveling', -0.4, true),
 (E'gravelled', -0.9, true),
 (E'gravelling', -0.4, true),
 (E'gravelly', -0.9, true),
 (E'gravels', -0.5, true),
 (E'gravely', -1.5, true),
 (E'graven', -0.9, true),
 (E'graveness', -1.5, true),
 (E'graver', -1.1, true),
 (E'gravers', -1.2, true),
 (E'graves', -1.2, true),
 (E'graveside', -0.8, true),
 (E'gravesides', -1.6, true),
 (E'gravest', -1.3, true),
 (E'gravestone', -0.7, true),
 (E'gravestones', -0.5, true),
 (E'graveyard', -1.2, true),
 (E'graveyards', -1.2, true),
 (E'great', 3.1, true),
 (E'greater', 1.5, true),
 (E'greatest', 3.2, true),
 (E'greed', -1.7, true),
 (E'greedier', -2.0, true),
 (E'greediest', -2.8, true),
 (E'greedily', -1.9, true),
 (E'greediness', -1.7, true),
 (E'greeds', -1.0, true),
 (E'greedy', -1.3, true),
 (E'greenwash', -1.8, true),
 (E'greenwashing', -0.4, true),
 (E'greet', 1.3, true),
 (E'greeted', 1.1, true),
 (E'greeting', 1.6, true),
 (E'greetings', 1.8, true),
 (E'greets', 0.6, true),
 (E'grey', 0.2, true),
 (E'grief', -2.2, true),
 (E'grievance', -2.1, true),
 (E'grievances', -1.5, true),
 (E'grievant', -0.8, true),
 (E'grievants', -1.1, true),
 (E'grieve', -1.6, true),
 (E'grieved', -2.0, true),
 (E'griever', -1.9, true),
 (E'grievers', -0.3, true),
 (E'grieves', -2.1, true),
 (E'grieving', -2.3, true),
 (E'grievous', -2.0, true),
 (E'grievously', -1.7, true),
 (E'grievousness', -2.7, true),
 (E'grim', -2.7, true),
 (E'grimace', -1.0, true),
 (E'grimaced', -2.0, true),
 (E'grimaces', -1.8, true),
 (E'grimacing', -1.4, true),
 (E'grimalkin', -0.9, true),
 (E'grimalkins', -0.9, true),
 (E'grime', -1.5, true),
 (E'grimed', -1.2, true),
 (E'grimes', -1.0, true),
 (E'grimier', -1.6, true),
 (E'grimiest', -0.7, true),
 (E'grimily', -0.7, true),
 (E'griminess', -1.6, true),
 (E'griming', -0.7, true),
 (E'grimly', -1.3, true),
 (E'grimmer', -1.5, true),
 (E'grimmest', -0.8, true),
 (E'grimness', -0.8, true),
 (E'grimy', -1.8, true),
 (E'grin', 2.1, true),
 (E'grinned', 1.1, true),
 (E'grinner', 1.1, true),
 (E'grinners', 1.6, true),
 (E'grinning', 1.5, true),
 (E'grins', 0.9, true),
 (E'gross', -2.1, true),
 (E'grossed', -0.4, true),
 (E'grosser', -0.3, true),
 (E'grosses', -0.8, true),
 (E'grossest', -2.1, true),
 (E'grossing', -0.3, true),
 (E'grossly', -0.9, true),
 (E'grossness', -1.8, true),
 (E'grossular', -0.3, true),
 (E'grossularite', -0.1, true),
 (E'grossularites', -0.7, true),
 (E'grossulars', -0.3, true),
 (E'grouch', -2.2, true),
 (E'grouched', -0.8, true),
 (E'grouches', -0.9, true),
 (E'grouchier', -2.0, true),
 (E'grouchiest', -2.3, true),
 (E'grouchily', -1.4, true),
 (E'grouchiness', -2.0, true),
 (E'grouching', -1.7, true),
 (E'grouchy', -1.9, true),
 (E'growing', 0.7, true),
 (E'growth', 1.6, true),
 (E'guarantee', 1.0, true),
 (E'guilt', -1.1, true),
 (E'guiltier', -2.0, true),
 (E'guiltiest', -1.7, true),
 (E'guiltily', -1.1, true),
 (E'guiltiness', -1.8, true),
 (E'guiltless', 0.8, true),
 (E'guiltlessly', 0.7, true),
 (E'guiltlessness', 0.6, true),
 (E'guilts', -1.4, true),
 (E'guilty', -1.8, true),
 (E'gullibility', -1.6, true),
 (E'gullible', -1.5, true),
 (E'gun', -1.4, true),
 (E'h8', -2.7, true),
 (E'ha', 1.4, true),
 (E'hacked', -1.7, true),
 (E'haha', 2.0, true),
 (E'hahaha', 2.6, true),
 (E'hahas', 1.8, true),
 (E'hail', 0.3, true),
 (E'hailed', 0.9, true),
 (E'hallelujah', 3.0, true),
 (E'handsome', 2.2, true),
 (E'handsomely', 1.9, true),
 (E'handsomeness', 2.4, true),
 (E'handsomer', 2.0, true),
 (E'handsomest', 2.6, true),
 (E'hapless', -1.4, true),
 (E'haplessness', -1.4, true),
 (E'happier', 2.4, true),
 (E'happiest', 3.2, true),
 (E'happily', 2.6, true),
 (E'happiness', 2.6, true),
 (E'happing', 1.1, true),
 (E'happy', 2.7, true),
 (E'harass', -2.2, true),
 (E'harassed', -2.5, true),
 (E'harasser', -2.4, true),
 (E'harassers', -2.8, true),
 (E'harasses', -2.5, true),
 (E'harassing', -2.5, true),
 (E'harassment', -2.5, true),
 (E'harassments', -2.6, true),
 (E'hard', -0.4, true),
 (E'hardier', -0.6, true),
 (E'hardship', -1.3, true),
 (E'hardy', 1.7, true),
 (E'harm', -2.5, true),
 (E'harmed', -2.1, true),
 (E'harmfully', -2.6, true),
 (E'harmfulness', -2.6, true),
 (E'harming', -2.6, true),
 (E'harmless', 1.0, true),
 (E'harmlessly', 1.4, true),
 (E'harmlessness', 0.8, true),
 (E'harmonic', 1.8, true),
 (E'harmonica', 0.6, true),
 (E'harmonically', 2.1, true),
 (E'harmonicas', 0.1, true),
 (E'harmonicist', 0.5, true),
 (E'harmonicists', 0.9, true),
 (E'harmonics', 1.5, true),
 (E'harmonies', 1.3, true),
 (E'harmonious', 2.0, true),
 (E'harmoniously', 1.9, true),
 (E'harmoniousness', 1.8, true),
 (E'harmonise', 1.8, true),
 (E'harmonised', 1.3, true),
 (E'harmonising', 1.4, true),
 (E'harmonium', 0.9, true),
 (E'harmoniums', 0.8, true),
 (E'harmonization', 1.9, true),
 (E'harmonizations', 0.9, true),
 (E'harmonize', 1.7, true),
 (E'harmonized', 1.6, true),
 (E'harmonizer', 1.6, true),
 (E'harmonizers', 1.6, true),
 (E'harmonizes', 1.5, true),
 (E'harmonizing', 1.4, true),
 (E'harmony', 1.7, true),
 (E'harms', -2.2, true),
 (E'harried', -1.4, true),
 (E'harsh', -1.9, true),
 (E'harsher', -2.2, true),
 (E'harshest', -2.9, true),
 (E'hate', -2.7, true),
 (E'hated', -3.2, true),
 (E'hateful', -2.2, true),
 (E'hatefully', -2.3, true),
 (E'hatefulness', -3.6, true),
 (E'hater', -1.8, true),
 (E'haters', -2.2, true),
 (E'hates', -1.9, true),
 (E'hating', -2.3, true),
 (E'hatred', -3.2, true),
 (E'haunt', -1.7, true),
 (E'haunted', -2.1, true),
 (E'haunting', -1.1, true),
 (E'haunts', -1.0, true),
 (E'havoc', -2.9, true),
 (E'healthy', 1.7, true),
 (E'heartbreak', -2.7, true),
 (E'heartbreaker', -2.2, true),
 (E'heartbreakers', -2.1, true),
 (E'heartbreaking', -2.0, true),
 (E'heartbreakingly', -1.8, true),
 (E'heartbreaks', -1.8, true),
 (E'heartbroken', -3.3, true),
 (E'heartfelt', 2.5, true),
 (E'heartless', -2.2, true),
 (E'heartlessly', -2.8, true),
 (E'heartlessness', -2.8, true),
 (E'heartwarming', 2.1, true),
 (E'heaven', 2.3, true),
 (E'heavenlier', 3.0, true),
 (E'heavenliest', 2.7, true),
 (E'heavenliness', 2.7, true),
 (E'heavenlinesses', 2.3, true),
 (E'heavenly', 3.0, true),
 (E'heavens', 1.7, true),
 (E'heavenward', 1.4, true),
 (E'heavenwards', 1.2, true),
 (E'heavyhearted', -2.1, true),
 (E'heh', -0.6, true),
 (E'hell', -3.6, true),
 (E'hellish', -3.2, true),
 (E'help', 1.7, true),
 (E'helper', 1.4, true),
 (E'helpers', 1.1, true),
 (E'helpful', 1.8, true),
 (E'helpfully', 2.3, true),
 (E'helpfulness', 1.9, true),
 (E'helping', 1.2, true),
 (E'helpless', -2.0, true),
 (E'helplessly', -1.4, true),
 (E'helplessness', -2.1, true),
 (E'helplessnesses', -1.7, true),
 (E'helps', 1.6, true),
 (E'hero', 2.6, true),
 (E'heroes', 2.3, true),
 (E'heroic', 2.6, true),
 (E'heroical', 2.9, true),
 (E'heroically', 2.4, true),
 (E'heroicomic', 1.0, true),
 (E'heroicomical', 1.1, true),
 (E'heroics', 2.4, true),
 (E'heroin', -2.2, true),
 (E'heroine', 2.7, true),
 (E'heroines', 1.8, true),
 (E'heroinism', -2.0, true),
 (E'heroism', 2.8, true),
 (E'heroisms', 2.2, true),
 (E'heroize', 2.1, true),
 (E'heroized', 2.0, true),
 (E'heroizes', 2.2, true),
 (E'heroizing', 1.9, true),
 (E'heron', 0.1, true),
 (E'heronries', 0.7, true),
 (E'heronry', 0.1, true),
 (E'herons', 0.5, true),
 (E'heros', 1.3, true),
 (E'hesitance', -0.9, true),
 (E'hesitancies', -1.0, true),
 (E'hesitancy', -0.9, true),
 (E'hesitant', -1.0, true),
 (E'hesitantly', -1.2, true),
 (E'hesitate', -1.1, true),
 (E'hesitated', -1.3, true),
 (E'hesitater', -1.4, true),
 (E'hesitaters', -1.4, true),
 (E'hesitates', -1.4, true),
 (E'hesitating', -1.4, true),
 (E'hesitatingly', -1.5, true),
 (E'hesitation', -1.1, true),
 (E'hesitations', -1.1, true),
 (E'hid', -0.4, true),
 (E'hide', -0.7, true),
 (E'hides', -0.7, true),
 (E'hiding', -1.2, true),
 (E'highlight', 1.4, true),
 (E'hilarious', 1.7, true),
 (E'hindrance', -1.7, true),
 (E'hoax', -1.1, true),
 (E'holiday', 1.7, true),
 (E'holidays', 1.6, true),
 (E'homesick', -0.7, true),
 (E'homesickness', -1.8, true),
 (E'homesicknesses', -1.8, true),
 (E'honest', 2.3, true),
 (E'honester', 1.9, true),
 (E'honestest', 3.0, true),
 (E'honesties', 1.8, true),
 (E'honestly', 2.0, true),
 (E'honesty', 2.2, true),
 (E'honor', 2.2, true),
 (E'honorability', 2.2, true),
 (E'honorable', 2.5, true),
 (E'honorableness', 2.2, true),
 (E'honorably', 2.4, true),
 (E'honoraria', 0.6, true),
 (E'honoraries', 1.5, true),
 (E'honorarily', 1.9, true),
 (E'honorarium', 0.7, true),
 (E'honorariums', 1.0, true),
 (E'honorary', 1.4, true),
 (E'honored', 2.8, true),
 (E'honoree', 2.1, true),
 (E'honorees', 2.3, true),
 (E'honorer', 1.7, true),
 (E'honorers', 1.3, true),
 (E'honorific', 1.4, true),
 (E'honorifically', 2.2, true),
 (E'honorifics', 1.7, true),
 (E'honoring', 2.3, true),
 (E'honors', 2.3, true),
 (E'honour', 2.7, true),
 (E'honourable', 2.1, true),
 (E'honoured', 2.2, true),
 (E'honourer', 1.8, true),
 (E'honourers', 1.6, true),
 (E'honouring', 2.1, true),
 (E'honours', 2.2, true),
 (E'hooligan', -1.5, true),
 (E'hooliganism', -2.1, true),
 (E'hooligans', -1.1, true),
 (E'hooray', 2.3, true),
 (E'hope', 1.9, true),
 (E'hoped', 1.6, true),
 (E'hopeful', 2.3, true),
 (E'hopefully', 1.7, true),
 (E'hopefulness', 1.6, true),
 (E'hopeless', -2.0, true),
 (E'hopelessly', -2.2, true),
 (E'hopelessness', -3.1, true),
 (E'hopes', 1.8, true),
 (E'hoping', 1.8, true),
 (E'horrendous', -2.8, true),
 (E'horrendously', -1.9, true),
 (E'horrent', -0.9, true),
 (E'horrible', -2.5, true),
 (E'horribleness', -2.4, true),
 (E'horribles', -2.1, true),
 (E'horribly', -2.4, true),
 (E'horrid', -2.5, true),
 (E'horridly', -1.4, true),
 (E'horridness', -2.3, true),
 (E'horridnesses', -3.0, true),
 (E'horrific', -3.4, true),
 (E'horrifically', -2.9, true),
 (E'horrified', -2.5, true),
 (E'horrifies', -2.9, true),
 (E'horrify', -2.5, true),
 (E'horrifying', -2.7, true),
 (E'horrifyingly', -3.3, true),
 (E'horror', -2.7, true),
 (E'horrors', -2.7, true),
 (E'hostile', -1.6, true),
 (E'hostilely', -2.2, true),
 (E'hostiles', -1.3, true),
 (E'hostilities', -2.1, true),
 (E'hostility', -2.5, true),
 (E'huckster', -0.9, true),
 (E'hug', 2.1, true),
 (E'huge', 1.3, true),
 (E'huggable', 1.6, true),
 (E'hugged', 1.7, true),
 (E'hugger', 1.6, true),
 (E'huggers', 1.8, true),
 (E'hugging', 1.8, true),
 (E'hugs', 2.2, true),
 (E'humerous', 1.4, true),
 (E'humiliate', -2.5, true),
 (E'humiliated', -1.4, true),
 (E'humiliates', -1.0, true),
 (E'humiliating', -1.2, true),
 (E'humiliatingly', -2.6, true),
 (E'humiliation', -2.7, true),
 (E'humiliations', -2.4, true),
 (E'humor', 1.1, true),
 (E'humoral', 0.6, true),
 (E'humored', 1.2, true),
 (E'humoresque', 1.2, true),
 (E'humoresques', 0.9, true),
 (E'humoring', 2.1, true),
 (E'humorist', 1.2, true),
 (E'humoristic', 1.5, true),
 (E'humorists', 1.3, true),
 (E'humorless', -1.3, true),
 (E'humorlessness', -1.4, true),
 (E'humorous', 1.6, true),
 (E'humorously', 2.3, true),
 (E'humorousness', 2.4, true),
 (E'humors', 1.6, true),
 (E'humour', 2.1, true),
 (E'humoured', 1.1, true),
 (E'humouring', 1.7, true),
 (E'humourous', 2.0, true),
 (E'hunger', -1.0, true),
 (E'hurrah', 2.6, true),
 (E'hurrahed', 1.9, true),
 (E'hurrahing', 2.4, true),
 (E'hurrahs', 2.1, true),
 (E'hurray', 2.7, true),
 (E'hurrayed', 1.8, true),
 (E'hurraying', 1.2, true),
 (E'hurrays', 2.4, true),
 (E'hurt', -2.4, true),
 (E'hurter', -2.3, true),
 (E'hurters', -1.9, true),
 (E'hurtful', -2.4, true),
 (E'hurtfully', -2.6, true),
 (E'hurtfulness', -1.9, true),
 (E'hurting', -1.7, true),
 (E'hurtle', -0.3, true),
 (E'hurtled', -0.6, true),
 (E'hurtles', -1.0, true),
 (E'hurtless', 0.3, true),
 (E'hurtling', -1.4, true),
 (E'hurts', -2.1, true),
 (E'hypocritical', -2.0, true),
 (E'hysteria', -1.9, true),
 (E'hysterical', -0.1, true),
 (E'hysterics', -1.8, true),
 (E'ideal', 2.4, true),
 (E'idealess', -1.9, true),
 (E'idealise', 1.4, true),
 (E'idealised', 2.1, true),
 (E'idealises', 2.0, true),
 (E'idealising', 0.6, true),
 (E'idealism', 1.7, true),
 (E'idealisms', 0.8, true),
 (E'idealist', 1.6, true),
 (E'idealistic', 1.8, true),
 (E'idealistically', 1.7, true),
 (E'idealists', 0.7, true),
 (E'idealities', 1.5, true),
 (E'ideality', 1.9, true),
 (E'idealization', 1.8, true),
 (E'idealizations', 1.4, true),
 (E'idealize', 1.2, true),
 (E'idealized', 1.8, true),
 (E'idealizer', 1.3, true),
 (E'idealizers', 1.9, true),
 (E'idealizes', 2.0, true),
 (E'idealizing', 1.4, true),
 (E'idealless', -1.7, true),
 (E'ideally', 1.8, true),
 (E'idealogues', 0.5, true),
 (E'idealogy', 0.8, true),
 (E'ideals', 0.8, true),
 (E'idiot', -2.3, true),
 (E'idiotic', -2.6, true),
 (E'ignorable', -1.0, true),
 (E'ignorami', -1.9, true),
 (E'ignoramus', -1.9, true),
 (E'ignoramuses', -2.3, true),
 (E'ignorance', -1.5, true),
 (E'ignorances', -1.2, true),
 (E'ignorant', -1.1, true),
 (E'ignorantly', -1.6, true),
 (E'ignorantness', -1.1, true),
 (E'ignore', -1.5, true),
 (E'ignored', -1.3, true),
 (E'ignorer', -1.3, true),
 (E'ignorers', -0.7, true),
 (E'ignores', -1.1, true),
 (E'ignoring', -1.7, true),
 (E'ill', -1.8, true),
 (E'illegal', -2.6, true),
 (E'illiteracy', -1.9, true),
 (E'illness', -1.7, true),
 (E'illnesses', -2.2, true),
 (E'imbecile', -2.2, true),
 (E'immobilized', -1.2, true),
 (E'immoral', -2.0, true),
 (E'immoralism', -1.6, true),
 (E'immoralist', -2.1, true),
 (E'immoralists', -1.7, true),
 (E'immoralities', -1.1, true),
 (E'immorality', -0.6, true),
 (E'immorally', -2.1, true),
 (E'immortal', 1.0, true),
 (E'immune', 1.2, true),
 (E'impatience', -1.8, true),
 (E'impatiens', -0.2, true),
 (E'impatient', -1.2, true),
 (E'impatiently', -1.7, true),
 (E'imperfect', -1.3, true),
 (E'impersonal', -1.3, true),
 (E'impolite', -1.6, true),
 (E'impolitely', -1.8, true),
 (E'impoliteness', -1.8, true),
 (E'impolitenesses', -2.3, true),
 (E'importance', 1.5, true),
 (E'importancies', 0.4, true),
 (E'importancy', 1.4, true),
 (E'important', 0.8, true),
 (E'importantly', 1.3, true),
 (E'impose', -1.2, true),
 (E'imposed', -0.3, true),
 (E'imposes', -0.4, true),
 (E'imposing', -0.4, true),
 (E'impotent', -1.1, true),
 (E'impress', 1.9, true),
 (E'impressed', 2.1, true),
 (E'impresses', 2.1, true),
 (E'impressibility', 1.2, true),
 (E'impressible', 0.8, true),
 (E'impressing', 2.5, true),
 (E'impression', 0.9, true),
 (E'impressionable', 0.2, true),
 (E'impressionism', 0.8, true),
 (E'impressionisms', 0.5, true),
 (E'impressionist', 1.0, true),
 (E'impressionistic', 1.5, true),
 (E'impressionistically', 1.6, true),
 (E'impressionists', 0.5, true),
 (E'impressions', 0.9, true),
 (E'impressive', 2.3, true),
 (E'impressively', 2.0, true),
 (E'impressiveness', 1.7, true),
 (E'impressment', -0.4, true),
 (E'impressments', 0.5, true),
 (E'impressure', 0.6, true),
 (E'imprisoned', -2.0, true),
 (E'improve', 1.9, true),
 (E'improved', 2.1, true),
 (E'improvement', 2.0, true),
 (E'improvements', 1.3, true),
 (E'improver', 1.8, true),
 (E'improvers', 1.3, true),
 (E'improves', 1.8, true),
 (E'improving', 1.8, true),
 (E'inability', -1.7, true),
 (E'inaction', -1.0, true),
 (E'inadequacies', -1.7, true),
 (E'inadequacy', -1.7, true),
 (E'inadequate', -1.7, true),
 (E'inadequately', -1.0, true),
 (E'inadequateness', -1.7, true),
 (E'inadequatenesses', -1.6, true),
 (E'incapable', -1.6, true),
 (E'incapacitated', -1.9, true),
 (E'incensed', -2.0, true),
 (E'incentive', 1.5, true),
 (E'incentives', 1.3, true),
 (E'incompetence', -2.3, true),
 (E'incompetent', -2.1, true),
 (E'inconsiderate', -1.9, true),
 (E'inconvenience', -1.5, true),
 (E'inconvenient', -1.4, true),
 (E'increase', 1.3, true),
 (E'increased', 1.1, true),
 (E'indecision', -0.8, true),
 (E'indecisions', -1.1, true),
 (E'indecisive', -1.0, true),
 (E'indecisively', -0.7, true),
 (E'indecisiveness', -1.3, true),
 (E'indecisivenesses', -0.9, true),
 (E'indestructible', 0.6, true),
 (E'indifference', -0.2, true),
 (E'indifferent', -0.8, true),
 (E'indignant', -1.8, true),
 (E'indignation', -2.4, true),
 (E'indoctrinate', -1.4, true),
 (E'indoctrinated', -0.4, true),
 (E'indoctrinates', -0.6, true),
 (E'indoctrinating', -0.7, true),
 (E'ineffective', -0.5, true),
 (E'ineffectively', -1.3, true),
 (E'ineffectiveness', -1.3, true),
 (E'ineffectual', -1.2, true),
 (E'ineffectuality', -1.6, true),
 (E'ineffectually', -1.1, true),
 (E'ineffectualness', -1.3, true),
 (E'infatuated', 0.2, true),
 (E'infatuation', 0.6, true),
 (E'infected', -2.2, true),
 (E'inferior', -1.7, true),
 (E'inferiorities', -1.9, true),
 (E'inferiority', -1.1, true),
 (E'inferiorly', -2.0, true),
 (E'inferiors', -0.5, true),
 (E'inflamed', -1.4, true),
 (E'influential', 1.9, true),
 (E'infringement', -2.1, true),
 (E'infuriate', -2.2, true),
 (E'infuriated', -3.0, true),
 (E'infuriates', -2.6, true),
 (E'infuriating', -2.4, true),
 (E'inhibin', -0.2, true),
 (E'inhibit', -1.6, true),
 (E'inhibited', -0.4, true),
 (E'inhibiting', -0.4, true),
 (E'inhibition', -1.5, true),
 (E'inhibitions', -0.8, true),
 (E'inhibitive', -1.4, true),
 (E'inhibitor', -0.3, true),
 (E'inhibitors', -1.0, true),
 (E'inhibitory', -1.0, true),
 (E'inhibits', -0.9, true),
 (E'injured', -1.7, true),
 (E'injury', -1.8, true),
 (E'injustice', -2.7, true),
 (E'innocence', 1.6, true),
 (E'innocency', 1.9, true),
 (E'innocent', 1.4, true),
 (E'innocenter', 0.9, true),
 (E'innocently', 1.4, true),
 (E'innocents', 1.1, true),
 (E'innovate', 2.2, true),
 (E'innovates', 2.0, true),
 (E'innovation', 1.6, true),
 (E'innovative', 1.9, true),
 (E'inquisition', -1.2, true),
 (E'inquisitive', 0.7, true),
 (E'insane', -1.7, true),
 (E'insanity', -2.7, true),
 (E'insecure', -1.8, true),
 (E'insecurely', -1.4, true),
 (E'insecureness', -1.8, true),
 (E'insecurities', -1.8, true),
 (E'insecurity', -1.8, true),
 (E'insensitive', -0.9, true),
 (E'insensitivity', -1.8, true),
 (E'insignificant', -1.4, true),
 (E'insincere', -1.8, true),
 (E'insincerely', -1.9, true),
 (E'insincerity', -1.4, true),
 (E'insipid', -2.0, true),
 (E'inspiration', 2.4, true),
 (E'inspirational', 2.3, true),
 (E'inspirationally', 2.3, true),
 (E'inspirations', 2.1, true),
 (E'inspirator', 1.9, true),
 (E'inspirators', 1.2, true),
 (E'inspiratory', 1.5, true),
 (E'inspire', 2.7, true),
 (E'inspired', 2.2, true),
 (E'inspirer', 2.2, true),
 (E'inspirers', 2.0, true),
 (E'inspires', 1.9, true),
 (E'inspiring', 1.8, true),
 (E'inspiringly', 2.6, true),
 (E'inspirit', 1.9, true),
 (E'inspirited', 1.3, true),
 (E'inspiriting', 1.8, true),
 (E'inspiritingly', 2.1, true),
 (E'inspirits', 0.8, true),
 (E'insult', -2.3, true),
 (E'insulted', -2.3, true),
 (E'insulter', -2.0, true),
 (E'insulters', -2.0, true),
 (E'insulting', -2.2, true),
 (E'insultingly', -2.3, true),
 (E'insults', -1.8, true),
 (E'intact', 0.8, true),
 (E'integrity', 1.6, true),
 (E'intellect', 2.0, true),
 (E'intellection', 0.6, true),
 (E'intellections', 0.8, true),
 (E'intellective', 1.7, true),
 (E'intellectively', 0.8, true),
 (E'intellects', 1.8, true),
 (E'intellectual', 2.3, true),
 (E'intellectualism', 2.2, true),
 (E'intellectualist', 2.0, true),
 (E'intellectualistic', 1.3, true),
 (E'intellectualists', 0.8, true),
 (E'intellectualities', 1.7, true),
 (E'intellectuality', 1.7, true),
 (E'intellectualization', 1.5, true),
 (E'intellectualize', 1.5, true),
 (E'intellectualized', 1.2, true),
 (E'intellectualizes', 1.8, true),
 (E'intellectualizing', 0.8, true),
 (E'intellectually', 1.4, true),
 (E'intellectualness', 1.5, true),
 (E'intellectuals', 1.6, true),
 (E'intelligence', 2.1, true),
 (E'intelligencer', 1.5, true),
 (E'intelligencers', 1.6, true),
 (E'intelligences', 1.6, true),
 (E'intelligent', 2.0, true),
 (E'intelligential', 1.9, true),
 (E'intelligently', 2.0, true),
 (E'intelligentsia', 1.5, true),
 (E'intelligibility', 1.5, true),
 (E'intelligible', 1.4, true),
 (E'intelligibleness', 1.5, true),
 (E'intelligibly', 1.2, true),
 (E'intense', 0.3, true),
 (E'interest', 2.0, true),
 (E'interested', 1.7, true),
 (E'interestedly', 1.5, true),
 (E'interesting', 1.7, true),
 (E'interestingly', 1.7, true),
 (E'interestingness', 1.8, true),
 (E'interests', 1.0, true),
 (E'interrogated', -1.6, true),
 (E'interrupt', -1.4, true),
 (E'interrupted', -1.2, true),
 (E'interrupter', -1.1, true),
 (E'interrupters', -1.3, true),
 (E'interruptible', -1.3, true),
 (E'interrupting', -1.2, true),
 (E'interruption', -1.5, true),
 (E'interruptions', -1.7, true),
 (E'interruptive', -1.4, true),
 (E'interruptor', -1.3, true),
 (E'interrupts', -1.3, true),
 (E'intimidate', -0.8, true),
 (E'intimidated', -1.9, true),
 (E'intimidates', -1.3, true),
 (E'intimidating', -1.9, true),
 (E'intimidatingly', -1.1, true),
 (E'intimidation', -1.8, true),
 (E'intimidations', -1.4, true),
 (E'intimidator', -1.6, true),
 (E'intimidators', -1.6, true),
 (E'intimidatory', -1.1, true),
 (E'intricate', 0.6, true),
 (E'intrigues', 0.9, true),
 (E'invigorate', 1.9, true),
 (E'invigorated', 0.8, true),
 (E'invigorates', 2.1, true),
 (E'invigorating', 2.1, true),
 (E'invigoratingly', 2.0, true),
 (E'invigoration', 1.5, true),
 (E'invigorations', 1.2, true),
 (E'invigorator', 1.1, true),
 (E'invigorators', 1.2, true),
 (E'invincible', 2.2, true),
 (E'invite', 0.6, true),
 (E'inviting', 1.3, true),
 (E'invulnerable', 1.3, true),
 (E'irate', -2.9, true),
 (E'ironic', -0.5, true),
 (E'irony', -0.2, true),
 (E'irrational', -1.4, true),
 (E'irrationalism', -1.5, true),
 (E'irrationalist', -2.1, true),
 (E'irrationalists', -1.5, true),
 (E'irrationalities', -1.5, true),
 (E'irrationality', -1.7, true),
 (E'irrationally', -1.6, true),
 (E'irrationals', -1.1, true),
 (E'irresistible', 1.4, true),
 (E'irresolute', -1.4, true),
 (E'irresponsible', -1.9, true),
 (E'irreversible', -0.8, true),
 (E'irritabilities', -1.7, true),
 (E'irritability', -1.4, true),
 (E'irritable', -2.1, true),
 (E'irritableness', -1.7, true),
 (E'irritably', -1.8, true),
 (E'irritant', -2.3, true),
 (E'irritants', -2.1, true),
 (E'irritate', -1.8, true),
 (E'irritated', -2.0, true),
 (E'irritates', -1.7, true),
 (E'irritating', -2.0, true),
 (E'irritatingly', -2.0, true),
 (E'irritation', -2.3, true),
 (E'irritations', -1.5, true),
 (E'irritative', -2.0, true),
 (E'isolatable', 0.2, true),
 (E'isolate', -0.8, true),
 (E'isolated', -1.3, true),
 (E'isolates', -1.3, true),
 (E'isolation', -1.7, true),
 (E'isolationism', 0.4, true),
 (E'isolationist', 0.7, true),
 (E'isolations', -0.5, true),
 (E'isolator', -0.4, true),
 (E'isolators', -0.4, true),
 (E'itchy', -1.1, true),
 (E'jackass', -1.8, true),
 (E'jackasses', -2.8, true),
 (E'jaded', -1.6, true),
 (E'jailed', -2.2, true),
 (E'jaunty', 1.2, true),
 (E'jealous', -2.0, true),
 (E'jealousies', -2.0, true),
 (E'jealously', -2.0, true),
 (E'jealousness', -1.7, true),
 (E'jealousy', -1.3, true),
 (E'jeopardy', -2.1, true),
 (E'jerk', -1.4, true),
 (E'jerked', -0.8, true),
 (E'jerks', -1.1, true),
 (E'jewel', 1.5, true),
 (E'jewels', 2.0, true),
 (E'jocular', 1.2, true),
 (E'join', 1.2, true),
 (E'joke', 1.2, true),
 (E'joked', 1.3, true),
 (E'joker', 0.5, true),
 (E'jokes', 1.0, true),
 (E'jokester', 1.5, true),
 (E'jokesters', 0.9, true),
 (E'jokey', 1.1, true),
 (E'joking', 0.9, true),
 (E'jollied', 2.4, true),
 (E'jollier', 2.4, true),
 (E'jollies', 2.0, true),
 (E'jolliest', 2.9, true),
 (E'jollification', 2.2, true),
 (E'jollifications', 2.0, true),
 (E'jollify', 2.1, true),
 (E'jollily', 2.7, true),
 (E'jolliness', 2.5, true),
 (E'jollities', 1.7, true),
 (E'jollity', 1.8, true),
 (E'jolly', 2.3, true),
 (E'jollying', 2.3, true),
 (E'jovial', 1.9, true),
 (E'joy', 2.8, true),
 (E'joyance', 2.3, true),
 (E'joyed', 2.9, true),
 (E'joyful', 2.9, true),
 (E'joyfuller', 2.4, true),
 (E'joyfully', 2.5, true),
 (E'joyfulness', 2.7, true),
 (E'joying', 2.5, true),
 (E'joyless', -2.5, true),
 (E'joylessly', -1.7, true),
 (E'joylessness', -2.7, true),
 (E'joyous', 3.1, true),
 (E'joyously', 2.9, true),
 (E'joyousness', 2.8, true),
 (E'joypop', -0.2, true),
 (E'joypoppers', -0.1, true),
 (E'joyridden', 0.6, true),
 (E'joyride', 1.1, true),
 (E'joyrider', 0.7, true),
 (E'joyriders', 1.3, true),
 (E'joyrides', 0.8, true),
 (E'joyriding', 0.9, true),
 (E'joyrode', 1.0, true),
 (E'joys', 2.2, true),
 (E'joystick', 0.7, true),
 (E'joysticks', 0.2, true),
 (E'jubilant', 3.0, true),
 (E'jumpy', -1.0, true),
 (E'justice', 2.4, true),
 (E'justifiably', 1.0, true),
 (E'justified', 1.7, true),
 (E'keen', 1.5, true),
 (E'keened', 0.3, true),
 (E'keener', 0.5, true),
 (E'keeners', 0.6, true),
 (E'keenest', 1.9, true),
 (E'keening', -0.7, true),
 (E'keenly', 1.0, true),
 (E'keenness', 1.4, true),
 (E'keens', 0.1, true),
 (E'kewl', 1.3, true),
 (E'kidding', 0.4, true),
 (E'kill', -3.7, true),
 (E'killdeer', -1.1, true),
 (E'killdeers', -0.1, true),
 (E'killdees', -0.6, true),
 (E'killed', -3.5, true),
 (E'killer', -3.3, true),
 (E'killers', -3.3, true),
 (E'killick', 0.1, true),
 (E'killie', -0.1, true),
 (E'killifish', -0.1, true),
 (E'killifishes', -0.1, true),
 (E'killing', -3.4, true),
 (E'killingly', -2.6, true),
 (E'killings', -3.5, true),
 (E'killjoy', -2.1, true),
 (E'killjoys', -1.7, true),
 (E'killock', -0.3, true),
 (E'killocks', -0.4, true),
 (E'kills', -2.5, true),
 (E'kind', 2.4, true),
 (E'kinder', 2.2, true),
 (E'kindly', 2.2, true),
 (E'kindness', 2.0, true),
 (E'kindnesses', 2.3, true),
 (E'kiss', 1.8, true),
 (E'kissable', 2.0, true),
 (E'kissably', 1.9, true),
 (E'kissed', 1.6, true),
 (E'kisser', 1.7, true),
 (E'kissers', 1.5, true),
 (E'kisses', 2.3, true),
 (E'kissing', 2.7, true),
 (E'kissy', 1.8, true),
 (E'kudos', 2.3, true),
 (E'lack', -1.3, true),
 (E'lackadaisical', -1.6, true),
 (E'lag', -1.4, true),
 (E'lagged', -1.2, true),
 (E'lagging', -1.1, true),
 (E'lags', -1.5, true),
 (E'laidback', 0.5, true),
 (E'lame', -1.8, true),
 (E'lamebrain', -1.6, true),
 (E'lamebrained', -2.5, true),
 (E'lamebrains', -1.2, true),
 (E'lamedh', 0.1, true),
 (E'lamella', -0.1, true),
 (E'lamellae', -0.1, true),
 (E'lamellas', 0.1, true),
 (E'lamellibranch', 0.2, true),
 (E'lamellibranchs', -0.1, true),
 (E'lamely', -2.0, true),
 (E'lameness', -0.8, true),
 (E'lament', -2.0, true),
 (E'lamentable', -1.5, true),
 (E'lamentableness', -1.3, true),
 (E'lamentably', -1.5, true),
 (E'lamentation', -1.4, true),
 (E'lamentations', -1.9, true),
 (E'lamented', -1.4, true),
 (E'lamenter', -1.2, true),
 (E'lamenters', -0.5, true),
 (E'lamenting', -2.0, true),
 (E'laments', -1.5, true),
 (E'lamer', -1.4, true),
 (E'lames', -1.2, true),
 (E'lamest', -1.5, true),
 (E'landmark', 0.3, true),
 (E'laugh', 2.6, true),
 (E'laughable', 0.2, true),
 (E'laughableness', 1.2, true),
 (E'laughably', 1.2, true),
 (E'laughed', 2.0, true),
 (E'laugher', 1.7, true),
 (E'laughers', 1.7, true),
 (E'laughing', 2.2, true),
 (E'laughingly', 2.3, true),
 (E'laughings', 1.9, true),
 (E'laughingstocks', -1.3, true),
 (E'laughs', 2.2, true),
 (E'laughter', 2.2, true),
 (E'laughters', 2.2, true),
 (E'launched', 0.5, true),
 (E'lawl', 1.4, true),
 (E'lawsuit', -0.9, true),
 (E'lawsuits', -0.6, true),
 (E'lazier', -2.3, true),
 (E'laziest', -2.7, true),
 (E'lazy', -1.5, true),
 (E'leak', -1.4, true),
 (E'leaked', -1.3, true),
 (E'leave', -0.2, true),
 (E'leet', 1.3, true),
 (E'legal', 0.5, true),
 (E'legally', 0.4, true),
 (E'lenient', 1.1, true),
 (E'lethargic', -1.2, true),
 (E'lethargy', -1.4, true),
 (E'liabilities', -0.8, true),
 (E'liability', -0.8, true),
 (E'liar', -2.3, true),
 (E'liards', -0.4, true),
 (E'liars', -2.4, true),
 (E'libelous', -2.1, true),
 (E'libertarian', 0.9, true),
 (E'libertarianism', 0.4, true),
 (E'libertarianisms', 0.1, true),
 (E'libertarians', 0.1, true),
 (E'liberties', 2.3, true),
 (E'libertinage', 0.2, true),
 (E'libertine', -0.9, true),
 (E'libertines', 0.4, true),
 (E'libertinisms', 1.2, true),
 (E'liberty', 2.4, true),
 (E'lied', -1.6, true),
 (E'lies', -1.8, true),
 (E'lifesaver', 2.8, true),
 (E'lighthearted', 1.8, true),
 (E'like', 1.5, true),
 (E'likeable', 2.0, true),
 (E'liked', 1.8, true),
 (E'likes', 1.8, true),
 (E'liking', 1.7, true),
 (E'limitation', -1.2, true),
 (E'limited', -0.9, true),
 (E'litigation', -0.8, true),
 (E'litigious', -0.8, true),
 (E'livelier', 1.7, true),
 (E'liveliest', 2.1, true),
 (E'livelihood', 0.8, true),
 (E'livelihoods', 0.9, true),
 (E'livelily', 1.8, true),
 (E'liveliness', 1.6, true),
 (E'livelong', 1.7, true),
 (E'lively', 1.9, true),
 (E'livid', -2.5, true),
 (E'loathe', -2.2, true),
 (E'loathed', -2.1, true),
 (E'loathes', -1.9, true),
 (E'loathing', -2.7, true),
 (E'lobby', 0.1, true),
 (E'lobbying', -0.3, true),
 (E'lone', -1.1, true),
 (E'lonelier', -1.4, true),
 (E'loneliest', -2.4, true),
 (E'loneliness', -1.8, true),
 (E'lonelinesses', -1.5, true),
 (E'lonely', -1.5, true),
 (E'loneness', -1.1, true),
 (E'loner', -1.3, true),
 (E'loners', -0.9, true),
 (E'lonesome', -1.5, true),
 (E'lonesomely', -1.3, true),
 (E'lonesomeness', -1.8, true),
 (E'lonesomes', -1.4, true),
 (E'longing', -0.1, true),
 (E'longingly', 0.7, true),
 (E'longings', 0.4, true),
 (E'loom', -0.9, true),
 (E'loomed', -1.1, true),
 (E'looming', -0.5, true),
 (E'looms', -0.6, true),
 (E'loose', -1.3, true),
 (E'looses', -0.6, true),
 (E'lose', -1.7, true),
 (E'loser', -2.4, true),
 (E'losers', -2.4, true),
 (E'loses', -1.3, true),
 (E'losing', -1.6, true),
 (E'loss', -1.3, true),
 (E'losses', -1.7, true),
 (E'lossy', -1.2, true),
 (E'lost', -1.3, true),
 (E'louse', -1.6, true),
 (E'loused', -1.0, true),
 (E'louses', -1.3, true),
 (E'lousewort', 0.1, true),
 (E'louseworts', -0.6, true),
 (E'lousier', -2.2, true),
 (E'lousiest', -2.6, true),
 (E'lousily', -1.2, true),
 (E'lousiness', -1.7, true),
 (E'lousing', -1.1, true),
 (E'lousy', -2.5, true),
 (E'lovable', 3.0, true),
 (E'love', 3.2, true),
 (E'loved', 2.9, true),
 (E'lovelies', 2.2, true),
 (E'lovely', 2.8, true),
 (E'lover', 2.8, true),
 (E'loverly', 2.8, true),
 (E'lovers', 2.4, true),
 (E'loves', 2.7, true),
 (E'loving', 2.9, true),
 (E'lovingly', 3.2, true),
 (E'lovingness', 2.7, true),
 (E'low', -1.1, true),
 (E'lowball', -0.8, true),
 (E'lowballed', -1.5, true),
 (E'lowballing', -0.7, true),
 (E'lowballs', -1.2, true),
 (E'lowborn', -0.7, true),
 (E'lowboys', -0.6, true),
 (E'lowbred', -2.6, true),
 (E'lowbrow', -1.9, true),
 (E'lowbrows', -0.6, true),
 (E'lowdown', -0.8, true),
 (E'lowdowns', -0.2, true),
 (E'lowe', 0.5, true),
 (E'lowed', -0.8, true),
 (E'lower', -1.2, true),
 (E'lowercase', 0.3, true),
 (E'lowercased', -0.2, true),
 (E'lowerclassman', -0.4, true),
 (E'lowered', -0.5, true),
 (E'lowering', -1.0, true),
 (E'lowermost', -1.4, true),
 (E'lowers', -0.5, true),
 (E'lowery', -1.8, true),
 (E'lowest', -1.6, true),
 (E'lowing', -0.5, true),
 (E'lowish', -0.9, true),
 (E'lowland', -0.1, true),
 (E'lowlander', -0.4, true),
 (E'lowlanders', -0.3, true),
 (E'lowlands', -0.1, true),
 (E'lowlier', -1.7, true),
 (E'lowliest', -1.8, true),
 (E'lowlife', -1.5, true),
 (E'lowlifes', -2.2, true),
 (E'lowlight', -2.0, true),
 (E'lowlights', -0.3, true),
 (E'lowlihead', -0.3, true),
 (E'lowliness', -1.1, true),
 (E'lowlinesses', -1.2, true),
 (E'lowlives', -2.1, true),
 (E'lowly', -1.0, true),
 (E'lown', 0.9, true),
 (E'lowness', -1.3, true),
 (E'lowrider', -0.2, true),
 (E'lowriders', 0.1, true),
 (E'lows', -0.8, true),
 (E'lowse', -0.7, true),
 (E'loyal', 2.1, true),
 (E'loyalism', 1.0, true),
 (E'loyalisms', 0.9, true),
 (E'loyalist', 1.5, true),
 (E'loyalists', 1.1, true),
 (E'loyally', 2.1, true),
 (E'loyalties', 1.9, true),
 (E'loyalty', 2.5, true),
 (E'luck', 2.0, true),
 (E'lucked', 1.9, true),
 (E'luckie', 1.6, true),
 (E'luckier', 1.9, true),
 (E'luckiest', 2.9, true),
 (E'luckily', 2.3, true),
 (E'luckiness', 1.0, true),
 (E'lucking', 1.2, true),
 (E'luckless', -1.3, true),
 (E'lucks', 1.6, true),
 (E'lucky', 1.8, true),
 (E'ludicrous', -1.5, true),
 (E'ludicrously', -0.2, true),
 (E'ludicrousness', -1.9, true),
 (E'lugubrious', -2.1, true),
 (E'lulz', 2.0, true),
 (E'lunatic', -2.2, true),
 (E'lunatics', -1.6, true),
 (E'lurk', -0.8, true),
 (E'lurking', -0.5, true),
 (E'lurks', -0.9, true),
 (E'lying', -2.4, true),
 (E'mad', -2.2, true),
 (E'maddening', -2.2, true),
 (E'madder', -1.2, true),
 (E'maddest', -2.8, true),
 (E'madly', -1.7, true),
 (E'madness', -1.9, true),
 (E'magnific', 2.3, true),
 (E'magnifical', 2.4, true),
 (E'magnifically', 2.4, true),
 (E'magnification', 1.0, true),
 (E'magnifications', 1.2, true),
 (E'magnificence', 2.4, true),
 (E'magnificences', 2.3, true),
 (E'magnificent', 2.9, true),
 (E'magnificently', 3.4, true),
 (E'magnifico', 1.8, true),
 (E'magnificoes', 1.4, true),
 (E'mandatory', 0.3, true),
 (E'maniac', -2.1, true),
 (E'maniacal', -0.3, true),
 (E'maniacally', -1.7, true),
 (E'maniacs', -1.2, true),
 (E'manipulated', -1.6, true),
 (E'manipulating', -1.5, true),
 (E'manipulation', -1.2, true),
 (E'marvel', 1.8, true),
 (E'marvelous', 2.9, true),
 (E'marvels', 2.0, true),
 (E'masochism', -1.6, true),
 (E'masochisms', -1.1, true),
 (E'masochist', -1.7, true),
 (E'masochistic', -2.2, true),
 (E'masochistically', -1.6, true),
 (E'masochists', -1.2, true),
 (E'masterpiece', 3.1, true),
 (E'masterpieces', 2.5, true),
 (E'matter', 0.1, true),
 (E'matters', 0.1, true),
 (E'mature', 1.8, true),
 (E'meaningful', 1.3, true),
 (E'meaningless', -1.9, true),
 (E'medal', 2.1, true),
 (E'mediocrity', -0.3, true),
 (E'meditative', 1.4, true),
 (E'meh', -0.3, true),
 (E'melancholia', -0.5, true),
 (E'melancholiac', -2.0, true),
 (E'melancholias', -1.6, true),
 (E'melancholic', -0.3, true),
 (E'melancholics', -1.0, true),
 (E'melancholies', -1.1, true),
 (E'melancholy', -1.9, true),
 (E'menace', -2.2, true),
 (E'menaced', -1.7, true),
 (E'mercy', 1.5, true),
 (E'merit', 1.8, true),
 (E'merited', 1.4, true),
 (E'meriting', 1.1, true),
 (E'meritocracy', 0.6, true),
 (E'meritocrat', 0.4, true),
 (E'meritocrats', 1.1, true),
 (E'meritorious', 2.1, true),
 (E'meritoriously', 1.3, true),
 (E'meritoriousness', 1.7, true),
 (E'merits', 1.7, true),
 (E'merrier', 1.7, true),
 (E'merriest', 2.7, true),
 (E'merrily', 2.4, true),
 (E'merriment', 2.4, true),
 (E'merriments', 2.0, true),
 (E'merriness', 2.2, true),
 (E'merry', 2.5, true),
 (E'merrymaker', 2.2, true),
 (E'merrymakers', 1.7, true),
 (E'merrymaking', 2.2, true),
 (E'merrymakings', 2.4, true),
 (E'merrythought', 1.1, true),
 (E'merrythoughts', 1.6, true),
 (E'mess', -1.5, true),
 (E'messed', -1.4, true),
 (E'messy', -1.5, true),
 (E'methodical', 0.6, true),
 (E'mindless', -1.9, true),
 (E'miracle', 2.8, true),
 (E'mirth', 2.6, true),
 (E'mirthful', 2.7, true),
 (E'mirthfully', 2.0, true),
 (E'misbehave', -1.9, true),
 (E'misbehaved', -1.6, true),
 (E'misbehaves', -1.6, true),
 (E'misbehaving', -1.7, true),
 (E'mischief', -1.5, true),
 (E'mischiefs', -0.8, true),
 (E'miser', -1.8, true),
 (E'miserable', -2.2, true),
 (E'miserableness', -2.8, true),
 (E'miserably', -2.1, true),
 (E'miserere', -0.8, true),
 (E'misericorde', 0.1, true),
 (E'misericordes', -0.5, true),
 (E'miseries', -2.7, true),
 (E'miserliness', -2.6, true),
 (E'miserly', -1.4, true),
 (E'misers', -1.5, true),
 (E'misery', -2.7, true),
 (E'misgiving', -1.4, true),
 (E'misinformation', -1.3, true),
 (E'misinformed', -1.6, true),
 (E'misinterpreted', -1.3, true),
 (E'misleading', -1.7, true),
 (E'misread', -1.1, true),
 (E'misreporting', -1.5, true),
 (E'misrepresentation', -2.0, true),
 (E'miss', -0.6, true),
 (E'missed', -1.2, true),
 (E'misses', -0.9, true),
 (E'missing', -1.2, true),
 (E'mistakable', -0.8, true),
 (E'mistake', -1.4, true),
 (E'mistaken', -1.5, true),
 (E'mistakenly', -1.2, true),
 (E'mistaker', -1.6, true),
 (E'mistakers', -1.6, true),
 (E'mistakes', -1.5, true),
 (E'mistaking', -1.1, true),
 (E'misunderstand', -1.5, true),
 (E'misunderstanding', -1.8, true),
 (E'misunderstands', -1.3, true),
 (E'misunderstood', -1.4, true),
 (E'mlm', -1.4, true),
 (E'mmk', 0.6, true),
 (E'moan', -0.6, true),
 (E'moaned', -0.4, true),
 (E'moaning', -0.4, true),
 (E'moans', -0.6, true),
 (E'mock', -1.8, true),
 (E'mocked', -1.3, true),
 (E'mocker', -0.8, true),
 (E'mockeries', -1.6, true),
 (E'mockers', -1.3, true),
 (E'mockery', -1.3, true),
 (E'mocking', -1.7, true),
 (E'mocks', -2.0, true),
 (E'molest', -2.1, true),
 (E'molestation', -1.9, true),
 (E'molestations', -2.9, true),
 (E'molested', -1.9, true),
 (E'molester', -2.3, true),
 (E'molesters', -2.2, true),
 (E'molesting', -2.8, true),
 (E'molests', -3.1, true),
 (E'mongering', -0.8, true),
 (E'monopolize', -0.8, true),
 (E'monopolized', -0.9, true),
 (E'monopolizes', -1.1, true),
 (E'monopolizing', -0.5, true),
 (E'mooch', -1.7, true),
 (E'mooched', -1.4, true),
 (E'moocher', -1.5, true),
 (E'moochers', -1.9, true),
 (E'mooches', -1.4, true),
 (E'mooching', -1.7, true),
 (E'moodier', -1.1, true),
 (E'moodiest', -2.1, true),
 (E'moodily', -1.3, true),
 (E'moodiness', -1.4, true),
 (E'moodinesses', -1.4, true),
 (E'moody', -1.5, true),
 (E'mope', -1.9, true),
 (E'moping', -1.0, true),
 (E'moron', -2.2, true),
 (E'moronic', -2.7, true),
 (E'moronically', -1.4, true),
 (E'moronity', -1.1, true),
 (E'morons', -1.3, true),
 (E'motherfucker', -3.6, true),
 (E'motherfucking', -2.8, true),
 (E'motivate', 1.6, true),
 (E'motivated', 2.0, true),
 (E'motivating', 2.2, true),
 (E'motivation', 1.4, true),
 (E'mourn', -1.8, true),
 (E'mourned', -1.3, true),
 (E'mourner', -1.6, true),
 (E'mourners', -1.8, true),
 (E'mournful', -1.6, true),
 (E'mournfuller', -1.9, true),
 (E'mournfully', -1.7, true),
 (E'mournfulness', -1.8, true),
 (E'mourning', -1.9, true),
 (E'mourningly', -2.3, true),
 (E'mourns', -2.4, true),
 (E'mumpish', -1.4, true),
 (E'murder', -3.7, true),
 (E'murdered', -3.4, true),
 (E'murderee', -3.2, true),
 (E'murderees', -3.1, true),
 (E'murderer', -3.6, true),
 (E'murderers', -3.3, true),
 (E'murderess', -2.2, true),
 (E'murderesses', -2.6, true),
 (E'murdering', -3.3, true),
 (E'murderous', -3.2, true),
 (E'murderously', -3.1, true),
 (E'murderousness', -2.9, true),
 (E'murders', -3.0, true),
 (E'n00b', -1.6, true),
 (E'nag', -1.5, true),
 (E'nagana', -1.7, true),
 (E'nagged', -1.7, true),
 (E'nagger', -1.8, true),
 (E'naggers', -1.5, true),
 (E'naggier', -1.4, true),
 (E'naggiest', -2.4, true),
 (E'nagging', -1.7, true),
 (E'naggingly', -0.9, true),
 (E'naggy', -1.7, true),
 (E'nags', -1.1, true),
 (E'nah', -0.4, true),
 (E'naive', -1.1, true),
 (E'nastic', 0.2, true),
 (E'nastier', -2.3, true),
 (E'nasties', -2.1, true),
 (E'nastiest', -2.4, true),
 (E'nastily', -1.9, true),
 (E'nastiness', -1.1, true),
 (E'nastinesses', -2.6, true),
 (E'nasturtium', 0.4, true),
 (E'nasturtiums', 0.1, true),
 (E'nasty', -2.6, true),
 (E'natural', 1.5, true),
 (E'neat', 2.0, true),
 (E'neaten', 1.2, true),
 (E'neatened', 2.0, true),
 (E'neatening', 1.3, true),
 (E'neatens', 1.1, true),
 (E'neater', 1.0, true),
 (E'neatest', 1.7, true),
 (E'neath', 0.2, true),
 (E'neatherd', -0.4, true),
 (E'neatly', 1.4, true),
 (E'neatness', 1.3, true),
 (E'neats', 1.1, true),
 (E'needy', -1.4, true),
 (E'negative', -2.7, true),
 (E'negativity', -2.3, true),
 (E'neglect', -2.0, true),
 (E'neglected', -2.4, true),
 (E'neglecter', -1.7, true),
 (E'neglecters', -1.5, true),
 (E'neglectful', -2.0, true),
 (E'neglectfully', -2.1, true),
 (E'neglectfulness', -2.0, true),
 (E'neglecting', -1.7, true),
 (E'neglects', -2.2, true),
 (E'nerd', -1.2, true),
 (E'nerdier', -0.2, true),
 (E'nerdiest', 0.6, true),
 (E'nerdish', -0.1, true),
 (E'nerdy', -0.2, true),
 (E'nerves', -0.4, true),
 (E'nervous', -1.1, true),
 (E'nervously', -0.6, true),
 (E'nervousness', -1.2, true),
 (E'neurotic', -1.4, true),
 (E'neurotically', -1.8, true),
 (E'neuroticism', -0.9, true),
 (E'neurotics', -0.7, true),
 (E'nice', 1.8, true),
 (E'nicely', 1.9, true),
 (E'niceness', 1.6, true),
 (E'nicenesses', 2.1, true),
 (E'nicer', 1.9, true),
 (E'nicest', 2.2, true),
 (E'niceties', 1.5, true),
 (E'nicety', 1.2, true),
 (E'nifty', 1.7, true),
 (E'niggas', -1.4, true),
 (E'nigger', -3.3, true),
 (E'no', -1.2, true),
 (E'noble', 2.0, true),
 (E'noisy', -0.7, true),
 (E'nonsense', -1.7, true),
 (E'noob', -0.2, true),
 (E'nosey', -0.8, true),
 (E'notorious', -1.9, true),
 (E'novel', 1.3, true),
 (E'numb', -1.4, true),
 (E'numbat', 0.2, true),
 (E'numbed', -0.9, true),
 (E'number', 0.3, true),
 (E'numberable', 0.6, true),
 (E'numbest', -1.0, true),
 (E'numbfish', -0.4, true),
 (E'numbfishes', -0.7, true),
 (E'numbing', -1.1, true),
 (E'numbingly', -1.3, true),
 (E'numbles', 0.4, true),
 (E'numbly', -1.4, true),
 (E'numbness', -1.1, true),
 (E'numbs', -0.7, true),
 (E'numbskull', -2.3, true),
 (E'numbskulls', -2.2, true),
 (E'nurtural', 1.5, true),
 (E'nurturance', 1.6, true),
 (E'nurturances', 1.3, true),
 (E'nurturant', 1.7, true),
 (E'nurture', 1.4, true),
 (E'nurtured', 1.9, true),
 (E'nurturer', 1.9, true),
 (E'nurturers', 0.8, true),
 (E'nurtures', 1.9, true),
 (E'nurturing', 2.0, true),
 (E'nuts', -1.3, true),
 (E'o/\\o', 2.1, true),
 (E'o_0', -0.1, true),
 (E'obliterate', -2.9, true),
 (E'obliterated', -2.1, true),
 (E'obnoxious', -2.0, true),
 (E'obnoxiously', -2.3, true),
 (E'obnoxiousness', -2.1, true),
 (E'obscene', -2.8, true),
 (E'obsess', -1.0, true),
 (E'obsessed', -0.7, true),
 (E'obsesses', -1.0, true),
 (E'obsessing', -1.4, true),
 (E'obsession', -1.4, true),
 (E'obsessional', -1.5, true),
 (E'obsessionally', -1.3, true),
 (E'obsessions', -0.9, true),
 (E'obsessive', -0.9, true),
 (E'obsessively', -0.4, true),
 (E'obsessiveness', -1.2, true),
 (E'obsessives', -0.7, true),
 (E'obsolete', -1.2, true),
 (E'obstacle', -1.5, true),
 (E'obstacles', -1.6, true),
 (E'obstinate', -1.2, true),
 (E'odd', -1.3, true),
 (E'offence', -1.2, true),
 (E'offences', -1.4, true),
 (E'offend', -1.2, true),
 (E'offended', -1.0, true),
 (E'offender', -1.5, true),
 (E'offenders', -1.5, true),
 (E'offending', -2.3, true),
 (E'offends', -2.0, true),
 (E'offense', -1.0, true),
 (E'offenseless', 0.7, true),
 (E'offenses', -1.5, true),
 (E'offensive', -2.0, true),
 (E'offensively', -2.8, true),
 (E'offensiveness', -2.3, true),
 (E'offensives', -0.8, true),
 (E'offline', -0.5, true),
 (E'okay', 0.9, true),
 (E'okays', 2.1, true),
 (E'ominous', -1.4, true),
 (E'once-in-a-lifetime', 1.8, true),
 (E'openness', 1.4, true),
 (E'opportune', 1.7, true),
 (E'opportunely', 1.5, true),
 (E'opportuneness', 1.2, true),
 (E'opportunism', 0.4, true),
 (E'opportunisms', 0.2, true),
 (E'opportunist', 0.2, true),
 (E'opportunistic', -0.1, true),
 (E'opportunistically', 0.9, true),
 (E'opportunists', 0.3, true),
 (E'opportunities', 1.6, true),
 (E'opportunity', 1.8, true),
 (E'oppressed', -2.1, true),
 (E'oppressive', -1.7, true),
 (E'optimal', 1.5, true),
 (E'optimality', 1.9, true),
 (E'optimally', 1.3, true),
 (E'optimisation', 1.6, true),
 (E'optimisations', 1.8, true),
 (E'optimise', 1.9, true),
 (E'optimised', 1.7, true),
 (E'optimises', 1.6, true),
 (E'optimising', 1.7, true),
 (E'optimism', 2.5, true),
 (E'optimisms', 2.0, true),
 (E'optimist', 2.4, true),
 (E'optimistic', 1.3, true),
 (E'optimistically', 2.1, true),
 (E'optimists', 1.6, true),
 (E'optimization', 1.6, true),
 (E'optimizations', 0.9, true),
 (E'optimize', 2.2, true),
 (E'optimized', 2.0, true),
 (E'optimizer', 1.5, true),
 (E'optimizers', 2.1, true),
 (E'optimizes', 1.8, true),
 (E'optimizing', 2.0, true),
 (E'optionless', -1.7, true),
 (E'original', 1.3, true),
 (E'outcry', -2.3, true),
 (E'outgoing', 1.2, true),
 (E'outmaneuvered', 0.5, true),
 (E'outrage', -2.3, true),
 (E'outraged', -2.5, true),
 (E'outrageous', -2.0, true),
 (E'outrageously', -1.2, true),
 (E'outrageousness', -1.2, true),
 (E'outrageousnesses', -1.3, true),
 (E'outrages', -2.3, true),
 (E'outraging', -2.0, true),
 (E'outreach', 1.1, true),
 (E'outstanding', 3.0, true),
 (E'overjoyed', 2.7, true),
 (E'overload', -1.5, true),
 (E'overlooked', -0.1, true),
 (E'overreact', -1.0, true),
 (E'overreacted', -1.7, true),
 (E'overreaction', -0.7, true),
 (E'overreacts', -2.2, true),
 (E'oversell', -0.9, true),
 (E'overselling', -0.8, true),
 (E'oversells', 0.3, true),
 (E'oversimplification', 0.2, true),
 (E'oversimplifies', 0.1, true),
 (E'oversimplify', -0.6, true),
 (E'overstatement', -1.1, true),
 (E'overstatements', -0.7, true),
 (E'overweight', -1.5, true),
 (E'overwhelm', -0.7, true),
 (E'overwhelmed', 0.2, true),
 (E'overwhelmingly', -0.5, true),
 (E'overwhelms', -0.8, true),
 (E'oxymoron', -0.5, true),
 (E'pain', -2.3, true),
 (E'pained', -1.8, true),
 (E'painful', -1.9, true),
 (E'painfuller', -1.7, true),
 (E'painfully', -2.4, true),
 (E'painfulness', -2.7, true),
 (E'paining', -1.7, true),
 (E'painless', 1.2, true),
 (E'painlessly', 1.1, true),
 (E'painlessness', 0.4, true),
 (E'pains', -1.8, true),
 (E'palatable', 1.6, true),
 (E'palatableness', 0.8, true),
 (E'palatably', 1.1, true),
 (E'panic', -2.3, true),
 (E'panicked', -2.0, true),
 (E'panicking', -1.9, true),
 (E'panicky', -1.5, true),
 (E'panicle', 0.5, true),
 (E'panicled', 0.1, true),
 (E'panicles', -0.2, true),
 (E'panics', -1.9, true),
 (E'paniculate', 0.1, true),
 (E'panicums', -0.1, true),
 (E'paradise', 3.2, true),
 (E'paradox', -0.4, true),
 (E'paranoia', -1.0, true),
 (E'paranoiac', -1.3, true),
 (E'paranoiacs', -0.7, true),
 (E'paranoias', -1.5, true),
 (E'paranoid', -1.0, true),
 (E'paranoids', -1.6, true),
 (E'pardon', 1.3, true),
 (E'pardoned', 0.9, true),
 (E'pardoning', 1.7, true),
 (E'pardons', 1.2, true),
 (E'parley', -0.4, true),
 (E'partied', 1.4, true),
 (E'partier', 1.4, true),
 (E'partiers', 0.7, true),
 (E'parties', 1.7, true),
 (E'party', 1.7, true),
 (E'partyer', 1.2, true),
 (E'partyers', 1.1, true),
 (E'partying', 1.6, true),
 (E'passion', 2.0, true),
 (E'passional', 1.6, true),
 (E'passionate', 2.4, true),
 (E'passionately', 2.4, true),
 (E'passionateness', 2.3, true),
 (E'passionflower', 0.3, true),
 (E'passionflowers', 0.4, true),
 (E'passionless', -1.9, true),
 (E'passions', 2.2, true),
 (E'passive', 0.8, true),
 (E'passively', -0.7, true),
 (E'pathetic', -2.7, true),
 (E'pathetical', -1.2, true),
 (E'pathetically', -1.8, true),
 (E'pay', -0.4, true),
 (E'peace', 2.5, true),
 (E'peaceable', 1.7, true),
 (E'peaceableness', 1.8, true),
 (E'peaceably', 2.0, true),
 (E'peaceful', 2.2, true),
 (E'peacefuller', 1.9, true),
 (E'peacefullest', 3.1, true),
 (E'peacefully', 2.4, true),
 (E'peacefulness', 2.1, true),
 (E'peacekeeper', 1.6, true),
 (E'peacekeepers', 1.6, true),
 (E'peacekeeping', 2.0, true),
 (E'peacekeepings', 1.6, true),
 (E'peacemaker', 2.0, true),
 (E'peacemakers', 2.4, true),
 (E'peacemaking', 1.7, true),
 (E'peacenik', 0.8, true),
 (E'peaceniks', 0.7, true),
 (E'peaces', 2.1, true),
 (E'peacetime', 2.2, true),
 (E'peacetimes', 2.1, true),
 (E'peculiar', 0.6, true),
 (E'peculiarities', 0.1, true),
 (E'peculiarity', 0.6, true),
 (E'peculiarly', -0.4, true),
 (E'penalty', -2.0, true),
 (E'pensive', 0.3, true),
 (E'perfect', 2.7, true),
 (E'perfecta', 1.4, true),
 (E'perfectas', 0.6, true),
 (E'perfected', 2.7, true),
 (E'perfecter', 1.8, true),
 (E'perfecters', 1.4, true),
 (E'perfectest', 3.1, true),
 (E'perfectibilities', 2.1, true),
 (E'perfectibility', 1.8, true),
 (E'perfectible', 1.5, true),
 (E'perfecting', 2.3, true),
 (E'perfection', 2.7, true),
 (E'perfectionism', 1.3, true),
 (E'perfectionist', 1.5, true),
 (E'perfectionistic', 0.7, true),
 (E'perfectionists', 0.1, true),
 (E'perfections', 2.5, true),
 (E'perfective', 1.2, true),
 (E'perfectively', 2.1, true),
 (E'perfectiveness', 0.9, true),
 (E'perfectives', 0.9, true),
 (E'perfectivity', 2.2, true),
 (E'perfectly', 3.2, true),
 (E'perfectness', 3.0, true),
 (E'perfecto', 1.3, true),
 (E'perfects', 1.6, true),
 (E'peril', -1.7, true),
 (E'perjury', -1.9, true),
 (E'perpetrator', -2.2, true),
 (E'perpetrators', -1.0, true),
 (E'perplexed', -1.3, true),
 (E'persecute', -2.1, true),
 (E'persecuted', -1.3, true),
 (E'persecutes', -1.2, true),
 (E'persecuting', -1.5, true),
 (E'perturbed', -1.4, true),
 (E'perverse', -1.8, true),
 (E'perversely', -2.2, true),
 (E'perverseness', -2.1, true),
 (E'perversenesses', -0.5, true),
 (E'perversion', -1.3, true),
 (E'perversions', -1.2, true),
 (E'perversities', -1.1, true),
 (E'perversity', -2.6, true),
 (E'perversive', -2.1, true),
 (E'pervert', -2.3, true),
 (E'perverted', -2.5, true),
 (E'pervertedly', -1.2, true),
 (E'pervertedness', -1.2, true),
 (E'perverter', -1.7, true),
 (E'perverters', -0.6, true),
 (E'perverting', -1.0, true),
 (E'perverts', -2.8, true),
 (E'pesky', -1.2, true),
 (E'pessimism', -1.5, true),
 (E'pessimisms', -2.0, true),
 (E'pessimist', -1.5, true),
 (E'pessimistic', -1.5, true),
 (E'pessimistically', -2.0, true),
 (E'pessimists', -1.0, true),
 (E'petrifaction', -1.9, true),
 (E'petrifactions', -0.3, true),
 (E'petrification', -0.1, true),
 (E'petrifications', -0.4, true),
 (E'petrified', -2.5, true),
 (E'petrifies', -2.3, true),
 (E'petrify', -1.7, true),
 (E'petrifying', -2.6, true),
 (E'pettier', -0.3, true),
 (E'pettiest', -1.3, true),
 (E'petty', -0.8, true),
 (E'phobia', -1.6, true),
 (E'phobias', -2.0, true),
 (E'phobic', -1.2, true),
 (E'phobics', -1.3, true),
 (E'picturesque', 1.6, true),
 (E'pileup', -1.1, true),
 (E'pique', -1.1, true),
 (E'piqued', 0.1, true),
 (E'piss', -1.7, true),
 (E'pissant', -1.5, true),
 (E'pissants', -2.5, true),
 (E'pissed', -3.2, true),
 (E'pisser', -2.0, true),
 (E'pissers', -1.4, true),
 (E'pisses', -1.4, true),
 (E'pissing', -1.7, true),
 (E'pissoir', -0.8, true),
 (E'piteous', -1.2, true),
 (E'pitiable', -1.1, true),
 (E'pitiableness', -1.1, true),
 (E'pitiably', -1.1, true),
 (E'pitied', -1.3, true),
 (E'pitier', -1.2, true),
 (E'pitiers', -1.3, true),
 (E'pities', -1.2, true),
 (E'pitiful', -2.2, true),
 (E'pitifuller', -1.8, true),
 (E'pitifullest', -1.1, true),
 (E'pitifully', -1.2, true),
 (E'pitifulness', -1.2, true),
 (E'pitiless', -1.8, true),
 (E'pitilessly', -2.1, true),
 (E'pitilessness', -0.5, true),
 (E'pity', -1.2, true),
 (E'pitying', -1.4, true),
 (E'pityingly', -1.0, true),
 (E'pityriasis', -0.8, true),
 (E'play', 1.4, true),
 (E'played', 1.4, true),
 (E'playful', 1.9, true),
 (E'playfully', 1.6, true),
 (E'playfulness', 1.2, true),
 (E'playing', 0.8, true),
 (E'plays', 1.0, true),
 (E'pleasant', 2.3, true),
 (E'pleasanter', 1.5, true),
 (E'pleasantest', 2.6, true),
 (E'pleasantly', 2.1, true),
 (E'pleasantness', 2.3, true),
 (E'pleasantnesses', 2.3, true),
 (E'pleasantries', 1.3, true),
 (E'pleasantry', 2.0, true),
 (E'please', 1.3, true),
 (E'pleased', 1.9, true),
 (E'pleaser', 1.7, true),
 (E'pleasers', 1.0, true),
 (E'pleases', 1.7, true),
 (E'pleasing', 2.4, true),
 (E'pleasurability', 1.9, true),
 (E'pleasurable', 2.4, true),
 (E'pleasurableness', 2.4, true),
 (E'pleasurably', 2.6, true),
 (E'pleasure', 2.7, true),
 (E'pleasured', 2.3, true),
 (E'pleasureless', -1.6, true),
 (E'pleasures', 1.9, true),
 (E'pleasuring', 2.8, true),
 (E'poised', 1.0, true),
 (E'poison', -2.5, true),
 (E'poisoned', -2.2, true),
 (E'poisoner', -2.7, true),
 (E'poisoners', -3.1, true),
 (E'poisoning', -2.8, true),
 (E'poisonings', -2.4, true),
 (E'poisonous', -2.7, true),
 (E'poisonously', -2.9, true),
 (E'poisons', -2.7, true),
 (E'poisonwood', -1.0, true),
 (E'pollute', -2.3, true),
 (E'polluted', -2.0, true),
 (E'polluter', -1.8, true),
 (E'polluters', -2.0, true),
 (E'pollutes', -2.2, true),
 (E'poor', -2.1, true),
 (E'poorer', -1.5, true),
 (E'poorest', -2.5, true),
 (E'popular', 1.8, true),
 (E'popularise', 1.6, true),
 (E'popularised', 1.1, true),
 (E'popularises', 0.5, true),
 (E'popularising', 1.2, true),
 (E'popularities', 1.6, true),
 (E'popularity', 2.1, true),
 (E'popularization', 1.3, true),
 (E'popularizations', 0.9, true),
 (E'popularize', 1.3, true),
 (E'popularized', 1.9, true),
 (E'popularizer', 1.8, true),
 (E'popularizers', 1.0, true),
 (E'popularizes', 1.4, true),
 (E'popularizing', 1.5, true),
 (E'popularly', 1.8, true),
 (E'positive', 2.6, true),
 (E'positively', 2.4, true),
 (E'positiveness', 2.3, true),
 (E'positivenesses', 2.2, true),
 (E'positiver', 2.3, true),
 (E'positives', 2.4, true),
 (E'positivest', 2.9, true),
 (E'positivism', 1.6, true),
 (E'positivisms', 1.8, true),
 (E'positivist', 2.0, true),
 (E'positivistic', 1.9, true),
 (E'positivists', 1.7, true),
 (E'positivities', 2.6, true),
 (E'positivity', 2.3, true),
 (E'possessive', -0.9, true),
 (E'postpone', -0.9, true),
 (E'postponed', -0.8, true),
 (E'postpones', -1.1, true),
 (E'postponing', -0.5, true),
 (E'poverty', -2.3, true),
 (E'powerful', 1.8, true),
 (E'powerless', -2.2, true),
 (E'praise', 2.6, true),
 (E'praised', 2.2, true),
 (E'praiser', 2.0, true),
 (E'praisers', 2.0, true),
 (E'praises', 2.4, true),
 (E'praiseworthily', 1.9, true),
 (E'praiseworthiness', 2.4, true),
 (E'praiseworthy', 2.6, true),
 (E'praising', 2.5, true),
 (E'pray', 1.3, true),
 (E'praying', 1.5, true),
 (E'prays', 1.4, true),
 (E'prblm', -1.6, true),
 (E'prblms', -2.3, true),
 (E'precious', 2.7, true),
 (E'preciously', 2.2, true),
 (E'preciousness', 1.9, true),
 (E'prejudice', -2.3, true),
 (E'prejudiced', -1.9, true),
 (E'prejudices', -1.8, true),
 (E'prejudicial', -2.6, true),
 (E'prejudicially', -1.5, true),
 (E'prejudicialness', -2.4, true),
 (E'prejudicing', -1.8, true),
 (E'prepared', 0.9, true),
 (E'pressure', -1.2, true),
 (E'pressured', -0.9, true),
 (E'pressureless', 1.0, true),
 (E'pressures', -1.3, true),
 (E'pressuring', -1.4, true),
 (E'pressurise', -0.6, true),
 (E'pressurised', -0.4, true),
 (E'pressurises', -0.8, true),
 (E'pressurising', -0.6, true),
 (E'pressurizations', -0.3, true),
 (E'pressurize', -0.7, true),
 (E'pressurized', 0.1, true),
 (E'pressurizer', 0.1, true),
 (E'pressurizers', -0.7, true),
 (E'pressurizes', -0.2, true),
 (E'pressurizing', -0.2, true),
 (E'pretend', -0.4, true),
 (E'pretending', 0.4, true),
 (E'pretends', -0.4, true),
 (E'prettied', 1.6, true),
 (E'prettier', 2.1, true),
 (E'pretties', 1.7, true),
 (E'prettiest', 2.7, true),
 (E'pretty', 2.2, true),
 (E'prevent', 0.1, true),
 (E'prevented', 0.1, true),
 (E'preventing', -0.1, true),
 (E'prevents', 0.3, true),
 (E'prick', -1.4, true),
 (E'pricked', -0.6, true),
 (E'pricker', -0.3, true),
 (E'prickers', -0.2, true),
 (E'pricket', -0.5, true),
 (E'prickets', 0.3, true),
 (E'pricking', -0.9, true),
 (E'prickle', -1.0, true),
 (E'prickled', -0.2, true),
 (E'prickles', -0.8, true),
 (E'pricklier', -1.6, true),
 (E'prickliest', -1.4, true),
 (E'prickliness', -0.6, true),
 (E'prickling', -0.8, true),
 (E'prickly', -0.9, true),
 (E'pricks', -0.9, true),
 (E'pricky', -0.6, true),
 (E'pride', 1.4, true),
 (E'prison', -2.3, true),
 (E'prisoner', -2.5, true),
 (E'prisoners', -2.3, true),
 (E'privilege', 1.5, true),
 (E'privileged', 1.9, true),
 (E'privileges', 1.6, true),
 (E'privileging', 0.7, true),
 (E'prize', 2.3, true),
 (E'prized', 2.4, true),
 (E'prizefight', -0.1, true),
 (E'prizefighter', 1.0, true),
 (E'prizefighters', -0.1, true),
 (E'prizefighting', 0.4, true),
 (E'prizefights', 0.3, true),
 (E'prizer', 1.0, true),
 (E'prizers', 0.8, true),
 (E'prizes', 2.0, true),
 (E'prizewinner', 2.3, true),
 (E'prizewinners', 2.4, true),
 (E'prizewinning', 3.0, true),
 (E'proactive', 1.8, true),
 (E'problem', -1.7, true),
 (E'problematic', -1.9, true),
 (E'problematical', -1.8, true),
 (E'problematically', -2.0, true),
 (E'problematics', -1.3, true),
 (E'problems', -1.7, true),
 (E'profit', 1.9, true),
 (E'profitabilities', 1.1, true),
 (E'profitability', 1.1, true),
 (E'profitable', 1.9, true),
 (E'profitableness', 2.4, true),
 (E'profitably', 1.6, true),
 (E'profited', 1.3, true),
 (E'profiteer', 0.8, true),
 (E'profiteered', -0.5, true),
 (E'profiteering', -0.6, true),
 (E'profiteers', 0.5, true),
 (E'profiter', 0.7, true),
 (E'profiterole', 0.4, true),
 (E'profiteroles', 0.5, true),
 (E'profiting', 1.6, true),
 (E'profitless', -1.5, true),
 (E'profits', 1.9, true),
 (E'profitwise', 0.9, true),
 (E'progress', 1.8, true),
 (E'prominent', 1.3, true),
 (E'promiscuities', -0.8, true),
 (E'promiscuity', -1.8, true),
 (E'promiscuous', -0.3, true),
 (E'promiscuously', -1.5, true),
 (E'promiscuousness', -0.9, true),
 (E'promise', 1.3, true),
 (E'promised', 1.5, true),
 (E'promisee', 0.8, true),
 (E'promisees', 1.1, true),
 (E'promiser', 1.3, true),
 (E'promisers', 1.6, true),
 (E'promises', 1.6, true),
 (E'promising', 1.7, true),
 (E'promisingly', 1.2, true),
 (E'promisor', 1.0, true),
 (E'promisors', 0.4, true),
 (E'promissory', 0.9, true),
 (E'promote', 1.6, true),
 (E'promoted', 1.8, true),
 (E'promotes', 1.4, true),
 (E'promoting', 1.5, true),
 (E'propaganda', -1.0, true),
 (E'prosecute', -1.7, true),
 (E'prosecuted', -1.6, true),
 (E'prosecutes', -1.8, true),
 (E'prosecution', -2.2, true),
 (E'prospect', 1.2, true),
 (E'prospects', 1.2, true),
 (E'prosperous', 2.1, true),
 (E'protect', 1.6, true),
 (E'protected', 1.9, true),
 (E'protects', 1.3, true),
 (E'protest', -1.0, true),
 (E'protested', -0.5, true),
 (E'protesters', -0.9, true),
 (E'protesting', -1.8, true),
 (E'protests', -0.9, true),
 (E'proud', 2.1, true),
 (E'prouder', 2.2, true),
 (E'proudest', 2.6, true),
 (E'proudful', 1.9, true),
 (E'proudhearted', 1.4, true),
 (E'proudly', 2.6, true),
 (E'provoke', -1.7, true),
 (E'provoked', -1.1, true),
 (E'provokes', -1.3, true),
 (E'provoking', -0.8, true),
 (E'pseudoscience', -1.2, true),
 (E'puke', -2.4, true),
 (E'puked', -1.8, true),
 (E'pukes', -1.9, true),
 (E'puking', -1.8, true),
 (E'pukka', 2.8, true),
 (E'punish', -2.4, true),
 (E'punishabilities', -1.7, true),
 (E'punishability', -1.6, true),
 (E'punishable', -1.9, true),
 (E'punished', -2.0, true),
 (E'punisher', -1.9, true),
 (E'punishers', -2.6, true),
 (E'punishes', -2.1, true),
 (E'punishing', -2.6, true),
 (E'punishment', -2.2, true),
 (E'punishments', -1.8, true),
 (E'punitive', -2.3, true),
 (E'pushy', -1.1, true),
 (E'puzzled', -0.7, true),
 (E'quaking', -1.5, true),
 (E'questionable', -1.2, true),
 (E'questioned', -0.4, true),
 (E'questioning', -0.4, true),
 (E'racism', -3.1, true),
 (E'racist', -3.0, true),
 (E'racists', -2.5, true),
 (E'radian', 0.4, true),
 (E'radiance', 1.4, true),
 (E'radiances', 1.1, true),
 (E'radiancies', 0.8, true),
 (E'radiancy', 1.4, true),
 (E'radians', 0.2, true),
 (E'radiant', 2.1, true),
 (E'radiantly', 1.3, true),
 (E'radiants', 1.2, true),
 (E'rage', -2.6, true),
 (E'raged', -2.0, true),
 (E'ragee', -0.4, true),
 (E'rageful', -2.8, true),
 (E'rages', -2.1, true),
 (E'raging', -2.4, true),
 (E'rainy', -0.3, true),
 (E'rancid', -2.5, true),
 (E'rancidity', -2.6, true),
 (E'rancidly', -2.5, true),
 (E'rancidness', -2.6, true),
 (E'rancidnesses', -1.6, true),
 (E'rant', -1.4, true),
 (E'ranter', -1.2, true),
 (E'ranters', -1.2, true),
 (E'rants', -1.3, true),
 (E'rape', -3.7, true),
 (E'raped', -3.6, true),
 (E'raper', -3.4, true),
 (E'rapers', -3.6, true),
 (E'rapes', -3.5, true),
 (E'rapeseeds', -0.5, true),
 (E'raping', -3.8, true),
 (E'rapist', -3.9, true),
 (E'rapists', -3.3, true),
 (E'rapture', 0.6, true),
 (E'raptured', 0.9, true),
 (E'raptures', 0.7, true),
 (E'rapturous', 1.7, true),
 (E'rash', -1.7, true),
 (E'ratified', 0.6, true),
 (E'reach', 0.1, true),
 (E'reached', 0.4, true),
 (E'reaches', 0.2, true),
 (E'reaching', 0.8, true),
 (E'readiness', 1.0, true),
 (E'ready', 1.5, true),
 (E'reassurance', 1.5, true),
 (E'reassurances', 1.4, true),
 (E'reassure', 1.4, true),
 (E'reassured', 1.7, true),
 (E'reassures', 1.5, true),
 (E'reassuring', 1.7, true),
 (E'reassuringly', 1.8, true),
 (E'rebel', -0.6, true),
 (E'rebeldom', -1.5, true),
 (E'rebelled', -1.0, true),
 (E'rebelling', -1.1, true),
 (E'rebellion', -0.5, true),
 (E'rebellions', -1.1, true),
 (E'rebellious', -1.2, true),
 (E'rebelliously', -1.8, true),
 (E'rebelliousness', -1.2, true),
 (E'rebels', -0.8, true),
 (E'recession', -1.8, true),
 (E'reckless', -1.7, true),
 (E'recommend', 1.5, true),
 (E'recommended', 0.8, true),
 (E'recommends', 0.9, true),
 (E'redeemed', 1.3, true),
 (E'reek', -2.4, true),
 (E'reeked', -2.0, true),
 (E'reeker', -1.7, true),
 (E'reekers', -1.5, true),
 (E'reeking', -2.0, true),
 (E'refuse', -1.2, true),
 (E'refused', -1.2, true),
 (E'refusing', -1.7, true),
 (E'regret', -1.8, true),
 (E'regretful', -1.9, true),
 (E'regretfully', -1.9, true),
 (E'regretfulness', -1.6, true),
 (E'regrets', -1.5, true),
 (E'regrettable', -2.3, true),
 (E'regrettably', -2.0, true),
 (E'regretted', -1.6, true),
 (E'regretter', -1.6, true),
 (E'regretters', -2.0, true),
 (E'regretting', -1.7, true),
 (E'reinvigorate', 2.3, true),
 (E'reinvigorated', 1.9, true),
 (E'reinvigorates', 1.8, true),
 (E'reinvigorating', 1.7, true),
 (E'reinvigoration', 2.2, true),
 (E'reject', -1.7, true),
 (E'rejected', -2.3, true),
 (E'rejectee', -2.3, true),
 (E'rejectees', -1.8, true),
 (E'rejecter', -1.6, true),
 (E'rejecters', -1.8, true),
 (E'rejecting', -2.0, true),
 (E'rejectingly', -1.7, true),
 (E'rejection', -2.5, true),
 (E'rejections', -2.1, true),
 (E'rejective', -1.8, true),
 (E'rejector', -1.8, true),
 (E'rejects', -2.2, true),
 (E'rejoice', 1.9, true),
 (E'rejoiced', 2.0, true),
 (E'rejoices', 2.1, true),
 (E'rejoicing', 2.8, true),
 (E'relax', 1.9, true),
 (E'relaxant', 1.0, true),
 (E'relaxants', 0.7, true),
 (E'relaxation', 2.4, true),
 (E'relaxations', 1.0, true),
 (E'relaxed', 2.2, true),
 (E'relaxedly', 1.5, true),
 (E'relaxedness', 2.0, true),
 (E'relaxer', 1.6, true),
 (E'relaxers', 1.4, true),
 (E'relaxes', 1.5, true),
 (E'relaxin', 1.7, true),
 (E'relaxing', 2.2, true),
 (E'relaxins', 1.2, true),
 (E'relentless', 0.2, true),
 (E'reliant', 0.5, true),
 (E'relief', 2.1, true),
 (E'reliefs', 1.3, true),
 (E'relievable', 1.1, true),
 (E'relieve', 1.5, true),
 (E'relieved', 1.6, true),
 (E'relievedly', 1.4, true),
 (E'reliever', 1.5, true),
 (E'relievers', 1.0, true),
 (E'relieves', 1.5, true),
 (E'relieving', 1.5, true),
 (E'relievo', 1.3, true),
 (E'relishing', 1.6, true),
 (E'reluctance', -1.4, true),
 (E'reluctancy', -1.6, true),
 (E'reluctant', -1.0, true),
 (E'reluctantly', -0.4, true),
 (E'remarkable', 2.6, true),
 (E'remorse', -1.1, true),
 (E'remorseful', -0.9, true),
 (E'remorsefully', -0.7, true),
 (E'remorsefulness', -0.7, true),
 (E'remorseless', -2.3, true),
 (E'remorselessly', -2.0, true),
 (E'remorselessness', -2.8, true),
 (E'repetitive', -1.0, true),
 (E'repress', -1.4, true),
 (E'repressed', -1.3, true),
 (E'represses', -1.3, true),
 (E'repressible', -1.5, true),
 (E'repressing', -1.8, true),
 (E'repression', -1.6, true),
 (E'repressions', -1.7, true),
 (E'repressive', -1.4, true),
 (E'repressively', -1.7, true),
 (E'repressiveness', -1.0, true),
 (E'repressor', -1.4, true),
 (E'repressors', -2.2, true),
 (E'repressurize', -0.3, true),
 (E'repressurized', 0.1, true),
 (E'repressurizes', 0.1, true),
 (E'repressurizing', -0.1, true),
 (E'repulse', -2.8, true),
 (E'repulsed', -2.2, true),
 (E'rescue', 2.3, true),
 (E'rescued', 1.8, true),
 (E'rescues', 1.3, true),
 (E'resent', -0.7, true),
 (E'resented', -1.6, true),
 (E'resentence', -1.0, true),
 (E'resentenced', -0.8, true),
 (E'resentences', -0.6, true),
 (E'resentencing', 0.2, true),
 (E'resentful', -2.1, true),
 (E'resentfully', -1.4, true),
 (E'resentfulness', -2.0, true),
 (E'resenting', -1.2, true),
 (E'resentment', -1.9, true),
 (E'resentments', -1.9, true),
 (E'resents', -1.2, true),
 (E'resign', -1.4, true),
 (E'resignation', -1.2, true),
 (E'resignations', -1.2, true),
 (E'resigned', -1.0, true),
 (E'resignedly', -0.7, true),
 (E'resignedness', -0.8, true),
 (E'resigner', -1.2, true),
 (E'resigners', -1.0, true),
 (E'resigning', -0.9, true),
 (E'resigns', -1.3, true),
 (E'resolute', 1.1, true),
 (E'resolvable', 1.0, true),
 (E'resolve', 1.6, true),
 (E'resolved', 0.7, true),
 (E'resolvent', 0.7, true),
 (E'resolvents', 0.4, true),
 (E'resolver', 0.7, true),
 (E'resolvers', 1.4, true),
 (E'resolves', 0.7, true),
 (E'resolving', 1.6, true),
 (E'respect', 2.1, true),
 (E'respectabilities', 1.8, true),
 (E'respectability', 2.4, true),
 (E'respectable', 1.9, true),
 (E'respectableness', 1.2, true),
 (E'respectably', 1.7, true),
 (E'respected', 2.1, true),
 (E'respecter', 2.1, true),
 (E'respecters', 1.6, true),
 (E'respectful', 2.0, true),
 (E'respectfully', 1.7, true),
 (E'respectfulness', 1.9, true),
 (E'respectfulnesses', 1.3, true),
 (E'respecting', 2.2, true),
 (E'respective', 1.8, true),
 (E'respectively', 1.4, true),
 (E'respectiveness', 1.1, true),
 (E'respects', 1.3, true),
 (E'responsible', 1.3, true),
 (E'responsive', 1.5, true),
 (E'restful', 1.5, true),
 (E'restless', -1.1, true),
 (E'restlessly', -1.4, true),
 (E'restlessness', -1.2, true),
 (E'restore', 1.2, true),
 (E'restored', 1.4, true),
 (E'restores', 1.2, true),
 (E'restoring', 1.2, true),
 (E'restrict', -1.6, true),
 (E'restricted', -1.6, true),
 (E'restricting', -1.6, true),
 (E'restriction', -1.1, true),
 (E'restricts', -1.3, true),
 (E'retained', 0.1, true),
 (E'retard', -2.4, true),
 (E'retarded', -2.7, true),
 (E'retreat', 0.8, true),
 (E'revenge', -2.4, true),
 (E'revenged', -0.9, true),
 (E'revengeful', -2.4, true),
 (E'revengefully', -1.4, true),
 (E'revengefulness', -2.2, true),
 (E'revenger', -2.1, true),
 (E'revengers', -2.0, true),
 (E'revenges', -1.9, true),
 (E'revered', 2.3, true),
 (E'revive', 1.4, true),
 (E'revives', 1.6, true),
 (E'reward', 2.7, true),
 (E'rewardable', 2.0, true),
 (E'rewarded', 2.2, true),
 (E'rewarder', 1.6, true),
 (E'rewarders', 1.9, true),
 (E'rewarding', 2.4, true),
 (E'rewardingly', 2.4, true),
 (E'rewards', 2.1, true),
 (E'rich', 2.6, true),
 (E'richened', 1.9, true),
 (E'richening', 1.0, true),
 (E'richens', 0.8, true),
 (E'richer', 2.4, true),
 (E'riches', 2.4, true),
 (E'richest', 2.4, true),
 (E'richly', 1.9, true),
 (E'richness', 2.2, true),
 (E'richnesses', 2.1, true),
 (E'richweed', 0.1, true),
 (E'richweeds', -0.1, true),
 (E'ridicule', -2.0, true),
 (E'ridiculed', -1.5, true),
 (E'ridiculer', -1.6, true),
 (E'ridiculers', -1.6, true),
 (E'ridicules', -1.8, true),
 (E'ridiculing', -1.8, true),
 (E'ridiculous', -1.5, true),
 (E'ridiculously', -1.4, true),
 (E'ridiculousness', -1.1, true),
 (E'ridiculousnesses', -1.6, true),
 (E'rig', -0.5, true),
 (E'rigged', -1.5, true),
 (E'rigid', -0.5, true),
 (E'rigidification', -1.1, true),
 (E'rigidifications', -0.8, true),
 (E'rigidified', -0.7, true),
 (E'rigidifies', -0.6, true),
 (E'rigidify', -0.3, true),
 (E'rigidities', -0.7, true),
 (E'rigidity', -0.7, true),
 (E'rigidly', -0.7, true),
 (E'rigidness', -0.3, true),
 (E'rigorous', -1.1, true),
 (E'rigorously', -0.4, true),
 (E'riot', -2.6, true),
 (E'riots', -2.3, true),
 (E'risk', -1.1, true),
 (E'risked', -0.9, true),
 (E'risker', -0.8, true),
 (E'riskier', -1.4, true),
 (E'riskiest', -1.5, true),
 (E'riskily', -0.7, true),
 (E'riskiness', -1.3, true),
 (E'riskinesses', -1.6, true),
 (E'risking', -1.3, true),
 (E'riskless', 1.3, true),
 (E'risks', -1.1, true),
 (E'risky', -0.8, true),
 (E'rob', -2.6, true),
 (E'robber', -2.6, true),
 (E'robed', -0.7, true),
 (E'robing', -1.5, true),
 (E'robs', -2.0, true),
 (E'robust', 1.4, true),
 (E'roflcopter', 2.1, true),
 (E'romance', 2.6, true),
 (E'romanced', 2.2, true),
 (E'romancer', 1.3, true),
 (E'romancers', 1.7, true),
 (E'romances', 1.3, true),
 (E'romancing', 2.0, true),
 (E'romantic', 1.7, true),
 (E'romantically', 1.8, true),
 (E'romanticise', 1.7, true),
 (E'romanticised', 1.7, true),
 (E'romanticises', 1.3, true),
 (E'romanticising', 2.7, true),
 (E'romanticism', 2.2, true),
 (E'romanticisms', 2.1, true),
 (E'romanticist', 1.9, true),
 (E'romanticists', 1.3, true),
 (E'romanticization', 1.5, true),
 (E'romanticizations', 2.0, true),
 (E'romanticize', 1.8, true),
 (E'romanticized', 0.9, true),
 (E'romanticizes', 1.8, true),
 (E'romanticizing', 1.2, true),
 (E'romantics', 1.9, true),
 (E'rotten', -2.3, true),
 (E'rude', -2.0, true),
 (E'rudely', -2.2, true),
 (E'rudeness', -1.5, true),
 (E'ruder', -2.1, true),
 (E'ruderal', -0.8, true),
 (E'ruderals', -0.4, true),
 (E'rudesby', -2.0, true),
 (E'rudest', -2.5, true),
 (E'ruin', -2.8, true),
 (E'ruinable', -1.6, true),
 (E'ruinate', -2.8, true),
 (E'ruinated', -1.5, true),
 (E'ruinates', -1.5, true),
 (E'ruinating', -1.5, true),
 (E'ruination', -2.7, true),
 (E'ruinations', -1.6, true),
 (E'ruined', -2.1, true),
 (E'ruiner', -2.0, true),
 (E'ruing', -1.6, true),
 (E'ruining', -1.0, true),
 (E'ruinous', -2.7, true),
 (E'ruinously', -2.6, true),
 (E'ruinousness', -1.0, true),
 (E'ruins', -1.9, true),
 (E'sabotage', -2.4, true),
 (E'sad', -2.1, true),
 (E'sadden', -2.6, true),
 (E'saddened', -2.4, true),
 (E'saddening', -2.2, true),
 (E'saddens', -1.9, true),
 (E'sadder', -2.4, true),
 (E'saddest', -3.0, true),
 (E'sadly', -1.8, true),
 (E'sadness', -1.9, true),
 (E'safe', 1.9, true),
 (E'safecracker', -0.7, true),
 (E'safecrackers', -0.9, true),
 (E'safecracking', -0.9, true),
 (E'safecrackings', -0.7, true),
 (E'safeguard', 1.6, true),
 (E'safeguarded', 1.5, true),
 (E'safeguarding', 1.1, true),
 (E'safeguards', 1.4, true),
 (E'safekeeping', 1.4, true),
 (E'safelight', 1.1, true),
 (E'safelights', 0.8, true),
 (E'safely', 2.2, true),
 (E'safeness', 1.5, true),
 (E'safer', 1.8, true),
 (E'safes', 0.4, true),
 (E'safest', 1.7, true),
 (E'safeties', 1.5, true),
 (E'safety', 1.8, true),
 (E'safetyman', 0.3, true),
 (E'salient', 1.1, true),
 (E'sappy', -1.0, true),
 (E'sarcasm', -0.9, true),
 (E'sarcasms', -0.9, true),
 (E'sarcastic', -1.0, true),
 (E'sarcastically', -1.1, true),
 (E'satisfaction', 1.9, true),
 (E'satisfactions', 2.1, true),
 (E'satisfactorily', 1.6, true),
 (E'satisfactoriness', 1.5, true),
 (E'satisfactory', 1.5, true),
 (E'satisfiable', 1.9, true),
 (E'satisfied', 1.8, true),
 (E'satisfies', 1.8, true),
 (E'satisfy', 2.0, true),
 (E'satisfying', 2.0, true),
 (E'satisfyingly', 1.9, true),
 (E'savage', -2.0, true),
 (E'savaged', -2.0, true),
 (E'savagely', -2.2, true),
 (E'savageness', -2.6, true),
 (E'savagenesses', -0.9, true),
 (E'savageries', -1.9, true),
 (E'savagery', -2.5, true),
 (E'savages', -2.4, true),
 (E'save', 2.2, true),
 (E'saved', 1.8, true),
 (E'scam', -2.7, true),
 (E'scams', -2.8, true),
 (E'scandal', -1.9, true),
 (E'scandalous', -2.4, true),
 (E'scandals', -2.2, true),
 (E'scapegoat', -1.7, true),
 (E'scapegoats', -1.4, true),
 (E'scare', -2.2, true),
 (E'scarecrow', -0.8, true),
 (E'scarecrows', -0.7, true),
 (E'scared', -1.9, true),
 (E'scaremonger', -2.1, true),
 (E'scaremongers', -2.0, true),
 (E'scarer', -1.7, true),
 (E'scarers', -1.3, true),
 (E'scares', -1.4, true),
 (E'scarey', -1.7, true),
 (E'scaring', -1.9, true),
 (E'scary', -2.2, true),
 (E'sceptic', -1.0, true),
 (E'sceptical', -1.2, true),
 (E'scepticism', -0.8, true),
 (E'sceptics', -0.7, true),
 (E'scold', -1.7, true),
 (E'scoop', 0.6, true),
 (E'scorn', -1.7, true),
 (E'scornful', -1.8, true),
 (E'scream', -1.7, true),
 (E'screamed', -1.3, true),
 (E'screamers', -1.5, true),
 (E'screaming', -1.6, true),
 (E'screams', -1.2, true),
 (E'screw', -0.4, true),
 (E'screwball', -0.2, true),
 (E'screwballs', -0.3, true),
 (E'screwbean', 0.3, true),
 (E'screwdriver', 0.3, true),
 (E'screwdrivers', 0.1, true),
 (E'screwed', -2.2, true),
 (E'screwed up', -1.5, true),
 (E'screwer', -1.2, true),
 (E'screwers', -0.5, true),
 (E'screwier', -0.6, true),
 (E'screwiest', -2.0, true),
 (E'screwiness', -0.5, true),
 (E'screwing', -0.9, true),
 (E'screwlike', 0.1, true),
 (E'screws', -1.0, true),
 (E'screwup', -1.7, true),
 (E'screwups', -1.0, true),
 (E'screwworm', -0.4, true),
 (E'screwworms', -0.1, true),
 (E'screwy', -1.4, true),
 (E'scrumptious', 2.1, true),
 (E'scrumptiously', 1.5, true),
 (E'scumbag', -3.2, true),
 (E'secure', 1.4, true),
 (E'secured', 1.7, true),
 (E'securely', 1.4, true),
 (E'securement', 1.1, true),
 (E'secureness', 1.4, true),
 (E'securer', 1.5, true),
 (E'securers', 0.6, true),
 (E'secures', 1.3, true),
 (E'securest', 2.6, true),
 (E'securing', 1.3, true),
 (E'securities', 1.2, true),
 (E'securitization', 0.2, true),
 (E'securitizations', 0.1, true),
 (E'securitize', 0.3, true),
 (E'securitized', 1.4, true),
 (E'securitizes', 1.6, true),
 (E'securitizing', 0.7, true),
 (E'security', 1.4, true),
 (E'sedition', -1.8, true),
 (E'seditious', -1.7, true),
 (E'seduced', -1.5, true),
 (E'self-confident', 2.5, true),
 (E'selfish', -2.1, true),
 (E'selfishly', -1.4, true),
 (E'selfishness', -1.7, true),
 (E'selfishnesses', -2.0, true),
 (E'sentence', 0.3, true),
 (E'sentenced', -0.1, true),
 (E'sentences', 0.2, true),
 (E'sentencing', -0.6, true),
 (E'sentimental', 1.3, true),
 (E'sentimentalise', 1.2, true),
 (E'sentimentalised', 0.8, true),
 (E'sentimentalising', 0.4, true),
 (E'sentimentalism', 1.0, true),
 (E'sentimentalisms', 0.4, true),
 (E'sentimentalist', 0.8, true),
 (E'sentimentalists', 0.7, true),
 (E'sentimentalities', 0.9, true),
 (E'sentimentality', 1.2, true),
 (E'sentimentalization', 1.2, true),
 (E'sentimentalizations', 0.4, true),
 (E'sentimentalize', 0.8, true),
 (E'sentimentalized', 1.1, true),
 (E'sentimentalizes', 1.1, true),
 (E'sentimentalizing', 0.8, true),
 (E'sentimentally', 1.9, true),
 (E'serene', 2.0, true),
 (E'serious', -0.3, true),
 (E'seriously', -0.7, true),
 (E'seriousness', -0.2, true),
 (E'severe', -1.6, true),
 (E'severed', -1.5, true),
 (E'severely', -2.0, true),
 (E'severeness', -1.0, true),
 (E'severer', -1.6, true),
 (E'severest', -1.5, true),
 (E'sexy', 2.4, true),
 (E'shake', -0.7, true),
 (E'shakeable', -0.3, true),
 (E'shakedown', -1.2, true),
 (E'shakedowns', -1.4, true),
 (E'shaken', -0.3, true),
 (E'shakeout', -1.3, true),
 (E'shakeouts', -0.8, true),
 (E'shakers', 0.3, true),
 (E'shakeup', -0.6, true),
 (E'shakeups', -0.5, true),
 (E'shakier', -0.9, true),
 (E'shakiest', -1.2, true),
 (E'shakily', -0.7, true),
 (E'shakiness', -0.7, true),
 (E'shaking', -0.7, true),
 (E'shaky', -0.9, true),
 (E'shame', -2.1, true),
 (E'shamed', -2.6, true),
 (E'shamefaced', -2.3, true),
 (E'shamefacedly', -1.9, true),
 (E'shamefacedness', -2.0, true),
 (E'shamefast', -1.0, true),
 (E'shameful', -2.2, true),
 (E'shamefully', -1.9, true),
 (E'shamefulness', -2.4, true),
 (E'shamefulnesses', -2.3, true),
 (E'shameless', -1.4, true),
 (E'shamelessly', -1.4, true),
 (E'shamelessness', -1.4, true),
 (E'shamelessnesses', -2.0, true),
 (E'shames', -1.7, true),
 (E'share', 1.2, true),
 (E'shared', 1.4, true),
 (E'shares', 1.2, true),
 (E'sharing', 1.8, true),
 (E'shattered', -2.1, true),
 (E'shit', -2.6, true),
 (E'shitake', -0.3, true),
 (E'shitakes', -1.1, true),
 (E'shithead', -3.1, true),
 (E'shitheads', -2.6, true),
 (E'shits', -2.1, true),
 (E'shittah', 0.1, true),
 (E'shitted', -1.7, true),
 (E'shittier', -2.1, true),
 (E'shittiest', -3.4, true),
 (E'shittim', -0.6, true),
 (E'shittimwood', -0.3, true),
 (E'shitting', -1.8, true),
 (E'shitty', -2.6, true),
 (E'shock', -1.6, true),
 (E'shockable', -1.0, true),
 (E'shocked', -1.3, true),
 (E'shocker', -0.6, true),
 (E'shockers', -1.1, true),
 (E'shocking', -1.7, true),
 (E'shockingly', -0.7, true),
 (E'shockproof', 1.3, true),
 (E'shocks', -1.6, true),
 (E'shook', -0.4, true),
 (E'shoot', -1.4, true),
 (E'short-sighted', -1.2, true),
 (E'short-sightedness', -1.1, true),
 (E'shortage', -1.0, true),
 (E'shortages', -0.6, true),
 (E'shrew', -0.9, true),
 (E'shy', -1.0, true),
 (E'shyer', -0.8, true),
 (E'shying', -0.9, true),
 (E'shylock', -2.1, true),
 (E'shylocked', -0.7, true),
 (E'shylocking', -1.5, true),
 (E'shylocks', -1.4, true),
 (E'shyly', -0.7, true),
 (E'shyness', -1.3, true),
 (E'shynesses', -1.2, true),
 (E'shyster', -1.6, true),
 (E'shysters', -0.9, true),
 (E'sick', -2.3, true),
 (E'sicken', -1.9, true),
 (E'sickened', -2.5, true),
 (E'sickener', -2.2, true),
 (E'sickeners', -2.2, true),
 (E'sickening', -2.4, true),
 (E'sickeningly', -2.1, true),
 (E'sickens', -2.0, true),
 (E'sigh', 0.1, true),
 (E'significance', 1.1, true),
 (E'significant', 0.8, true),
 (E'silencing', -0.5, true),
 (E'sillibub', -0.1, true),
 (E'sillier', 1.0, true),
 (E'sillies', 0.8, true),
 (E'silliest', 0.8, true),
 (E'sillily', -0.1, true),
 (E'sillimanite', 0.1, true),
 (E'sillimanites', 0.2, true),
 (E'silliness', -0.9, true),
 (E'sillinesses', -1.2, true),
 (E'silly', 0.1, true),
 (E'sin', -2.6, true),
 (E'sincere', 1.7, true),
 (E'sincerely', 2.1, true),
 (E'sincereness', 1.8, true),
 (E'sincerer', 2.0, true),
 (E'sincerest', 2.0, true),
 (E'sincerities', 1.5, true),
 (E'sinful', -2.6, true),
 (E'singleminded', 1.2, true),
 (E'sinister', -2.9, true),
 (E'sins', -2.0, true),
 (E'skeptic', -0.9, true),
 (E'skeptical', -1.3, true),
 (E'skeptically', -1.2, true),
 (E'skepticism', -1.0, true),
 (E'skepticisms', -1.2, true),
 (E'skeptics', -0.4, true),
 (E'slam', -1.6, true),
 (E'slash', -1.1, true),
 (E'slashed', -0.9, true),
 (E'slashes', -0.8, true),
 (E'slashing', -1.1, true),
 (E'slavery', -3.8, true),
 (E'sleeplessness', -1.6, true),
 (E'slicker', 0.4, true),
 (E'slickest', 0.3, true),
 (E'sluggish', -1.7, true),
 (E'slut', -2.8, true),
 (E'sluts', -2.7, true),
 (E'sluttier', -2.7, true),
 (E'sluttiest', -3.1, true),
 (E'sluttish', -2.2, true),
 (E'sluttishly', -2.1, true),
 (E'sluttishness', -2.5, true),
 (E'sluttishnesses', -2.0, true),
 (E'slutty', -2.3, true),
 (E'smart', 1.7, true),
 (E'smartass', -2.1, true),
 (E'smartasses', -1.7, true),
 (E'smarted', 0.7, true),
 (E'smarten', 1.9, true),
 (E'smartened', 1.5, true),
 (E'smartening', 1.7, true),
 (E'smartens', 1.5, true),
 (E'smarter', 2.0, true),
 (E'smartest', 3.0, true),
 (E'smartie', 1.3, true),
 (E'smarties', 1.7, true),
 (E'smarting', -0.7, true),
 (E'smartly', 1.5, true),
 (E'smartness', 2.0, true),
 (E'smartnesses', 1.5, true),
 (E'smarts', 1.6, true),
 (E'smartweed', 0.2, true),
 (E'smartweeds', 0.1, true),
 (E'smarty', 1.1, true),
 (E'smear', -1.5, true),
 (E'smilax', 0.6, true),
 (E'smilaxes', 0.3, true),
 (E'smile', 1.5, true),
 (E'smiled', 2.5, true),
 (E'smileless', -1.4, true),
 (E'smiler', 1.7, true),
 (E'smiles', 2.1, true),
 (E'smiley', 1.7, true),
 (E'smileys', 1.5, true),
 (E'smiling', 2.0, true),
 (E'smilingly', 2.3, true),
 (E'smog', -1.2, true),
 (E'smother', -1.8, true),
 (E'smothered', -0.9, true),
 (E'smothering', -1.4, true),
 (E'smothers', -1.9, true),
 (E'smothery', -1.1, true),
 (E'smug', 0.8, true),
 (E'smugger', -1.0, true),
 (E'smuggest', -1.5, true),
 (E'smuggle', -1.6, true),
 (E'smuggled', -1.5, true),
 (E'smuggler', -2.1, true),
 (E'smugglers', -1.4, true),
 (E'smuggles', -1.7, true),
 (E'smuggling', -2.1, true),
 (E'smugly', 0.2, true),
 (E'smugness', -1.4, true),
 (E'smugnesses', -1.7, true),
 (E'sneaky', -0.9, true),
 (E'snob', -2.0, true),
 (E'snobbery', -2.0, true),
 (E'snobbier', -0.7, true),
 (E'snobbiest', -0.5, true),
 (E'snobbily', -1.6, true),
 (E'snobbish', -0.9, true),
 (E'snobbishly', -1.2, true),
 (E'snobbishness', -1.1, true),
 (E'snobbishnesses', -1.7, true),
 (E'snobbism', -1.0, true),
 (E'snobbisms', -0.3, true),
 (E'snobby', -1.7, true),
 (E'snobs', -1.4, true),
 (E'snub', -1.8, true),
 (E'snubbed', -2.0, true),
 (E'snubbing', -0.9, true),
 (E'snubs', -2.1, true),
 (E'sobbed', -1.9, true),
 (E'sobbing', -1.6, true),
 (E'sobering', -0.8, true),
 (E'sobs', -2.5, true),
 (E'sociabilities', 1.2, true),
 (E'sociability', 1.1, true),
 (E'sociable', 1.9, true),
 (E'sociableness', 1.5, true),
 (E'sociably', 1.6, true),
 (E'sok', 1.3, true),
 (E'solemn', -0.3, true),
 (E'solemnified', -0.5, true),
 (E'solemnifies', -0.5, true),
 (E'solemnify', 0.3, true),
 (E'solemnifying', 0.1, true),
 (E'solemnities', 0.3, true),
 (E'solemnity', -1.1, true),
 (E'solemnization', 0.7, true),
 (E'solemnize', 0.3, true),
 (E'solemnized', -0.7, true),
 (E'solemnizes', 0.6, true),
 (E'solemnizing', -0.6, true),
 (E'solemnly', 0.8, true),
 (E'solid', 0.6, true),
 (E'solidarity', 1.2, true),
 (E'solution', 1.3, true),
 (E'solutions', 0.7, true),
 (E'solve', 0.8, true),
 (E'solved', 1.1, true),
 (E'solves', 1.1, true),
 (E'solving', 1.4, true),
 (E'somber', -1.8, true),
 (E'son-of-a-bitch', -2.7, true),
 (E'soothe', 1.5, true),
 (E'soothed', 0.5, true),
 (E'soothing', 1.3, true),
 (E'sophisticated', 2.6, true),
 (E'sore', -1.5, true),
 (E'sorrow', -2.4, true),
 (E'sorrowed', -2.4, true),
 (E'sorrower', -2.3, true),
 (E'sorrowful', -2.2, true),
 (E'sorrowfully', -2.3, true),
 (E'sorrowfulness', -2.5, true),
 (E'sorrowing', -1.7, true),
 (E'sorrows', -1.6, true),
 (E'sorry', -0.3, true),
 (E'soulmate', 2.9, true),
 (E'spam', -1.5, true),
 (E'spammer', -2.2, true),
 (E'spammers', -1.6, true),
 (E'spamming', -2.1, true),
 (E'spark', 0.9, true),
 (E'sparkle', 1.8, true),
 (E'sparkles', 1.3, true),
 (E'sparkling', 1.2, true),
 (E'special', 1.7, true),
 (E'speculative', 0.4, true),
 (E'spirit', 0.7, true),
 (E'spirited', 1.3, true),
 (E'spiritless', -1.3, true),
 (E'spite', -2.4, true),
 (E'spited', -2.4, true),
 (E'spiteful', -1.9, true),
 (E'spitefully', -2.3, true),
 (E'spitefulness', -1.5, true),
 (E'spitefulnesses', -2.3, true),
 (E'spites', -1.4, true),
 (E'splendent', 2.7, true),
 (E'splendid', 2.8, true),
 (E'splendidly', 2.1, true),
 (E'splendidness', 2.3, true),
 (E'splendiferous', 2.6, true),
 (E'splendiferously', 1.9, true),
 (E'splendiferousness', 1.7, true),
 (E'splendor', 3.0, true),
 (E'splendorous', 2.2, true),
 (E'splendors', 2.0, true),
 (E'splendour', 2.2, true),
 (E'splendours', 2.2, true),
 (E'splendrous', 2.2, true),
 (E'sprightly', 2.0, true),
 (E'squelched', -1.0, true),
 (E'stab', -2.8, true),
 (E'stabbed', -1.9, true),
 (E'stable', 1.2, true),
 (E'stabs', -1.9, true),
 (E'stall', -0.8, true),
 (E'stalled', -0.8, true),
 (E'stalling', -0.8, true),
 (E'stamina', 1.2, true),
 (E'stammer', -0.9, true),
 (E'stammered', -0.9, true),
 (E'stammerer', -1.1, true),
 (E'stammerers', -0.8, true),
 (E'stammering', -1.0, true),
 (E'stammers', -0.8, true),
 (E'stampede', -1.8, true),
 (E'stank', -1.9, true),
 (E'startle', -1.3, true),
 (E'startled', -0.7, true),
 (E'startlement', -0.5, true),
 (E'startlements', 0.2, true),
 (E'startler', -0.8, true),
 (E'startlers', -0.5, true),
 (E'startles', -0.5, true),
 (E'startling', 0.3, true),
 (E'startlingly', -0.3, true),
 (E'starve', -1.9, true),
 (E'starved', -2.6, true),
 (E'starves', -2.3, true),
 (E'starving', -1.8, true),
 (E'steadfast', 1.0, true),
 (E'steal', -2.2, true),
 (E'stealable', -1.7, true),
 (E'stealer', -1.7, true),
 (E'stealers', -2.2, true),
 (E'stealing', -2.7, true),
 (E'stealings', -1.9, true),
 (E'steals', -2.3, true),
 (E'stealth', -0.3, true),
 (E'stealthier', -0.3, true),
 (E'stealthiest', 0.4, true),
 (E'stealthily', 0.1, true),
 (E'stealthiness', 0.2, true),
 (E'stealths', -0.3, true),
 (E'stealthy', -0.1, true),
 (E'stench', -2.3, true),
 (E'stenches', -1.5, true),
 (E'stenchful', -2.4, true),
 (E'stenchy', -2.3, true),
 (E'stereotype', -1.3, true),
 (E'stereotyped', -1.2, true),
 (E'stifled', -1.4, true),
 (E'stimulate', 0.9, true),
 (E'stimulated', 0.9, true),
 (E'stimulates', 1.0, true),
 (E'stimulating', 1.9, true),
 (E'stingy', -1.6, true),
 (E'stink', -1.7, true),
 (E'stinkard', -2.3, true),
 (E'stinkards', -1.0, true),
 (E'stinkbug', -0.2, true),
 (E'stinkbugs', -1.0, true),
 (E'stinker', -1.5, true),
 (E'stinkers', -1.2, true),
 (E'stinkhorn', -0.2, true),
 (E'stinkhorns', -0.8, true),
 (E'stinkier', -1.5, true),
 (E'stinkiest', -2.1, true),
 (E'stinking', -2.4, true),
 (E'stinkingly', -1.3, true),
 (E'stinko', -1.5, true),
 (E'stinkpot', -2.5, true),
 (E'stinkpots', -0.7, true),
 (E'stinks', -1.0, true),
 (E'stinkweed', -0.4, true),
 (E'stinkwood', -0.1, true),
 (E'stinky', -1.5, true),
 (E'stolen', -2.2, true),
 (E'stop', -1.2, true),
 (E'stopped', -0.9, true),
 (E'stopping', -0.6, true),
 (E'stops', -0.6, true),
 (E'stout', 0.7, true),
 (E'straight', 0.9, true),
 (E'strain', -0.2, true),
 (E'strained', -1.7, true),
 (E'strainer', -0.8, true),
 (E'strainers', -0.3, true),
 (E'straining', -1.3, true),
 (E'strains', -1.2, true),
 (E'strange', -0.8, true),
 (E'strangely', -1.2, true),
 (E'strangled', -2.5, true),
 (E'strength', 2.2, true),
 (E'strengthen', 1.3, true),
 (E'strengthened', 1.8, true),
 (E'strengthener', 1.8, true),
 (E'strengtheners', 1.4, true),
 (E'strengthening', 2.2, true),
 (E'strengthens', 2.0, true),
 (E'strengths', 1.7, true),
 (E'stress', -1.8, true),
 (E'stressed', -1.4, true),
 (E'stresses', -2.0, true),
 (E'stressful', -2.3, true),
 (E'stressfully', -2.6, true),
 (E'stressing', -1.5, true),
 (E'stressless', 1.6, true),
 (E'stresslessness', 1.6, true),
 (E'stressor', -1.8, true),
 (E'stressors', -2.1, true),
 (E'stricken', -2.3, true),
 (E'strike', -0.5, true),
 (E'strikers', -0.6, true),
 (E'strikes', -1.5, true),
 (E'strong', 2.3, true),
 (E'strongbox', 0.7, true),
 (E'strongboxes', 0.3, true),
 (E'stronger', 1.6, true),
 (E'strongest', 1.9, true),
 (E'stronghold', 0.5, true),
 (E'strongholds', 1.0, true),
 (E'strongish', 1.7, true),
 (E'strongly', 1.1, true),
 (E'strongman', 0.7, true),
 (E'strongmen', 0.5, true),
 (E'strongyl', 0.6, true),
 (E'strongyles', 0.2, true),
 (E'strongyloidosis', -0.8, true),
 (E'strongyls', 0.1, true),
 (E'struck', -1.0, true),
 (E'struggle', -1.3, true),
 (E'struggled', -1.4, true),
 (E'struggler', -1.1, true),
 (E'strugglers', -1.4, true),
 (E'struggles', -1.5, true),
 (E'struggling', -1.8, true),
 (E'stubborn', -1.7, true),
 (E'stubborner', -1.5, true),
 (E'stubbornest', -0.6, true),
 (E'stubbornly', -1.4, true),
 (E'stubbornness', -1.1, true),
 (E'stubbornnesses', -1.5, true),
 (E'stuck', -1.0, true),
 (E'stunk', -1.6, true),
 (E'stunned', -0.4, true),
 (E'stunning', 1.6, true),
 (E'stuns', 0.1, true),
 (E'stupid', -2.4, true),
 (E'stupider', -2.5, true),
 (E'stupidest', -2.4, true),
 (E'stupidities', -2.0, true),
 (E'stupidity', -1.9, true),
 (E'stupidly', -2.0, true),
 (E'stupidness', -1.7, true),
 (E'stupidnesses', -2.6, true),
 (E'stupids', -2.3, true),
 (E'stutter', -1.0, true),
 (E'stuttered', -0.9, true),
 (E'stutterer', -1.0, true),
 (E'stutterers', -1.1, true),
 (E'stuttering', -1.3, true),
 (E'stutters', -1.0, true),
 (E'suave', 2.0, true),
 (E'submissive', -1.3, true),
 (E'submissively', -1.0, true),
 (E'submissiveness', -0.7, true),
 (E'substantial', 0.8, true),
 (E'subversive', -0.9, true),
 (E'succeed', 2.2, true),
 (E'succeeded', 1.8, true),
 (E'succeeder', 1.2, true),
 (E'succeeders', 1.3, true),
 (E'succeeding', 2.2, true),
 (E'succeeds', 2.2, true),
 (E'success', 2.7, true),
 (E'successes', 2.6, true),
 (E'successful', 2.8, true),
 (E'successfully', 2.2, true),
 (E'successfulness', 2.7, true),
 (E'succession', 0.8, true),
 (E'successional', 0.9, true),
 (E'successionally', 1.1, true),
 (E'successions', 0.1, true),
 (E'successive', 1.1, true),
 (E'successively', 0.9, true),
 (E'successiveness', 1.0, true),
 (E'successor', 0.9, true),
 (E'successors', 1.1, true),
 (E'suck', -1.9, true),
 (E'sucked', -2.0, true),
 (E'sucker', -2.4, true),
 (E'suckered', -2.0, true),
 (E'suckering', -2.1, true),
 (E'suckers', -2.3, true),
 (E'sucks', -1.5, true),
 (E'sucky', -1.9, true),
 (E'suffer', -2.5, true),
 (E'suffered', -2.2, true),
 (E'sufferer', -2.0, true),
 (E'sufferers', -2.4, true),
 (E'suffering', -2.1, true),
 (E'suffers', -2.1, true),
 (E'suicidal', -3.5, true),
 (E'suicide', -3.5, true),
 (E'suing', -1.1, true),
 (E'sulking', -1.5, true),
 (E'sulky', -0.8, true),
 (E'sullen', -1.7, true),
 (E'sunnier', 2.3, true),
 (E'sunniest', 2.4, true),
 (E'sunny', 1.8, true),
 (E'sunshine', 2.2, true),
 (E'sunshiny', 1.9, true),
 (E'super', 2.9, true),
 (E'superb', 3.1, true),
 (E'superior', 2.5, true),
 (E'superiorities', 0.8, true),
 (E'superiority', 1.4, true),
 (E'superiorly', 2.2, true),
 (E'superiors', 1.0, true),
 (E'support', 1.7, true),
 (E'supported', 1.3, true),
 (E'supporter', 1.1, true),
 (E'supporters', 1.9, true),
 (E'supporting', 1.9, true),
 (E'supportive', 1.2, true),
 (E'supportiveness', 1.5, true),
 (E'supports', 1.5, true),
 (E'supremacies', 0.8, true),
 (E'supremacist', 0.5, true),
 (E'supremacists', -1.0, true),
 (E'supremacy', 0.2, true),
 (E'suprematists', 0.4, true),
 (E'supreme', 2.6, true),
 (E'supremely', 2.7, true),
 (E'supremeness', 2.3, true),
 (E'supremer', 2.3, true),
 (E'supremest', 2.2, true),
 (E'supremo', 1.9, true),
 (E'supremos', 1.3, true),
 (E'sure', 1.3, true),
 (E'surefire', 1.0, true),
 (E'surefooted', 1.9, true),
 (E'surefootedly', 1.6, true),
 (E'surefootedness', 1.5, true),
 (E'surely', 1.9, true),
 (E'sureness', 2.0, true),
 (E'surer', 1.2, true),
 (E'surest', 1.3, true),
 (E'sureties', 1.3, true),
 (E'surety', 1.0, true),
 (E'suretyship', -0.1, true),
 (E'suretyships', 0.4, true),
 (E'surprisal', 1.5, true),
 (E'surprisals', 0.7, true),
 (E'surprise', 1.1, true),
 (E'surprised', 0.9, true),
 (E'surpriser', 0.6, true),
 (E'surprisers', 0.3, true),
 (E'surprises', 0.9, true),
 (E'surprising', 1.1, true),
 (E'surprisingly', 1.2, true),
 (E'survived', 2.3, true),
 (E'surviving', 1.2, true),
 (E'survivor', 1.5, true),
 (E'suspect', -1.2, true),
 (E'suspected', -0.9, true),
 (E'suspecting', -0.7, true),
 (E'suspects', -1.4, true),
 (E'suspend', -1.3, true),
 (E'suspended', -2.1, true),
 (E'suspicion', -1.6, true),
 (E'suspicions', -1.5, true),
 (E'suspicious', -1.5, true),
 (E'suspiciously', -1.7, true),
 (E'suspiciousness', -1.2, true),
 (E'sux', -1.5, true),
 (E'swear', -0.2, true),
 (E'swearing', -1.0, true),
 (E'swears', 0.2, true),
 (E'sweet', 2.0, true),
 (E'sweet<3', 3.0, true),
 (E'sweetheart', 3.3, true),
 (E'sweethearts', 2.8, true),
 (E'sweetie', 2.2, true),
 (E'sweeties', 2.1, true),
 (E'sweetly', 2.1, true),
 (E'sweetness', 2.2, true),
 (E'sweets', 2.2, true),
 (E'swift', 0.8, true),
 (E'swiftly', 1.2, true),
 (E'swindle', -2.4, true),
 (E'swindles', -1.5, true),
 (E'swindling', -2.0, true),
 (E'sympathetic', 2.3, true),
 (E'sympathy', 1.5, true),
 (E'talent', 1.8, true),
 (E'talented', 2.3, true),
 (E'talentless', -1.6, true),
 (E'talents', 2.0, true),
 (E'tantrum', -1.8, true),
 (E'tantrums', -1.5, true),
 (E'tard', -2.5, true),
 (E'tears', -0.9, true),
 (E'teas', 0.3, true),
 (E'tease', -1.3, true),
 (E'teased', -1.2, true),
 (E'teasel', -0.1, true),
 (E'teaseled', -0.8, true),
 (E'teaseler', -0.8, true),
 (E'teaselers', -1.2, true),
 (E'teaseling', -0.4, true),
 (E'teaselled', -0.4, true),
 (E'teaselling', -0.2, true),
 (E'teasels', -0.1, true),
 (E'teaser', -1.0, true),
 (E'teasers', -0.7, true),
 (E'teases', -1.2, true),
 (E'teashops', 0.2, true),
 (E'teasing', -0.3, true),
 (E'teasingly', -0.4, true),
 (E'teaspoon', 0.2, true),
 (E'teaspoonful', 0.2, true),
 (E'teaspoonfuls', 0.4, true),
 (E'teaspoons', 0.5, true),
 (E'teaspoonsful', 0.3, true),
 (E'temper', -1.8, true),
 (E'tempers', -1.3, true),
 (E'tendered', 0.5, true),
 (E'tenderer', 0.6, true),
 (E'tenderers', 1.2, true),
 (E'tenderest', 1.4, true),
 (E'tenderfeet', -0.4, true),
 (E'tenderfoot', -0.1, true),
 (E'tenderfoots', -0.5, true),
 (E'tenderhearted', 1.5, true),
 (E'tenderheartedly', 2.7, true),
 (E'tenderheartedness', 0.7, true),
 (E'tenderheartednesses', 2.8, true),
 (E'tendering', 0.6, true),
 (E'tenderization', 0.2, true),
 (E'tenderize', 0.1, true),
 (E'tenderized', 0.1, true),
 (E'tenderizer', 0.4, true),
 (E'tenderizes', 0.3, true),
 (E'tenderizing', 0.3, true),
 (E'tenderloin', -0.2, true),
 (E'tenderloins', 0.4, true),
 (E'tenderly', 1.8, true),
 (E'tenderness', 1.8, true),
 (E'tendernesses', 0.9, true),
 (E'tenderometer', 0.2, true),
 (E'tenderometers', 0.2, true),
 (E'tenders', 0.6, true),
 (E'tense', -1.4, true),
 (E'tensed', -1.0, true),
 (E'tensely', -1.2, true),
 (E'tenseness', -1.5, true),
 (E'tenser', -1.5, true),
 (E'tenses', -0.9, true),
 (E'tensest', -1.2, true),
 (E'tensing', -1.0, true),
 (E'tension', -1.3, true),
 (E'tensional', -0.8, true),
 (E'tensioned', -0.4, true),
 (E'tensioner', -1.6, true),
 (E'tensioners', -0.9, true),
 (E'tensioning', -1.4, true),
 (E'tensionless', 0.6, true),
 (E'tensions', -1.7, true),
 (E'terrible', -2.1, true),
 (E'terribleness', -1.9, true),
 (E'terriblenesses', -2.6, true),
 (E'terribly', -2.6, true),
 (E'terrific', 2.1, true),
 (E'terrifically', 1.7, true),
 (E'terrified', -3.0, true),
 (E'terrifies', -2.6, true),
 (E'terrify', -2.3, true),
 (E'terrifying', -2.7, true),
 (E'terror', -2.4, true),
 (E'terrorise', -3.1, true),
 (E'terrorised', -3.3, true),
 (E'terrorises', -3.3, true),
 (E'terrorising', -3.0, true),
 (E'terrorism', -3.6, true),
 (E'terrorisms', -3.2, true),
 (E'terrorist', -3.7, true),
 (E'terroristic', -3.3, true),
 (E'terrorists', -3.1, true),
 (E'terrorization', -2.7, true),
 (E'terrorize', -3.3, true),
 (E'terrorized', -3.1, true),
 (E'terrorizes', -3.1, true),
 (E'terrorizing', -3.0, true),
 (E'terrorless', 0.9, true),
 (E'terrors', -2.6, true),
 (E'thank', 1.5, true),
 (E'thanked', 1.9, true),
 (E'thankful', 2.7, true),
 (E'thankfuller', 1.9, true),
 (E'thankfullest', 2.0, true),
 (E'thankfully', 1.8, true),
 (E'thankfulness', 2.1, true),
 (E'thanks', 1.9, true),
 (E'thief', -2.4, true),
 (E'thieve', -2.2, true),
 (E'thieved', -1.4, true),
 (E'thieveries', -2.1, true),
 (E'thievery', -2.0, true),
 (E'thieves', -2.3, true),
 (E'thorny', -1.1, true),
 (E'thoughtful', 1.6, true),
 (E'thoughtfully', 1.7, true),
 (E'thoughtfulness', 1.9, true),
 (E'thoughtless', -2.0, true),
 (E'threat', -2.4, true),
 (E'threaten', -1.6, true),
 (E'threatened', -2.0, true),
 (E'threatener', -1.4, true),
 (E'threateners', -1.8, true),
 (E'threatening', -2.4, true),
 (E'threateningly', -2.2, true),
 (E'threatens', -1.6, true),
 (E'threating', -2.0, true),
 (E'threats', -1.8, true),
 (E'thrill', 1.5, true),
 (E'thrilled', 1.9, true),
 (E'thriller', 0.4, true),
 (E'thrillers', 0.1, true),
 (E'thrilling', 2.1, true),
 (E'thrillingly', 2.0, true),
 (E'thrills', 1.5, true),
 (E'thwarted', -0.1, true),
 (E'thwarting', -0.7, true),
 (E'thwarts', -0.4, true),
 (E'ticked', -1.8, true),
 (E'timid', -1.0, true),
 (E'timider', -1.0, true),
 (E'timidest', -0.9, true),
 (E'timidities', -0.7, true),
 (E'timidity', -1.3, true),
 (E'timidly', -0.7, true),
 (E'timidness', -1.0, true),
 (E'timorous', -0.8, true),
 (E'tired', -1.9, true),
 (E'tits', -0.9, true),
 (E'tolerance', 1.2, true),
 (E'tolerances', 0.3, true),
 (E'tolerant', 1.1, true),
 (E'tolerantly', 0.4, true),
 (E'toothless', -1.4, true),
 (E'top', 0.8, true),
 (E'tops', 2.3, true),
 (E'torn', -1.0, true),
 (E'torture', -2.9, true),
 (E'tortured', -2.6, true),
 (E'torturer', -2.3, true),
 (E'torturers', -3.5, true),
 (E'tortures', -2.5, true),
 (E'torturing', -3.0, true),
 (E'torturous', -2.7, true),
 (E'torturously', -2.2, true),
 (E'totalitarian', -2.1, true),
 (E'totalitarianism', -2.7, true),
 (E'tough', -0.5, true),
 (E'toughed', 0.7, true),
 (E'toughen', 0.1, true),
 (E'toughened', 0.1, true),
 (E'toughening', 0.9, true),
 (E'toughens', -0.2, true),
 (E'tougher', 0.7, true),
 (E'toughest', -0.3, true),
 (E'toughie', -0.7, true),
 (E'toughies', -0.6, true),
 (E'toughing', -0.5, true),
 (E'toughish', -1.0, true),
 (E'toughly', -1.1, true),
 (E'toughness', -0.2, true),
 (E'toughnesses', 0.3, true),
 (E'toughs', -0.8, true),
 (E'toughy', -0.5, true),
 (E'tout', -0.5, true),
 (E'touted', -0.2, true),
 (E'touting', -0.7, true),
 (E'touts', -0.1, true),
 (E'tragedian', -0.5, true),
 (E'tragedians', -1.0, true),
 (E'tragedienne', -0.4, true),
 (E'tragediennes', -1.4, true),
 (E'tragedies', -1.9, true),
 (E'tragedy', -3.4, true),
 (E'tragic', -2.0, true),
 (E'tragical', -2.4, true),
 (E'tragically', -2.7, true),
 (E'tragicomedy', 0.2, true),
 (E'tragicomic', -0.2, true),
 (E'tragics', -2.2, true),
 (E'tranquil', 0.2, true),
 (E'tranquiler', 1.9, true),
 (E'tranquilest', 1.6, true),
 (E'tranquilities', 1.5, true),
 (E'tranquility', 1.8, true),
 (E'tranquilize', 0.3, true),
 (E'tranquilized', -0.2, true),
 (E'tranquilizer', -0.1, true),
 (E'tranquilizers', -0.4, true),
 (E'tranquilizes', -0.1, true),
 (E'tranquilizing', -0.5, true),
 (E'tranquillest', 0.8, true),
 (E'tranquillities', 0.5, true),
 (E'tranquillity', 1.8, true),
 (E'tranquillized', -0.2, true),
 (E'tranquillizer', -0.1, true),
 (E'tranquillizers', -0.2, true),
 (E'tranquillizes', 0.1, true),
 (E'tranquillizing', 0.8, true),
 (E'tranquilly', 1.2, true),
 (E'tranquilness', 1.5, true),
 (E'trap', -1.3, true),
 (E'trapped', -2.4, true),
 (E'trauma', -1.8, true),
 (E'traumas', -2.2, true),
 (E'traumata', -1.7, true),
 (E'traumatic', -2.7, true),
 (E'traumatically', -2.8, true),
 (E'traumatise', -2.8, true),
 (E'traumatised', -2.4, true),
 (E'traumatises', -2.2, true),
 (E'traumatising', -1.9, true),
 (E'traumatism', -2.4, true),
 (E'traumatization', -3.0, true),
 (E'traumatizations', -2.2, true),
 (E'traumatize', -2.4, true),
 (E'traumatized', -1.7, true),
 (E'traumatizes', -1.4, true),
 (E'traumatizing', -2.3, true),
 (E'travesty', -2.7, true),
 (E'treason', -1.9, true),
 (E'treasonous', -2.7, true),
 (E'treasurable', 2.5, true),
 (E'treasure', 1.2, true),
 (E'treasured', 2.6, true),
 (E'treasurer', 0.5, true),
 (E'treasurers', 0.4, true),
 (E'treasurership', 0.4, true),
 (E'treasurerships', 1.2, true),
 (E'treasures', 1.8, true),
 (E'treasuries', 0.9, true),
 (E'treasuring', 2.1, true),
 (E'treasury', 0.8, true),
 (E'treat', 1.7, true),
 (E'tremble', -1.1, true),
 (E'trembled', -1.1, true),
 (E'trembler', -0.6, true),
 (E'tremblers', -1.0, true),
 (E'trembles', -0.1, true),
 (E'trembling', -1.5, true),
 (E'trembly', -1.2, true),
 (E'tremulous', -1.0, true),
 (E'trick', -0.2, true),
 (E'tricked', -0.6, true),
 (E'tricker', -0.9, true),
 (E'trickeries', -1.2, true),
 (E'trickers', -1.4, true),
 (E'trickery', -1.1, true),
 (E'trickie', -0.4, true),
 (E'trickier', -0.7, true),
 (E'trickiest', -1.2, true),
 (E'trickily', -0.8, true),
 (E'trickiness', -1.2, true),
 (E'trickinesses', -0.4, true),
 (E'tricking', 0.1, true),
 (E'trickish', -1.0, true),
 (E'trickishly', -0.7, true),
 (E'trickishness', -0.4, true),
 (E'trickled', 0.1, true),
 (E'trickledown', -0.7, true),
 (E'trickles', 0.2, true),
 (E'trickling', -0.2, true),
 (E'trickly', -0.3, true),
 (E'tricks', -0.5, true),
 (E'tricksier', -0.5, true),
 (E'tricksiness', -1.0, true),
 (E'trickster', -0.9, true),
 (E'tricksters', -1.3, true),
 (E'tricksy', -0.8, true),
 (E'tricky', -0.6, true),
 (E'trite', -0.8, true),
 (E'triumph', 2.1, true),
 (E'triumphal', 2.0, true),
 (E'triumphalisms', 1.9, true),
 (E'triumphalist', 0.5, true),
 (E'triumphalists', 0.9, true),
 (E'triumphant', 2.4, true),
 (E'triumphantly', 2.3, true),
 (E'triumphed', 2.2, true),
 (E'triumphing', 2.3, true),
 (E'triumphs', 2.0, true),
 (E'trivial', -0.1, true),
 (E'trivialise', -0.8, true),
 (E'trivialised', -0.8, true),
 (E'trivialises', -1.1, true),
 (E'trivialising', -1.4, true),
 (E'trivialities', -1.0, true),
 (E'triviality', -0.5, true),
 (E'trivialization', -0.9, true),
 (E'trivializations', -0.7, true),
 (E'trivialize', -1.1, true),
 (E'trivialized', -0.6, true),
 (E'trivializes', -1.0, true),
 (E'trivializing', -0.6, true),
 (E'trivially', 0.4, true),
 (E'trivium', -0.3, true),
 (E'trouble', -1.7, true),
 (E'troubled', -2.0, true),
 (E'troublemaker', -2.0, true),
 (E'troublemakers', -2.2, true),
 (E'troublemaking', -1.8, true),
 (E'troubler', -1.4, true),
 (E'troublers', -1.9, true),
 (E'troubles', -2.0, true),
 (E'troubleshoot', 0.8, true),
 (E'troubleshooter', 1.0, true),
 (E'troubleshooters', 0.8, true),
 (E'troubleshooting', 0.7, true),
 (E'troubleshoots', 0.5, true),
 (E'troublesome', -2.3, true),
 (E'troublesomely', -1.8, true),
 (E'troublesomeness', -1.9, true),
 (E'troubling', -2.5, true),
 (E'troublous', -2.1, true),
 (E'troublously', -2.1, true),
 (E'trueness', 2.1, true),
 (E'truer', 1.5, true),
 (E'truest', 1.9, true),
 (E'truly', 1.9, true),
 (E'trust', 2.3, true),
 (E'trustability', 2.1, true),
 (E'trustable', 2.3, true),
 (E'trustbuster', -0.5, true),
 (E'trusted', 2.1, true),
 (E'trustee', 1.0, true),
 (E'trustees', 0.3, true),
 (E'trusteeship', 0.5, true),
 (E'trusteeships', 0.6, true),
 (E'truster', 1.9, true),
 (E'trustful', 2.1, true),
 (E'trustfully', 1.5, true),
 (E'trustfulness', 2.1, true),
 (E'trustier', 1.3, true),
 (E'trusties', 1.0, true),
 (E'trustiest', 2.2, true),
 (E'trustily', 1.6, true),
 (E'trustiness', 1.6, true),
 (E'trusting', 1.7, true),
 (E'trustingly', 1.6, true),
 (E'trustingness', 1.6, true),
 (E'trustless', -2.3, true),
 (E'trustor', 0.4, true),
 (E'trustors', 1.2, true),
 (E'trusts', 2.1, true),
 (E'trustworthily', 2.3, true),
 (E'trustworthiness', 1.8, true),
 (E'trustworthy', 2.6, true),
 (E'trusty', 2.2, true),
 (E'truth', 1.3, true),
 (E'truthful', 2.0, true),
 (E'truthfully', 1.9, true),
 (E'truthfulness', 1.7, true),
 (E'truths', 1.8, true),
 (E'tumor', -1.6, true),
 (E'turmoil', -1.5, true),
 (E'twat', -3.4, true),
 (E'ugh', -1.8, true),
 (E'uglier', -2.2, true),
 (E'uglies', -2.0, true),
 (E'ugliest', -2.8, true),
 (E'uglification', -2.2, true),
 (E'uglified', -1.5, true),
 (E'uglifies', -1.8, true),
 (E'uglify', -2.1, true),
 (E'uglifying', -2.2, true),
 (E'uglily', -2.1, true),
 (E'ugliness', -2.7, true),
 (E'uglinesses', -2.5, true),
 (E'ugly', -2.3, true),
 (E'unacceptable', -2.0, true),
 (E'unappreciated', -1.7, true),
 (E'unapproved', -1.4, true),
 (E'unattractive', -1.9, true),
 (E'unaware', -0.8, true),
 (E'unbelievable', 0.8, true),
 (E'unbelieving', -0.8, true),
 (E'unbiased', -0.1, true),
 (E'uncertain', -1.2, true),
 (E'uncertainly', -1.4, true),
 (E'uncertainness', -1.3, true),
 (E'uncertainties', -1.4, true),
 (E'uncertainty', -1.4, true),
 (E'unclear', -1.0, true),
 (E'uncomfortable', -1.6, true),
 (E'uncomfortably', -1.7, true),
 (E'uncompelling', -0.9, true),
 (E'unconcerned', -0.9, true),
 (E'unconfirmed', -0.5, true),
 (E'uncontrollability', -1.7, true),
 (E'uncontrollable', -1.5, true),
 (E'uncontrollably', -1.5, true),
 (E'uncontrolled', -1.0, true),
 (E'unconvinced', -1.6, true),
 (E'uncredited', -1.0, true),
 (E'undecided', -0.9, true),
 (E'underestimate', -1.2, true),
 (E'underestimated', -1.1, true),
 (E'underestimates', -1.1, true),
 (E'undermine', -1.2, true),
 (E'undermined', -1.5, true),
 (E'undermines', -1.4, true),
 (E'undermining', -1.5, true),
 (E'undeserving', -1.9, true),
 (E'undesirable', -1.9, true),
 (E'unease', -1.7, true),
 (E'uneasier', -1.4, true),
 (E'uneasiest', -2.1, true),
 (E'uneasily', -1.4, true),
 (E'uneasiness', -1.6, true),
 (E'uneasinesses', -1.8, true),
 (E'uneasy', -1.6, true),
 (E'unemployment', -1.9, true),
 (E'unequal', -1.4, true),
 (E'unequaled', 0.5, true),
 (E'unethical', -2.3, true),
 (E'unfair', -2.1, true),
 (E'unfocused', -1.7, true),
 (E'unfortunate', -2.0, true),
 (E'unfortunately', -1.4, true),
 (E'unfortunates', -1.9, true),
 (E'unfriendly', -1.5, true),
 (E'unfulfilled', -1.8, true),
 (E'ungrateful', -2.0, true),
 (E'ungratefully', -1.8, true),
 (E'ungratefulness', -1.6, true),
 (E'unhappier', -2.4, true),
 (E'unhappiest', -2.5, true),
 (E'unhappily', -1.9, true),
 (E'unhappiness', -2.4, true),
 (E'unhappinesses', -2.2, true),
 (E'unhappy', -1.8, true),
 (E'unhealthy', -2.4, true),
 (E'unified', 1.6, true),
 (E'unimportant', -1.3, true),
 (E'unimpressed', -1.4, true),
 (E'unimpressive', -1.4, true),
 (E'unintelligent', -2.0, true),
 (E'uninvolved', -2.2, true),
 (E'uninvolving', -2.0, true),
 (E'united', 1.8, true),
 (E'unjust', -2.3, true),
 (E'unkind', -1.6, true),
 (E'unlovable', -2.7, true),
 (E'unloved', -1.9, true),
 (E'unlovelier', -1.9, true),
 (E'unloveliest', -1.9, true),
 (E'unloveliness', -2.0, true),
 (E'unlovely', -2.1, true),
 (E'unloving', -2.3, true),
 (E'unmatched', -0.3, true),
 (E'unmotivated', -1.4, true),
 (E'unpleasant', -2.1, true),
 (E'unprofessional', -2.3, true),
 (E'unprotected', -1.5, true),
 (E'unresearched', -1.1, true),
 (E'unsatisfied', -1.7, true),
 (E'unsavory', -1.9, true),
 (E'unsecured', -1.6, true),
 (E'unsettled', -1.3, true),
 (E'unsophisticated', -1.2, true),
 (E'unstable', -1.5, true),
 (E'unstoppable', -0.8, true),
 (E'unsuccessful', -1.5, true),
 (E'unsuccessfully', -1.7, true),
 (E'unsupported', -1.7, true),
 (E'unsure', -1.0, true),
 (E'unsurely', -1.3, true),
 (E'untarnished', 1.6, true),
 (E'unwanted', -0.9, true),
 (E'unwelcome', -1.7, true),
 (E'unworthy', -2.0, true),
 (E'upset', -1.6, true),
 (E'upsets', -1.5, true),
 (E'upsetter', -1.9, true),
 (E'upsetters', -2.0, true),
 (E'upsetting', -2.1, true),
 (E'uptight', -1.6, true),
 (E'uptightness', -1.2, true),
 (E'urgent', 0.8, true),
 (E'useful', 1.9, true),
 (E'usefully', 1.8, true),
 (E'usefulness', 1.2, true),
 (E'useless', -1.8, true),
 (E'uselessly', -1.5, true),
 (E'uselessness', -1.6, true),
 (E'v.v', -2.9, true),
 (E'vague', -0.4, true),
 (E'vain', -1.8, true),
 (E'validate', 1.5, true),
 (E'validated', 0.9, true),
 (E'validates', 1.4, true),
 (E'validating', 1.4, true),
 (E'valuable', 2.1, true),
 (E'valuableness', 1.7, true),
 (E'valuables', 2.1, true),
 (E'valuably', 2.3, true),
 (E'value', 1.4, true),
 (E'valued', 1.9, true),
 (E'values', 1.7, true),
 (E'valuing', 1.4, true),
 (E'vanity', -0.9, true),
 (E'verdict', 0.6, true),
 (E'verdicts', 0.3, true),
 (E'vested', 0.6, true),
 (E'vexation', -1.9, true),
 (E'vexing', -2.0, true),
 (E'vibrant', 2.4, true),
 (E'vicious', -1.5, true),
 (E'viciously', -1.3, true),
 (E'viciousness', -2.4, true),
 (E'viciousnesses', -0.6, true),
 (E'victim', -1.1, true),
 (E'victimhood', -2.0, true),
 (E'victimhoods', -0.9, true),
 (E'victimise', -1.1, true),
 (E'victimised', -1.5, true),
 (E'victimises', -1.2, true),
 (E'victimising', -2.5, true),
 (E'victimization', -2.3, true),
 (E'victimizations', -1.5, true),
 (E'victimize', -2.5, true),
 (E'victimized', -1.8, true),
 (E'victimizer', -1.8, true),
 (E'victimizers', -1.6, true),
 (E'victimizes', -1.5, true),
 (E'victimizing', -2.6, true),
 (E'victimless', 0.6, true),
 (E'victimologies', -0.6, true),
 (E'victimologist', -0.5, true),
 (E'victimologists', -0.4, true),
 (E'victimology', 0.3, true),
 (E'victims', -1.3, true),
 (E'vigilant', 0.7, true),
 (E'vigor', 1.1, true),
 (E'vigorish', -0.4, true),
 (E'vigorishes', 0.4, true),
 (E'vigoroso', 1.5, true),
 (E'vigorously', 0.5, true),
 (E'vigorousness', 0.4, true),
 (E'vigors', 1.0, true),
 (E'vigour', 0.9, true),
 (E'vigours', 0.4, true),
 (E'vile', -3.1, true),
 (E'villain', -2.6, true),
 (E'villainess', -2.9, true),
 (E'villainesses', -2.0, true),
 (E'villainies', -2.3, true),
 (E'villainous', -2.0, true),
 (E'villainously', -2.9, true),
 (E'villainousness', -2.7, true),
 (E'villains', -3.4, true),
 (E'villainy', -2.6, true),
 (E'vindicate', 0.3, true),
 (E'vindicated', 1.8, true),
 (E'vindicates', 1.6, true),
 (E'vindicating', -1.1, true),
 (E'violate', -2.2, true),
 (E'violated', -2.4, true),
 (E'violater', -2.6, true),
 (E'violaters', -2.4, true),
 (E'violates', -2.3, true),
 (E'violating', -2.5, true),
 (E'violation', -2.2, true),
 (E'violations', -2.4, true),
 (E'violative', -2.4, true),
 (E'violator', -2.4, true),
 (E'violators', -1.9, true),
 (E'violence', -3.1, true),
 (E'violent', -2.9, true),
 (E'violently', -2.8, true),
 (E'virtue', 1.8, true),
 (E'virtueless', -1.4, true),
 (E'virtues', 1.5, true),
 (E'virtuosa', 1.7, true),
 (E'virtuosas', 1.8, true),
 (E'virtuose', 1.0, true),
 (E'virtuosi', 0.9, true),
 (E'virtuosic', 2.2, true),
 (E'virtuosity', 2.1, true),
 (E'virtuoso', 2.0, true),
 (E'virtuosos', 1.8, true),
 (E'virtuous', 2.4, true),
 (E'virtuously', 1.8, true),
 (E'virtuousness', 2.0, true),
 (E'virulent', -2.7, true),
 (E'vision', 1.0, true),
 (E'visionary', 2.4, true),
 (E'visioning', 1.1, true),
 (E'visions', 0.9, true),
 (E'vital', 1.2, true),
 (E'vitalise', 1.1, true),
 (E'vitalised', 0.6, true),
 (E'vitalises', 1.1, true),
 (E'vitalising', 2.1, true),
 (E'vitalism', 0.2, true),
 (E'vitalist', 0.3, true),
 (E'vitalists', 0.3, true),
 (E'vitalities', 1.2, true),
 (E'vitality', 1.3, true),
 (E'vitalization', 1.6, true),
 (E'vitalizations', 0.8, true),
 (E'vitalize', 1.6, true),
 (E'vitalized', 1.5, true),
 (E'vitalizes', 1.4, true),
 (E'vitalizing', 1.3, true),
 (E'vitally', 1.1, true),
 (E'vitals', 1.1, true),
 (E'vitamin', 1.2, true),
 (E'vitriolic', -2.1, true),
 (E'vivacious', 1.8, true),
 (E'vociferous', -0.8, true),
 (E'vulnerabilities', -0.6, true),
 (E'vulnerability', -0.9, true),
 (E'vulnerable', -0.9, true),
 (E'vulnerableness', -1.1, true),
 (E'vulnerably', -1.2, true),
 (E'vulture', -2.0, true),
 (E'vultures', -1.3, true),
 (E'w00t', 2.2, true),
 (E'walkout', -1.3, true),
 (E'walkouts', -0.7, true),
 (E'wanker', -2.5, true),
 (E'want', 0.3, true),
 (E'war', -2.9, true),
 (E'warfare', -1.2, true),
 (E'warfares', -1.8, true),
 (E'warm', 0.9, true),
 (E'warmblooded', 0.2, true),
 (E'warmed', 1.1, true),
 (E'warmer', 1.2, true),
 (E'warmers', 1.0, true),
 (E'warmest', 1.7, true),
 (E'warmhearted', 1.8, true),
 (E'warmheartedness', 2.7, true),
 (E'warming', 0.6, true),
 (E'warmish', 1.4, true),
 (E'warmly', 1.7, true),
 (E'warmness', 1.5, true),
 (E'warmonger', -2.9, true),
 (E'warmongering', -2.5, true),
 (E'warmongers', -2.8, true),
 (E'warmouth', 0.4, true),
 (E'warmouths', -0.8, true),
 (E'warms', 1.1, true),
 (E'warmth', 2.0, true),
 (E'warmup', 0.4, true),
 (E'warmups', 0.8, true),
 (E'warn', -0.4, true),
 (E'warned', -1.1, true),
 (E'warning', -1.4, true),
 (E'warnings', -1.2, true),
 (E'warns', -0.4, true),
 (E'warred', -2.4, true),
 (E'warring', -1.9, true),
 (E'wars', -2.6, true),
 (E'warsaw', -0.1, true),
 (E'warsaws', -0.2, true),
 (E'warship', -0.7, true),
 (E'warships', -0.5, true),
 (E'warstle', 0.1, true),
 (E'waste', -1.8, true),
 (E'wasted', -2.2, true),
 (E'wasting', -1.7, true),
 (E'wavering', -0.6, true),
 (E'weak', -1.9, true),
 (E'weaken', -1.8, true),
 (E'weakened', -1.3, true),
 (E'weakener', -1.6, true),
 (E'weakeners', -1.3, true),
 (E'weakening', -1.3, true),
 (E'weakens', -1.3, true),
 (E'weaker', -1.9, true),
 (E'weakest', -2.3, true),
 (E'weakfish', -0.2, true),
 (E'weakfishes', -0.6, true),
 (E'weakhearted', -1.6, true),
 (E'weakish', -1.2, true),
 (E'weaklier', -1.5, true),
 (E'weakliest', -2.1, true),
 (E'weakling', -1.3, true),
 (E'weaklings', -1.4, true),
 (E'weakly', -1.8, true),
 (E'weakness', -1.8, true),
 (E'weaknesses', -1.5, true),
 (E'weakside', -1.1, true),
 (E'wealth', 2.2, true),
 (E'wealthier', 2.2, true),
 (E'wealthiest', 2.2, true),
 (E'wealthily', 2.0, true),
 (E'wealthiness', 2.4, true),
 (E'wealthy', 1.5, true),
 (E'weapon', -1.2, true),
 (E'weaponed', -1.4, true),
 (E'weaponless', 0.1, true),
 (E'weaponry', -0.9, true),
 (E'weapons', -1.9, true),
 (E'weary', -1.1, true),
 (E'weep', -2.7, true),
 (E'weeper', -1.9, true),
 (E'weepers', -1.1, true),
 (E'weepie', -0.4, true),
 (E'weepier', -1.8, true),
 (E'weepies', -1.6, true),
 (E'weepiest', -2.4, true),
 (E'weeping', -1.9, true),
 (E'weepings', -1.9, true),
 (E'weeps', -1.4, true),
 (E'weepy', -1.3, true),
 (E'weird', -0.7, true),
 (E'weirder', -0.5, true),
 (E'weirdest', -0.9, true),
 (E'weirdie', -1.3, true),
 (E'weirdies', -1.0, true),
 (E'weirdly', -1.2, true),
 (E'weirdness', -0.9, true),
 (E'weirdnesses', -0.7, true),
 (E'weirdo', -1.8, true),
 (E'weirdoes', -1.3, true),
 (E'weirdos', -1.1, true),
 (E'weirds', -0.6, true),
 (E'weirdy', -0.9, true),
 (E'welcome', 2.0, true),
 (E'welcomed', 1.4, true),
 (E'welcomely', 1.9, true),
 (E'welcomeness', 2.0, true),
 (E'welcomer', 1.4, true),
 (E'welcomers', 1.9, true),
 (E'welcomes', 1.7, true),
 (E'welcoming', 1.9, true),
 (E'well', 1.1, true),
 (E'welladay', 0.3, true),
 (E'wellaway', -0.8, true),
 (E'wellborn', 1.8, true),
 (E'welldoer', 2.5, true),
 (E'welldoers', 1.6, true),
 (E'welled', 0.4, true),
 (E'wellhead', 0.1, true),
 (E'wellheads', 0.5, true),
 (E'wellhole', -0.1, true),
 (E'wellies', 0.4, true),
 (E'welling', 1.6, true),
 (E'wellness', 1.9, true),
 (E'wells', 1.0, true),
 (E'wellsite', 0.5, true),
 (E'wellspring', 1.5, true),
 (E'wellsprings', 1.4, true),
 (E'welly', 0.2, true),
 (E'wept', -2.0, true),
 (E'whimsical', 0.3, true),
 (E'whine', -1.5, true),
 (E'whined', -0.9, true),
 (E'whiner', -1.2, true),
 (E'whiners', -0.6, true),
 (E'whines', -1.8, true),
 (E'whiney', -1.3, true),
 (E'whining', -0.9, true),
 (E'whitewash', 0.1, true),
 (E'whore', -3.3, true),
 (E'whored', -2.8, true),
 (E'whoredom', -2.1, true),
 (E'whoredoms', -2.4, true),
 (E'whorehouse', -1.1, true),
 (E'whorehouses', -1.9, true),
 (E'whoremaster', -1.9, true),
 (E'whoremasters', -1.5, true),
 (E'whoremonger', -2.6, true),
 (E'whoremongers', -2.0, true),
 (E'whores', -3.0, true),
 (E'whoreson', -2.2, true),
 (E'whoresons', -2.5, true),
 (E'wicked', -2.4, true),
 (E'wickeder', -2.2, true),
 (E'wickedest', -2.9, true),
 (E'wickedly', -2.1, true),
 (E'wickedness', -2.1, true),
 (E'wickednesses', -2.2, true),
 (E'widowed', -2.1, true),
 (E'willingness', 1.1, true),
 (E'wimp', -1.4, true),
 (E'wimpier', -1.0, true),
 (E'wimpiest', -0.9, true),
 (E'wimpiness', -1.2, true),
 (E'wimpish', -1.6, true),
 (E'wimpishness', -0.2, true),
 (E'wimple', -0.2, true),
 (E'wimples', -0.3, true),
 (E'wimps', -1.0, true),
 (E'wimpy', -0.9, true),
 (E'win', 2.8, true),
 (E'winnable', 1.8, true),
 (E'winned', 1.8, true),
 (E'winner', 2.8, true),
 (E'winners', 2.1, true),
 (E'winning', 2.4, true),
 (E'winningly', 2.3, true),
 (E'winnings', 2.5, true),
 (E'winnow', -0.3, true),
 (E'winnower', -0.1, true),
 (E'winnowers', -0.2, true),
 (E'winnowing', -0.1, true),
 (E'winnows', -0.2, true),
 (E'wins', 2.7, true),
 (E'wisdom', 2.4, true),
 (E'wise', 2.1, true),
 (E'wiseacre', -1.2, true),
 (E'wiseacres', -0.1, true),
 (E'wiseass', -1.8, true),
 (E'wiseasses', -1.5, true),
 (E'wisecrack', -0.1, true),
 (E'wisecracked', -0.5, true),
 (E'wisecracker', -0.1, true),
 (E'wisecrackers', 0.1, true),
 (E'wisecracking', -0.6, true),
 (E'wisecracks', -0.3, true),
 (E'wised', 1.5, true),
 (E'wiseguys', 0.3, true),
 (E'wiselier', 0.9, true),
 (E'wiseliest', 1.6, true),
 (E'wisely', 1.8, true),
 (E'wiseness', 1.9, true),
 (E'wisenheimer', -1.0, true),
 (E'wisenheimers', -1.4, true),
 (E'wisents', 0.4, true),
 (E'wiser', 1.2, true),
 (E'wises', 1.3, true),
 (E'wisest', 2.1, true),
 (E'wisewomen', 1.3, true),
 (E'wish', 1.7, true),
 (E'wishes', 0.6, true),
 (E'wishing', 0.9, true),
 (E'witch', -1.5, true),
 (E'withdrawal', 0.1, true),
 (E'woe', -1.8, true),
 (E'woebegone', -2.6, true),
 (E'woebegoneness', -1.1, true),
 (E'woeful', -1.9, true),
 (E'woefully', -1.7, true),
 (E'woefulness', -2.1, true),
 (E'woes', -1.9, true),
 (E'woesome', -1.2, true),
 (E'won', 2.7, true),
 (E'wonderful', 2.7, true),
 (E'wonderfully', 2.9, true),
 (E'wonderfulness', 2.9, true),
 (E'woo', 2.1, true),
 (E'woohoo', 2.3, true),
 (E'woot', 1.8, true),
 (E'worn', -1.2, true),
 (E'worried', -1.2, true),
 (E'worriedly', -2.0, true),
 (E'worrier', -1.8, true),
 (E'worriers', -1.7, true),
 (E'worries', -1.8, true),
 (E'worriment', -1.5, true),
 (E'worriments', -1.9, true),
 (E'worrisome', -1.7, true),
 (E'worrisomely', -2.0, true),
 (E'worrisomeness', -1.9, true),
 (E'worrit', -2.1, true),
 (E'worrits', -1.2, true),
 (E'worry', -1.9, true),
 (E'worrying', -1.4, true),
 (E'worrywart', -1.8, true),
 (E'worrywarts', -1.5, true),
 (E'worse', -2.1, true),
 (E'worsen', -2.3, true),
 (E'worsened', -1.9, true),
 (E'worsening', -2.0, true),
 (E'worsens', -2.1, true),
 (E'worser', -2.0, true),
 (E'worship', 1.2, true),
 (E'worshiped', 2.4, true),
 (E'worshiper', 1.0, true),
 (E'worshipers', 0.9, true),
 (E'worshipful', 0.7, true),
 (E'worshipfully', 1.1, true),
 (E'worshipfulness', 1.6, true),
 (E'worshiping', 1.0, true),
 (E'worshipless', -0.6, true),
 (E'worshipped', 2.7, true),
 (E'worshipper', 0.6, true),
 (E'worshippers', 0.8, true),
 (E'worshipping', 1.6, true),
 (E'worships', 1.4, true),
 (E'worst', -3.1, true),
 (E'worth', 0.9, true),
 (E'worthless', -1.9, true),
 (E'worthwhile', 1.4, true),
 (E'worthy', 1.9, true),
 (E'wow', 2.8, true),
 (E'wowed', 2.6, true),
 (E'wowing', 2.5, true),
 (E'wows', 2.0, true),
 (E'wowser', -1.1, true),
 (E'wowsers', 1.0, true),
 (E'wrathful', -2.7, true),
 (E'wreck', -1.9, true),
 (E'wrong', -2.1, true),
 (E'wronged', -1.9, true),
 (E'yay', 2.4, true),
 (E'yeah', 1.2, true),
 (E'yearning', 0.5, true),
 (E'yeees', 1.7, true),
 (E'yep', 1.2, true),
 (E'yes', 1.7, true),
 (E'youthful', 1.3, true),
 (E'yucky', -1.8, true),
 (E'yummy', 2.4, true),
 (E'zealot', -1.9, true),
 (E'zealots', -0.8, true),
 (E'zealous', 0.5, true),
 (E'{:', 1.8, true),
 (E'|-0', -1.2, true),
 (E'|-:', -0.8, true),
 (E'|-:>', -1.6, true),
 (E'|-o', -1.2, true),
 (E'|:', -0.5, true),
 (E'|;-)', 2.2, true),
 (E'|=', -0.4, true),
 (E'|^:', -1.1, true),
 (E'|o:', -0.9, true),
 (E'||-:', -2.3, true),
 (E'}:', -2.1, true),
 (E'}:(', -2.0, true),
 (E'}:)', 0.4, true),
 (E'}:-(', -2.1, true),
 (E'}:-)', 0.3, true);
-- END generated lexicon

-- the triggers come after the seed rows (the per-row one would look up every seeded term)
CREATE TRIGGER sentiment_lexicon_user_rows
BEFORE INSERT OR UPDATE ON pmkt.sentiment_lexicon
FOR EACH ROW EXECUTE FUNCTION pmkt.sentiment_lexicon_trigger();
CREATE TRIGGER sentiment_lexicon_changed
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON pmkt.sentiment_lexicon
FOR EACH STATEMENT EXECUTE FUNCTION pmkt.sentiment_lexicon_trigger();

SELECT pg_catalog.pg_extension_config_dump('pmkt.sentiment_lexicon', 'WHERE NOT is_default');


-- ======== src/text/57_aspects.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- aspects: aspect-level sentiment on PostgreSQL text search (SPEC 1.3)
-- ---------------------------------------------------------------------------

CREATE TABLE pmkt.aspect_terms (
    aspect     text NOT NULL CHECK (aspect <> ''),
    term       text NOT NULL CHECK (term <> ''),
    is_default boolean NOT NULL DEFAULT false,
    PRIMARY KEY (aspect, term)
);
COMMENT ON TABLE pmkt.aspect_terms IS
'Aspect vocabularies of pmkt.aspect_sentiment: a sentence is about an aspect when its text search lexemes (to_tsvector with the configuration given, so stemmed and without stop words) contain one of the aspect''s terms (phraseto_tsquery: a multi-word term must appear as a phrase). Seeded with study A''s three aspects (is_default = true); add or edit rows for a shop''s own aspects or words (those rows are the user''s, is_default = false, and survive pg_dump/restore)';
COMMENT ON COLUMN pmkt.aspect_terms.aspect IS 'aspect name as reported (product quality, logistics, customer service or any user-defined aspect)';
COMMENT ON COLUMN pmkt.aspect_terms.term IS 'a word or phrase in the language of the configuration used; it is stemmed as the text is, so under english "arrived" also matches "arrive", "arrives" and "arriving" (but "deliver" does not match "delivery": Snowball stems them deliv and deliveri)';
COMMENT ON COLUMN pmkt.aspect_terms.is_default IS 'true while the row is as shipped by pmkt; set to false by any UPDATE';
GRANT SELECT ON pmkt.aspect_terms TO PUBLIC;

INSERT INTO pmkt.aspect_terms (aspect, term, is_default)
SELECT a, t, true FROM (VALUES
  ('product quality', ARRAY['quality', 'product', 'item', 'material', 'fabric', 'stitching',
     'build', 'well made', 'sturdy', 'durable', 'defective', 'broke', 'broken', 'works',
     'battery', 'size', 'fit', 'colour', 'color', 'design', 'finish', 'craftsmanship',
     'performance', 'cheap']),
  ('logistics', ARRAY['delivery', 'deliver', 'shipping', 'shipment', 'ship', 'package',
     'packaging', 'parcel', 'courier', 'arrived', 'arrival', 'tracking', 'logistics',
     'dispatch', 'transit', 'postage', 'carrier', 'late', 'early']),
  ('customer service', ARRAY['customer service', 'service', 'support', 'agent', 'staff',
     'refund', 'return', 'reply', 'response', 'helpdesk', 'help desk', 'seller',
     'representative', 'complaint', 'call centre', 'call center', 'chat', 'answered',
     'email', 'helpful'])
) v(a, ts), unnest(ts) t;

CREATE FUNCTION pmkt.aspect_terms_trigger() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    NEW.is_default := false;
  ELSE
    DELETE FROM pmkt.aspect_terms
    WHERE aspect = NEW.aspect AND term = NEW.term AND is_default;
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION pmkt.aspect_terms_trigger() IS
'Keeps pmkt.aspect_terms dump-safe: an UPDATE clears is_default; an INSERT of a row that is still a shipped default replaces that row';
CREATE TRIGGER aspect_terms_user_rows
BEFORE INSERT OR UPDATE ON pmkt.aspect_terms
FOR EACH ROW EXECUTE FUNCTION pmkt.aspect_terms_trigger();
SELECT pg_catalog.pg_extension_config_dump('pmkt.aspect_terms', 'WHERE NOT is_default');

CREATE FUNCTION pmkt.aspect_sentiment(
    txt           text,
    config        regconfig DEFAULT 'english',
    pos_threshold float8    DEFAULT 0.05,
    neg_threshold float8    DEFAULT -0.05)
RETURNS TABLE (aspect text, sentence_no int, sentence text, compound float8, label text)
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NOT (pos_threshold >= neg_threshold AND pos_threshold <= 1 AND neg_threshold >= -1) THEN
    RAISE EXCEPTION 'pmkt.aspect_sentiment: thresholds must satisfy -1 <= neg_threshold <= pos_threshold <= 1'
      USING ERRCODE = '22023',
            DETAIL = format('pos_threshold = %s, neg_threshold = %s', pos_threshold, neg_threshold),
            HINT = 'Use VADER''s defaults (0.05 and -0.05) or a pair inside [-1, 1] with pos_threshold >= neg_threshold.';
  END IF;
  RETURN QUERY
  WITH q AS (
    SELECT t.aspect AS a,
           string_agg('(' || phraseto_tsquery(config, t.term)::text || ')', ' | ')::tsquery AS query
    FROM pmkt.aspect_terms t
    WHERE phraseto_tsquery(config, t.term)::text <> ''
    GROUP BY t.aspect
  ), s AS (
    SELECT r.n::int AS n, btrim(r.x, E' \t\r\n') AS x
    FROM regexp_split_to_table(txt, '(?<=[.!?])\s+|\n+') WITH ORDINALITY AS r(x, n)
  )
  SELECT q.a, s.n, s.x, v.compound,
         CASE WHEN v.compound >= pos_threshold THEN 'positive'
              WHEN v.compound <= neg_threshold THEN 'negative' ELSE 'neutral' END
  FROM s CROSS JOIN LATERAL to_tsvector(config, s.x) AS tv
  JOIN q ON tv @@ q.query
  CROSS JOIN LATERAL pmkt.sentiment(s.x) AS v
  WHERE s.x <> ''
  ORDER BY s.n, q.a;
END $$;
COMMENT ON FUNCTION pmkt.aspect_sentiment(text, regconfig, float8, float8) IS
'Aspect-level sentiment of one text: the text is split into sentences (after . ! or ? followed by white space, and at line breaks), each sentence is matched against pmkt.aspect_terms on its text search lexemes (to_tsvector(config, sentence) @@ the aspect''s terms as phraseto_tsquery(config, term), OR-ed), and each (aspect, sentence) pair is one row with the sentence''s VADER compound score (pmkt.sentiment) and its label (positive when compound >= pos_threshold, negative when <= neg_threshold). A sentence about no aspect gives no row; NULL or empty text gives no rows. An unknown configuration raises 42704 (from the regconfig cast); a sentence over 1 MB raises 54000';

CREATE FUNCTION pmkt.aspect_sentiment_report(
    feedback      regclass,
    text_col      text      DEFAULT 'comment',
    config        regconfig DEFAULT 'english',
    pos_threshold float8    DEFAULT 0.05,
    neg_threshold float8    DEFAULT -0.05,
    digits        int       DEFAULT 4)
RETURNS TABLE (aspect text, mentions bigint, positive bigint, neutral bigint, negative bigint,
               positive_share numeric, neutral_share numeric, negative_share numeric)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
SET extra_float_digits = 1 AS $$
DECLARE
  coltype regtype;
BEGIN
  -- NULL arguments but digits give no rows (the function was STRICT)
  IF feedback IS NULL OR text_col IS NULL OR config IS NULL OR pos_threshold IS NULL OR neg_threshold IS NULL THEN
    RETURN;
  END IF;
  IF digits < 0 OR digits > 15 THEN
    RAISE EXCEPTION 'argument "digits" must be between 0 and 15'
      USING ERRCODE = '22023', DETAIL = format('Got %s.', digits),
            HINT = 'Pass the number of decimals to round to, or NULL for the values unrounded.';
  END IF;
  SELECT a.atttypid::regtype INTO coltype
  FROM pg_attribute a WHERE a.attrelid = feedback AND a.attname = text_col AND a.attnum > 0 AND NOT a.attisdropped;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'pmkt.aspect_sentiment_report: column "%" of table % does not exist', text_col, feedback
      USING ERRCODE = '42703',
            DETAIL = format('text_col = %L', text_col),
            HINT = 'Pass the name of the table''s text column as text_col.';
  END IF;
  IF coltype NOT IN ('text'::regtype, 'character varying'::regtype, 'character'::regtype) THEN
    RAISE EXCEPTION 'pmkt.aspect_sentiment_report: column "%" of table % must be text', text_col, feedback
      USING ERRCODE = '42804',
            DETAIL = format('the column is %s', coltype),
            HINT = 'Pass a text, varchar or char column, or a view casting it to text.';
  END IF;
  RETURN QUERY EXECUTE format($q$
    WITH m AS (
      SELECT f.rid, a.aspect AS a, avg(a.compound) AS c
      FROM (SELECT row_number() OVER () AS rid, t.%1$I::text AS txt FROM %2$s t) f
      CROSS JOIN LATERAL pmkt.aspect_sentiment(f.txt, $1, $2, $3) a
      GROUP BY f.rid, a.aspect
    ), l AS (
      SELECT m.a, CASE WHEN m.c >= $2 THEN 1 WHEN m.c <= $3 THEN 3 ELSE 2 END AS k FROM m
    ), asp AS (
      SELECT DISTINCT t.aspect AS a FROM pmkt.aspect_terms t
    )
    SELECT asp.a, count(l.k), count(*) FILTER (WHERE l.k = 1), count(*) FILTER (WHERE l.k = 2),
           count(*) FILTER (WHERE l.k = 3),
           -- each share as its shortest decimal (extra_float_digits = 1), rounded to $4
           CASE WHEN $4 IS NULL THEN ((count(*) FILTER (WHERE l.k = 1))::float8 / nullif(count(l.k), 0))::text::numeric
                ELSE pg_catalog.round(((count(*) FILTER (WHERE l.k = 1))::float8 / nullif(count(l.k), 0))::text::numeric, $4) END,
           CASE WHEN $4 IS NULL THEN ((count(*) FILTER (WHERE l.k = 2))::float8 / nullif(count(l.k), 0))::text::numeric
                ELSE pg_catalog.round(((count(*) FILTER (WHERE l.k = 2))::float8 / nullif(count(l.k), 0))::text::numeric, $4) END,
           CASE WHEN $4 IS NULL THEN ((count(*) FILTER (WHERE l.k = 3))::float8 / nullif(count(l.k), 0))::text::numeric
                ELSE pg_catalog.round(((count(*) FILTER (WHERE l.k = 3))::float8 / nullif(count(l.k), 0))::text::numeric, $4) END
    FROM asp LEFT JOIN l ON l.a = asp.a
    GROUP BY asp.a ORDER BY asp.a$q$, text_col, feedback)
  USING config, pos_threshold, neg_threshold, digits;
END $$;
COMMENT ON FUNCTION pmkt.aspect_sentiment_report(regclass, text, regconfig, float8, float8, int) IS
'Table 4 of study A from the texts of a feedback table: for every aspect of pmkt.aspect_terms, the feedback rows that mention it (mentions) and how many of them are positive, neutral and negative, with the shares. A row mentioning an aspect in several sentences counts once, labelled by the mean compound of those sentences (positive when >= pos_threshold, negative when <= neg_threshold; VADER''s 0.05 / -0.05 by default). text_col names the text column (42703 if missing, 42804 if not text); rows with NULL text mention nothing; an aspect no row mentions has 0 counts and NULL shares. A report for reading: the shares are numeric rounded to digits decimals (0..15, default 4; NULL: unrounded, the exact float8 share); NULL arguments other than digits give no rows';

-- ======== src/text/58_text_classifier.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- text classifier: multinomial naive Bayes and L2 logistic regression on
-- PostgreSQL text search lexemes (issue 18, part 3; SPEC 1.3)
-- ---------------------------------------------------------------------------
CREATE TYPE pmkt.textmodel;
CREATE FUNCTION pmkt.textmodel_in(cstring) RETURNS pmkt.textmodel
AS 'MODULE_PATHNAME', 'pmkt_textmodel_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.textmodel_out(pmkt.textmodel) RETURNS cstring
AS 'MODULE_PATHNAME', 'pmkt_textmodel_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.textmodel_recv(internal) RETURNS pmkt.textmodel
AS 'MODULE_PATHNAME', 'pmkt_textmodel_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.textmodel_send(pmkt.textmodel) RETURNS bytea
AS 'MODULE_PATHNAME', 'pmkt_textmodel_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE pmkt.textmodel (
    INPUT = pmkt.textmodel_in, OUTPUT = pmkt.textmodel_out,
    RECEIVE = pmkt.textmodel_recv, SEND = pmkt.textmodel_send,
    INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = extended);
COMMENT ON TYPE pmkt.textmodel IS
'a trained text classifier (flat varlena): method, text search configuration (by name), n-gram and TF-IDF settings, labels, vocabulary, weights; text form = hexadecimal of the bytes (exact), validated on input';
COMMENT ON FUNCTION pmkt.textmodel_in(cstring) IS 'pmkt.textmodel input: hexadecimal, every part validated';
COMMENT ON FUNCTION pmkt.textmodel_out(pmkt.textmodel) IS 'pmkt.textmodel output: hexadecimal of the model''s bytes';
COMMENT ON FUNCTION pmkt.textmodel_recv(internal) IS 'pmkt.textmodel binary input (validated)';
COMMENT ON FUNCTION pmkt.textmodel_send(pmkt.textmodel) IS 'pmkt.textmodel binary output';

CREATE FUNCTION pmkt.text_tokens(doc text, config regconfig DEFAULT 'english', ngram_max integer DEFAULT 1)
RETURNS text[]
AS 'MODULE_PATHNAME', 'pmkt_text_tokens'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.text_tokens(text, regconfig, integer) IS
'the terms the text classifier sees in a text, in order, with repeats: its text search lexemes (the server''s parser and dictionaries for config, as to_tsvector: stemmed, stop words dropped), then, with ngram_max = 2, ''a b'' for each lexeme a at position p and b at position p + 1 (no pair across a dropped stop word; pairs within the first 16383 positions); only the first 1 MB of the text is read; NULL gives NULL';

-- naive Bayes counts as a combinable aggregate: text_classifier_train's
-- naive Bayes (without TF-IDF) runs it over the query, so a parallel plan
-- (or Citus) can count on several cores; integer sums, the same model
CREATE TYPE pmkt.textnbstate;
CREATE FUNCTION pmkt.textnbstate_in(cstring) RETURNS pmkt.textnbstate
AS 'MODULE_PATHNAME', 'pmkt_textnbstate_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.textnbstate_out(pmkt.textnbstate) RETURNS cstring
AS 'MODULE_PATHNAME', 'pmkt_textnbstate_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.textnbstate_recv(internal) RETURNS pmkt.textnbstate
AS 'MODULE_PATHNAME', 'pmkt_textnbstate_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.textnbstate_send(pmkt.textnbstate) RETURNS bytea
AS 'MODULE_PATHNAME', 'pmkt_textnbstate_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE pmkt.textnbstate (
    INPUT = pmkt.textnbstate_in, OUTPUT = pmkt.textnbstate_out,
    RECEIVE = pmkt.textnbstate_recv, SEND = pmkt.textnbstate_send,
    INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = extended);
COMMENT ON TYPE pmkt.textnbstate IS
'naive Bayes counts of pmkt.text_nb_counts (flat varlena): configuration (by name), ngram_max, documents per label, and per term its document frequency and its count per label, labels and terms in byte order (one set of rows, one value, in any row order); text form = hexadecimal of the bytes (exact), validated on input';
COMMENT ON FUNCTION pmkt.textnbstate_in(cstring) IS 'pmkt.textnbstate input: hexadecimal, every part validated';
COMMENT ON FUNCTION pmkt.textnbstate_out(pmkt.textnbstate) IS 'pmkt.textnbstate output: hexadecimal of the state''s bytes';
COMMENT ON FUNCTION pmkt.textnbstate_recv(internal) IS 'pmkt.textnbstate binary input (validated)';
COMMENT ON FUNCTION pmkt.textnbstate_send(pmkt.textnbstate) IS 'pmkt.textnbstate binary output';

CREATE FUNCTION pmkt.text_nb_counts_sfunc(state pmkt.textnbstate, doc text, label text, config regconfig, ngram_max integer)
RETURNS pmkt.textnbstate
AS 'MODULE_PATHNAME', 'pmkt_text_nb_counts_sfunc'
LANGUAGE C STABLE PARALLEL SAFE COST 100;
COMMENT ON FUNCTION pmkt.text_nb_counts_sfunc(pmkt.textnbstate, text, text, regconfig, integer) IS
'Transition function of pmkt.text_nb_counts: adds one (text, label) row';

CREATE FUNCTION pmkt.text_nb_counts_combine(a pmkt.textnbstate, b pmkt.textnbstate)
RETURNS pmkt.textnbstate
AS 'MODULE_PATHNAME', 'pmkt_text_nb_counts_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.text_nb_counts_combine(pmkt.textnbstate, pmkt.textnbstate) IS
'Combine function of pmkt.text_nb_counts: adds two partial counts of the same configuration and ngram_max (exact integer sums)';

CREATE AGGREGATE pmkt.text_nb_counts(doc text, label text, config regconfig, ngram_max integer) (
    SFUNC = pmkt.text_nb_counts_sfunc,
    STYPE = pmkt.textnbstate,
    COMBINEFUNC = pmkt.text_nb_counts_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.text_nb_counts(text, text, regconfig, integer) IS
'naive Bayes counts of (text, label) rows, the terms as pmkt.text_tokens(doc, config, ngram_max): documents per label, per term its document frequency and count per label (a NULL label: the row is skipped and counted; a NULL text: a document without terms); config and ngram_max the same on every row; partial counts add exactly (parallel query, Citus); pmkt.text_classifier_train''s naive Bayes without TF-IDF is built on it';

CREATE FUNCTION pmkt.text_nb_counts_info(state pmkt.textnbstate) RETURNS jsonb
AS 'MODULE_PATHNAME', 'pmkt_text_nb_counts_info'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.text_nb_counts_info(pmkt.textnbstate) IS
'summary of a pmkt.textnbstate: configuration, ngram_max, documents, skipped rows, distinct terms, labels (byte order) and documents per label';

CREATE FUNCTION pmkt.text_nb_counts_terms(state pmkt.textnbstate)
RETURNS TABLE (term text, label text, documents bigint, occurrences bigint)
AS 'MODULE_PATHNAME', 'pmkt_text_nb_counts_terms'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION pmkt.text_nb_counts_terms(pmkt.textnbstate) IS
'the counts of a pmkt.textnbstate: one row per term and label where the term occurs (terms, then labels, in byte order): the term, the label, the documents of any label holding the term, and the term''s occurrences in documents of that label';

CREATE FUNCTION pmkt.text_classifier_train(
    query text,
    method text DEFAULT 'naive_bayes',
    config regconfig DEFAULT 'english',
    ngram_max integer DEFAULT 1,
    min_df integer DEFAULT 1,
    tfidf boolean DEFAULT false,
    alpha float8 DEFAULT 1.0,
    c float8 DEFAULT 1.0,
    max_iter integer DEFAULT 1000,
    tol float8 DEFAULT 1e-6)
RETURNS pmkt.textmodel
AS 'MODULE_PATHNAME', 'pmkt_text_classifier_train'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.text_classifier_train(text, text, regconfig, integer, integer, boolean, float8, float8, integer, float8) IS
'text classifier on the query''s rows (text, label): label boolean, integer or text (rows with a NULL label skipped; a NULL text is an empty document); terms as pmkt.text_tokens (ngram_max 1 or 2), kept when in at least min_df documents; features = counts, or TF-IDF (idf = ln((1+n)/(1+df)) + 1, rows of unit L2 norm) when tfidf; method ''naive_bayes'': multinomial naive Bayes with additive smoothing alpha and the class prior (as scikit-learn''s MultinomialNB); ''logistic'': L2 logistic regression minimising 0.5 |w|^2 + c * sum of log losses with an unpenalised intercept (as scikit-learn''s LogisticRegression(C = c)), binomial for two labels, multinomial (softmax) for more, by L-BFGS until the largest gradient component of the objective / (c n) is below tol (at most max_iter iterations; a NOTICE if not reached); naive Bayes without TF-IDF counts with the combinable aggregate pmkt.text_nb_counts over the query (a plain SELECT), so it may run in a parallel plan; deterministic (no seed needed); at least two labels (22023); the documents must fit pmkt.max_train_memory (53200)';

CREATE FUNCTION pmkt.text_classify(model pmkt.textmodel, doc text, OUT label text, OUT probability float8)
AS 'MODULE_PATHNAME', 'pmkt_text_classify'
LANGUAGE C STABLE PARALLEL SAFE COST 100;
COMMENT ON FUNCTION pmkt.text_classify(pmkt.textmodel, text) IS
'the most probable label of a text (its text form: ''true'', ''5'', ''billing'') and its probability; terms the model does not know are ignored; a NULL or empty text, or one with no known term, gets the class prior (naive Bayes) or the intercepts'' probabilities (logistic); ties go to the first label in the model''s order (text bytewise, integers numerically, false before true); the model is decoded once per distinct value and call site';

CREATE FUNCTION pmkt.text_classify_label(model pmkt.textmodel, doc text) RETURNS text
AS 'MODULE_PATHNAME', 'pmkt_text_classify_label'
LANGUAGE C STABLE PARALLEL SAFE COST 100;
COMMENT ON FUNCTION pmkt.text_classify_label(pmkt.textmodel, text) IS
'the label of pmkt.text_classify alone (no composite to build: cheaper over many rows)';

CREATE FUNCTION pmkt.text_classify_proba(model pmkt.textmodel, doc text)
RETURNS TABLE (label text, probability float8)
AS 'MODULE_PATHNAME', 'pmkt_text_classify_proba'
LANGUAGE C STABLE PARALLEL SAFE ROWS 3 COST 100;
COMMENT ON FUNCTION pmkt.text_classify_proba(pmkt.textmodel, text) IS
'one row per label of the model, in the model''s order, with its probability for the text (they sum to 1); NULL or empty text: as pmkt.text_classify';

CREATE FUNCTION pmkt.text_classifier_info(model pmkt.textmodel) RETURNS jsonb
AS 'MODULE_PATHNAME', 'pmkt_text_classifier_info'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.text_classifier_info(pmkt.textmodel) IS
'summary of a pmkt.textmodel: method, configuration, ngram_max, min_df, tfidf, label type, labels, training documents per label, vocabulary size, documents, skipped rows, alpha (naive Bayes) or c, tol, iterations, converged, binomial/multinomial (logistic)';

-- ======== src/text/59_topics.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- topics: latent Dirichlet allocation by variational Bayes, batch or online
-- (Hoffman, Blei and Bach 2010; scikit-learn's LatentDirichletAllocation),
-- on PostgreSQL text search lexemes (issue 18, part 4)
-- ---------------------------------------------------------------------------
CREATE TYPE pmkt.topicmodel;
CREATE FUNCTION pmkt.topicmodel_in(cstring) RETURNS pmkt.topicmodel
AS 'MODULE_PATHNAME', 'pmkt_topicmodel_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.topicmodel_out(pmkt.topicmodel) RETURNS cstring
AS 'MODULE_PATHNAME', 'pmkt_topicmodel_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.topicmodel_recv(internal) RETURNS pmkt.topicmodel
AS 'MODULE_PATHNAME', 'pmkt_topicmodel_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.topicmodel_send(pmkt.topicmodel) RETURNS bytea
AS 'MODULE_PATHNAME', 'pmkt_topicmodel_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE pmkt.topicmodel (
    INPUT = pmkt.topicmodel_in, OUTPUT = pmkt.topicmodel_out,
    RECEIVE = pmkt.topicmodel_recv, SEND = pmkt.topicmodel_send,
    INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = extended);
COMMENT ON TYPE pmkt.topicmodel IS
'an LDA topic model (flat varlena): settings, the text search configuration, the vocabulary (lexemes in byte order) and the n_topics x n_terms topic-word parameters lambda; text form = hexadecimal of the bytes (exact), validated on input';
COMMENT ON FUNCTION pmkt.topicmodel_in(cstring) IS 'pmkt.topicmodel input: hexadecimal, every part validated';
COMMENT ON FUNCTION pmkt.topicmodel_out(pmkt.topicmodel) IS 'pmkt.topicmodel output: hexadecimal of the model''s bytes';
COMMENT ON FUNCTION pmkt.topicmodel_recv(internal) IS 'pmkt.topicmodel binary input (validated)';
COMMENT ON FUNCTION pmkt.topicmodel_send(pmkt.topicmodel) IS 'pmkt.topicmodel binary output';

CREATE FUNCTION pmkt.topics_train(
    query text,
    n_topics integer DEFAULT 10,
    config regconfig DEFAULT 'english',
    seed bigint DEFAULT 0,
    max_iter integer DEFAULT 10,
    learning_method text DEFAULT 'batch',
    batch_size integer DEFAULT 128,
    min_df integer DEFAULT 1,
    max_df float8 DEFAULT 1.0,
    doc_topic_prior float8 DEFAULT NULL,
    topic_word_prior float8 DEFAULT NULL,
    learning_decay float8 DEFAULT 0.7,
    learning_offset float8 DEFAULT 10.0,
    max_doc_update_iter integer DEFAULT 100,
    mean_change_tol float8 DEFAULT 0.001,
    evaluate_every integer DEFAULT -1,
    perp_tol float8 DEFAULT 0.1,
    init_components float8[] DEFAULT NULL)
RETURNS pmkt.topicmodel
AS 'MODULE_PATHNAME', 'pmkt_topics_train'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.topics_train(text, integer, regconfig, bigint, integer, text, integer, integer, float8, float8, float8, float8, float8, integer, float8, integer, float8, float8[]) IS
'latent Dirichlet allocation (Hoffman, Blei and Bach 2010) by variational Bayes, step for step as scikit-learn''s LatentDirichletAllocation (same parameters and defaults): query returns (text) or (doc_id, text), in a fixed order (ORDER BY) for a reproducible model; each text becomes to_tsvector(config, text) (the server''s parser, stemmer and stop words), a lexeme counting its positions (at most 256); the vocabulary keeps lexemes in at least min_df documents and at most max_df x documents; NULL texts are skipped and counted in a NOTICE; learning_method batch (every document each pass) or online (mini-batches of batch_size in the query''s order); priors NULL = 1 / n_topics; initial lambda: seeded Gamma(100, 1/100) draws, or init_components (n_topics x vocabulary, positive, in the order of pmkt.topics_vocabulary); the documents and the n_topics x n_terms parameters must fit pmkt.max_train_memory (53200)';

CREATE FUNCTION pmkt.topic_terms(model pmkt.topicmodel, n integer DEFAULT 10)
RETURNS TABLE (topic integer, rank integer, term text, weight float8)
AS 'MODULE_PATHNAME', 'pmkt_topic_terms'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.topic_terms(pmkt.topicmodel, integer) IS
'the n heaviest terms (lexemes) of every topic: topic 1.., rank 1..n, weight = the term''s share of the topic''s parameters (lambda_kw / sum_w lambda_kw, the mean topic-word probability); ties by term order';

CREATE FUNCTION pmkt.topic_mixture(model pmkt.topicmodel, document text)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_topic_mixture'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.topic_mixture(pmkt.topicmodel, text) IS
'topic shares of one text (n_topics values summing to 1; scikit-learn''s transform): the E-step from gamma = 1 on the text''s lexemes that are in the vocabulary (others ignored); a text with no known lexeme gets equal shares; the decoded model is cached per call site';

CREATE FUNCTION pmkt.topics_perplexity(model pmkt.topicmodel, query text)
RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_topics_perplexity'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.topics_perplexity(pmkt.topicmodel, text) IS
'approximate perplexity exp(-bound / words) of the texts of query ((text) or (doc_id, text)) under the model, with scikit-learn''s variational bound (perplexity(X)); lexemes not in the vocabulary are ignored; lower is better';

CREATE FUNCTION pmkt.topics_components(model pmkt.topicmodel)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_topics_components'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.topics_components(pmkt.topicmodel) IS
'the n_topics x n_terms topic-word parameters lambda (scikit-learn''s components_), columns in the order of pmkt.topics_vocabulary';

CREATE FUNCTION pmkt.topics_vocabulary(model pmkt.topicmodel)
RETURNS text[]
AS 'MODULE_PATHNAME', 'pmkt_topics_vocabulary'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.topics_vocabulary(pmkt.topicmodel) IS
'the model''s lexemes in column order (byte order)';

CREATE FUNCTION pmkt.topics_model_info(model pmkt.topicmodel)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'pmkt_topics_model_info'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.topics_model_info(pmkt.topicmodel) IS
'summary of a pmkt.topicmodel: topics, terms, configuration, training settings, documents, skipped NULL texts, words, passes done, perplexity on the training texts';

-- ======== src/model/60_ols--1.0--1.1.sql
-- ols, 1.0 -> 1.1: the covariance matrix in pmkt.ols_result; ols_report gains
-- level and digits (numeric columns, confidence interval)
ALTER TYPE pmkt.ols_result ADD ATTRIBUTE covariance float8[];
COMMENT ON TYPE pmkt.ols_result IS
'Result of pmkt.ols: coefficients, standard errors, t statistics and two-sided p-values (arrays, intercept first when fitted), R squared, adjusted R squared, F statistic and its p-value, residual standard error, rows, degrees of freedom, Gaussian log-likelihood, AIC, BIC, condition number of X, numerical rank, whether an intercept was fitted, and (new in 1.1) the covariance matrix of the coefficients (p x p; from pmkt.ols_robust the HC0-HC3 sandwich). A rank-deficient fit has rank below the number of parameters and NULL estimates.';
-- models saved in text form by 1.0 have one field less: add the empty covariance
UPDATE pmkt.model_registry SET model = left(model, -1) || ',)'
WHERE model_type IN ('pmkt.ols_result', 'pmkt.logistic_result') AND model LIKE '(%)';
DROP FUNCTION pmkt.ols_report(pmkt.ols_result, text[]);
CREATE FUNCTION pmkt.ols_report(result pmkt.ols_result, names text[] DEFAULT NULL,
                                level float8 DEFAULT 0.95, digits int DEFAULT 4)
RETURNS TABLE (variable text, coefficient numeric, std_error numeric,
               t_value numeric, p_value numeric, ci_lower numeric, ci_upper numeric,
               stars text)
AS 'MODULE_PATHNAME', 'pmkt_ols_report_digits'
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION pmkt.ols_report(pmkt.ols_result, text[], float8, int) IS
'One row per parameter of an OLS fit (the regression table): variable name ("(Intercept)" first when fitted; names gives the regressors'' names, default x1, x2, ...), coefficient, standard error, t, two-sided p-value, the level (default 0.95) confidence interval b +- t(df_residual) * se, and significance stars (*** p<0.001, ** p<0.01, * p<0.05, . p<0.1). Values are numeric for reading: estimates, standard errors, t and bounds rounded to digits (1..15, default 4) significant digits, p-values to digits decimals (digits NULL: unrounded, the exact float8 values); the exact float8 values are in the result itself. Pass the result of pmkt.ols_robust for robust standard errors.';

-- ======== src/model/65_logistic--1.0--1.1.sql
-- logistic, 1.0 -> 1.1: the covariance matrix in pmkt.logistic_result
-- (registry models saved by 1.0 get their empty field in 60_ols--1.0--1.1)
ALTER TYPE pmkt.logistic_result ADD ATTRIBUTE covariance float8[];
COMMENT ON TYPE pmkt.logistic_result IS
'Result of pmkt.logistic_train: coefficients, standard errors (from the inverse information matrix), z statistics, two-sided normal p-values and odds ratios exp(b) (arrays, intercept first when fitted), log-likelihood, null (intercept-only) log-likelihood, McFadden pseudo R squared, AIC, Newton iterations, whether it converged, rows used, whether an intercept was fitted, and (new in 1.1) the covariance matrix of the coefficients (p x p, the inverse information matrix; from pmkt.logistic_robust the HC0-HC3 sandwich)';

-- ======== src/model/66_inference.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- inference: robust (HC0-HC3) covariance of OLS and logistic fits as a
-- second combinable pass, the logistic regression table and the
-- likelihood-ratio test (issue 16, point 3)
-- ---------------------------------------------------------------------------

CREATE TYPE pmkt.robust_state;

CREATE FUNCTION pmkt.robust_state_in(cstring) RETURNS pmkt.robust_state
AS 'MODULE_PATHNAME', 'pmkt_robust_state_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.robust_state_out(pmkt.robust_state) RETURNS cstring
AS 'MODULE_PATHNAME', 'pmkt_robust_state_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.robust_state_recv(internal) RETURNS pmkt.robust_state
AS 'MODULE_PATHNAME', 'pmkt_robust_state_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.robust_state_send(pmkt.robust_state) RETURNS bytea
AS 'MODULE_PATHNAME', 'pmkt_robust_state_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE pmkt.robust_state (
    INPUT = pmkt.robust_state_in,
    OUTPUT = pmkt.robust_state_out,
    RECEIVE = pmkt.robust_state_recv,
    SEND = pmkt.robust_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE pmkt.robust_state IS
'state of pmkt.ols_robust and pmkt.logistic_robust: the model (coefficients, bread, scalar fields), the covariance type, the rows read and the meat sum of w_i x_i x_i''; text form is the doubles in shortest exact decimal, so partial states ship as text';
COMMENT ON FUNCTION pmkt.robust_state_in(cstring) IS 'pmkt.robust_state input: numbers separated by spaces, validated (22P02)';
COMMENT ON FUNCTION pmkt.robust_state_out(pmkt.robust_state) IS 'pmkt.robust_state output: shortest exact numbers separated by spaces';
COMMENT ON FUNCTION pmkt.robust_state_recv(internal) IS 'pmkt.robust_state binary input, validated (22P03)';
COMMENT ON FUNCTION pmkt.robust_state_send(pmkt.robust_state) IS 'pmkt.robust_state binary output';

CREATE FUNCTION pmkt.ols_robust_sfunc(pmkt.robust_state, float8, float8[], pmkt.ols_result, text)
RETURNS pmkt.robust_state
AS 'MODULE_PATHNAME', 'pmkt_ols_robust_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.ols_robust_sfunc(pmkt.robust_state, float8, float8[], pmkt.ols_result, text) IS
'transition function of pmkt.ols_robust: adds the row''s weighted score outer product w x x'' (w = e^2, HC2 e^2/(1-h), HC3 e^2/(1-h)^2, h = x''(X''X)^-1 x)';
CREATE FUNCTION pmkt.logistic_robust_sfunc(pmkt.robust_state, float8, float8[], pmkt.logistic_result, text)
RETURNS pmkt.robust_state
AS 'MODULE_PATHNAME', 'pmkt_logistic_robust_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.logistic_robust_sfunc(pmkt.robust_state, float8, float8[], pmkt.logistic_result, text) IS
'transition function of pmkt.logistic_robust: adds the row''s weighted score outer product w x x'' (e = y - mu; h = mu(1-mu) x''(X''WX)^-1 x)';
CREATE FUNCTION pmkt.robust_combine(pmkt.robust_state, pmkt.robust_state)
RETURNS pmkt.robust_state
AS 'MODULE_PATHNAME', 'pmkt_robust_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.robust_combine(pmkt.robust_state, pmkt.robust_state) IS
'combine function of pmkt.ols_robust and pmkt.logistic_robust: adds the rows and meat sums of two states of the same model and covariance type';
CREATE FUNCTION pmkt.ols_robust_final(pmkt.robust_state)
RETURNS pmkt.ols_result
AS 'MODULE_PATHNAME', 'pmkt_ols_robust_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.ols_robust_final(pmkt.robust_state) IS
'final function of pmkt.ols_robust: the sandwich (X''X)^-1 M (X''X)^-1 (times n/(n-p) for HC1) and the model with robust standard errors, t, p-values, covariance and Wald F';
CREATE FUNCTION pmkt.logistic_robust_final(pmkt.robust_state)
RETURNS pmkt.logistic_result
AS 'MODULE_PATHNAME', 'pmkt_logistic_robust_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.logistic_robust_final(pmkt.robust_state) IS
'final function of pmkt.logistic_robust: the sandwich (X''WX)^-1 M (X''WX)^-1 (times n/(n-p) for HC1) and the model with robust standard errors, z, p-values and covariance';

CREATE AGGREGATE pmkt.ols_robust(y float8, x float8[], model pmkt.ols_result, cov_type text) (
    SFUNC = pmkt.ols_robust_sfunc,
    STYPE = pmkt.robust_state,
    COMBINEFUNC = pmkt.robust_combine,
    FINALFUNC = pmkt.ols_robust_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.ols_robust(float8, float8[], pmkt.ols_result, text) IS
'Heteroskedasticity-robust covariance of a pmkt.ols fit, a second pass over the same rows: cov_type ''HC0'', ''HC1'' (n/(n-p) HC0), ''HC2'' or ''HC3'' (leverage-corrected), as statsmodels OLS fit(cov_type=...). Returns the model with robust std_errors, t_values, p_values (t with df_residual), covariance and Wald F; pass it to pmkt.ols_report. Rows with NULL y, x or x elements are skipped as in pmkt.ols; the rows read must be the model''s n. Combinable, parallel safe.';
CREATE AGGREGATE pmkt.logistic_robust(y float8, x float8[], model pmkt.logistic_result, cov_type text) (
    SFUNC = pmkt.logistic_robust_sfunc,
    STYPE = pmkt.robust_state,
    COMBINEFUNC = pmkt.robust_combine,
    FINALFUNC = pmkt.logistic_robust_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pmkt.logistic_robust(float8, float8[], pmkt.logistic_result, text) IS
'Robust (sandwich) covariance of a pmkt.logistic_train fit, a second pass over the same rows (y 0/1): ''HC0'' (statsmodels Logit fit(cov_type=''HC0'')), ''HC1'' (n/(n-p) HC0), ''HC2'' and ''HC3'' with the GLM hat values (R sandwich::vcovHC). Returns the model with robust std_errors, z_values, p_values and covariance; pass it to pmkt.logistic_report. Combinable, parallel safe.';

CREATE FUNCTION pmkt.logistic_report(result pmkt.logistic_result, names text[] DEFAULT NULL,
                                     level float8 DEFAULT 0.95, digits int DEFAULT 4)
RETURNS TABLE (variable text, coefficient numeric, std_error numeric, z_value numeric,
               p_value numeric, ci_lower numeric, ci_upper numeric,
               odds_ratio numeric, or_lower numeric, or_upper numeric, stars text)
AS 'MODULE_PATHNAME', 'pmkt_logistic_report'
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION pmkt.logistic_report(pmkt.logistic_result, text[], float8, int) IS
'One row per parameter of a logistic fit: variable name ("(Intercept)" first; names as in pmkt.ols_report), coefficient (log-odds), standard error, z, two-sided p-value, the level (default 0.95) Wald interval b +- z * se, the odds ratio exp(b) and its interval exp(bounds), and significance stars. Numeric for reading: estimates rounded to digits (1..15, default 4) significant digits, p-values to digits decimals (digits NULL: unrounded, the exact float8 values).';

CREATE FUNCTION pmkt.logistic_lr_test(model pmkt.logistic_result,
                                      restricted pmkt.logistic_result DEFAULT NULL,
                                      OUT statistic float8, OUT df int, OUT p_value float8)
AS 'MODULE_PATHNAME', 'pmkt_logistic_lr_test'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.logistic_lr_test(pmkt.logistic_result, pmkt.logistic_result) IS
'Likelihood-ratio test of a logistic fit: 2 (ll - ll0) against chi-square with df = regressors besides the intercept (ll0: the intercept-only model; statsmodels llr, llr_pvalue), or against a nested restricted model fitted on the same rows (df = difference in parameters)';

-- ======== src/classify/80_classify_metrics.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- classify metrics (issue 13, part 3): classification report, ROC AUC, ROC
-- and precision-recall curves, gains table, log loss, Brier score, and a
-- seeded train/test split.  All aggregates are parallel safe with combine
-- functions; their states are plain SQL types (bytea, float8[]) that
-- survive a text round trip exactly and are validated on every read.
-- ---------------------------------------------------------------------------

-- classification report ------------------------------------------------------
CREATE FUNCTION pmkt.classification_report_sfunc(state bytea, actual anyelement, predicted anyelement)
RETURNS bytea AS 'MODULE_PATHNAME', 'pmkt_cr_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.classification_report_sfunc(bytea, anyelement, anyelement) IS
'transition function of pmkt.classification_report(actual, predicted); state: class labels (text form) and the confusion counts';
CREATE FUNCTION pmkt.classification_report_combine(a bytea, b bytea) RETURNS bytea
AS 'MODULE_PATHNAME', 'pmkt_cr_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.classification_report_combine(bytea, bytea) IS
'combine function of pmkt.classification_report(actual, predicted)';
CREATE FUNCTION pmkt.classification_report_final(state bytea) RETURNS jsonb
AS 'MODULE_PATHNAME', 'pmkt_cr_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.classification_report_final(bytea) IS
'final function of pmkt.classification_report(actual, predicted)';
CREATE AGGREGATE pmkt.classification_report(actual anyelement, predicted anyelement) (
  sfunc = pmkt.classification_report_sfunc, stype = bytea,
  combinefunc = pmkt.classification_report_combine,
  finalfunc = pmkt.classification_report_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.classification_report(anyelement, anyelement) IS
'classification report as jsonb: n, classes (sorted: numerically when all labels are numbers, else by text), confusion_matrix (rows actual, columns predicted), per_class precision/recall/f1/support/predicted, accuracy, balanced_accuracy, cohen_kappa, macro and weighted averages; 0/0 gives 0 as scikit-learn; rows with a NULL skipped; at most 1000 classes';

-- the same aggregate for the usual label types: Citus pushes an aggregate
-- down only when its declared argument types equal the call's (never for
-- anyelement), and these overloads are picked over the polymorphic one
-- (smallint too: with integer and bigint only, int2 labels would be ambiguous)
CREATE FUNCTION pmkt.classification_report_sfunc(state bytea, actual boolean, predicted boolean)
RETURNS bytea AS 'MODULE_PATHNAME', 'pmkt_cr_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.classification_report_sfunc(bytea, boolean, boolean) IS
'transition function of pmkt.classification_report(boolean, boolean)';
CREATE AGGREGATE pmkt.classification_report(actual boolean, predicted boolean) (
  sfunc = pmkt.classification_report_sfunc, stype = bytea,
  combinefunc = pmkt.classification_report_combine,
  finalfunc = pmkt.classification_report_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.classification_report(boolean, boolean) IS
'pmkt.classification_report(actual, predicted) for boolean labels (see the anyelement form); distributable by Citus';
CREATE FUNCTION pmkt.classification_report_sfunc(state bytea, actual text, predicted text)
RETURNS bytea AS 'MODULE_PATHNAME', 'pmkt_cr_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.classification_report_sfunc(bytea, text, text) IS
'transition function of pmkt.classification_report(text, text)';
CREATE AGGREGATE pmkt.classification_report(actual text, predicted text) (
  sfunc = pmkt.classification_report_sfunc, stype = bytea,
  combinefunc = pmkt.classification_report_combine,
  finalfunc = pmkt.classification_report_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.classification_report(text, text) IS
'pmkt.classification_report(actual, predicted) for text labels (see the anyelement form); distributable by Citus';
CREATE FUNCTION pmkt.classification_report_sfunc(state bytea, actual smallint, predicted smallint)
RETURNS bytea AS 'MODULE_PATHNAME', 'pmkt_cr_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.classification_report_sfunc(bytea, smallint, smallint) IS
'transition function of pmkt.classification_report(smallint, smallint)';
CREATE AGGREGATE pmkt.classification_report(actual smallint, predicted smallint) (
  sfunc = pmkt.classification_report_sfunc, stype = bytea,
  combinefunc = pmkt.classification_report_combine,
  finalfunc = pmkt.classification_report_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.classification_report(smallint, smallint) IS
'pmkt.classification_report(actual, predicted) for smallint labels (see the anyelement form); distributable by Citus';
CREATE FUNCTION pmkt.classification_report_sfunc(state bytea, actual integer, predicted integer)
RETURNS bytea AS 'MODULE_PATHNAME', 'pmkt_cr_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.classification_report_sfunc(bytea, integer, integer) IS
'transition function of pmkt.classification_report(integer, integer)';
CREATE AGGREGATE pmkt.classification_report(actual integer, predicted integer) (
  sfunc = pmkt.classification_report_sfunc, stype = bytea,
  combinefunc = pmkt.classification_report_combine,
  finalfunc = pmkt.classification_report_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.classification_report(integer, integer) IS
'pmkt.classification_report(actual, predicted) for integer labels (see the anyelement form); distributable by Citus';
CREATE FUNCTION pmkt.classification_report_sfunc(state bytea, actual bigint, predicted bigint)
RETURNS bytea AS 'MODULE_PATHNAME', 'pmkt_cr_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.classification_report_sfunc(bytea, bigint, bigint) IS
'transition function of pmkt.classification_report(bigint, bigint)';
CREATE AGGREGATE pmkt.classification_report(actual bigint, predicted bigint) (
  sfunc = pmkt.classification_report_sfunc, stype = bytea,
  combinefunc = pmkt.classification_report_combine,
  finalfunc = pmkt.classification_report_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.classification_report(bigint, bigint) IS
'pmkt.classification_report(actual, predicted) for bigint labels (see the anyelement form); distributable by Citus';

-- (score, actual) pairs: exact ROC AUC, curves, gains table ------------------
CREATE FUNCTION pmkt.score_pairs_sfunc(state float8[], score float8, actual boolean)
RETURNS float8[] AS 'MODULE_PATHNAME', 'pmkt_ps_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.score_pairs_sfunc(float8[], float8, boolean) IS
'transition function of pmkt.roc_auc, roc_curve, pr_curve; state [tag, n, bins, score1, label1, ...] plus spare capacity; 16 bytes a row within pmkt.max_train_memory';
CREATE FUNCTION pmkt.score_pairs_combine(a float8[], b float8[]) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_ps_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.score_pairs_combine(float8[], float8[]) IS
'combine function of pmkt.roc_auc, roc_curve, pr_curve, gains_table';

CREATE FUNCTION pmkt.roc_auc_final(state float8[]) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_roc_auc_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.roc_auc_final(float8[]) IS 'final function of pmkt.roc_auc(score, actual)';
CREATE AGGREGATE pmkt.roc_auc(score float8, actual boolean) (
  sfunc = pmkt.score_pairs_sfunc, stype = float8[], combinefunc = pmkt.score_pairs_combine,
  finalfunc = pmkt.roc_auc_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.roc_auc(float8, boolean) IS
'exact area under the ROC curve (ties count 1/2, as scikit-learn roc_auc_score); keeps every pair: 16 bytes a row within pmkt.max_train_memory (53200 beyond); NULLs skipped; NaN/Infinity scores and a single class are errors (22023)';

CREATE TYPE pmkt.roc_point AS (threshold float8, fpr float8, tpr float8);
COMMENT ON TYPE pmkt.roc_point IS 'a point of pmkt.roc_curve: rows with score >= threshold are flagged';
COMMENT ON COLUMN pmkt.roc_point.threshold IS 'score threshold (flag rows with score >= threshold); +Infinity for the first point (nothing flagged)';
COMMENT ON COLUMN pmkt.roc_point.fpr IS 'false positive rate: flagged negatives / all negatives';
COMMENT ON COLUMN pmkt.roc_point.tpr IS 'true positive rate (recall): flagged positives / all positives';
CREATE FUNCTION pmkt.roc_curve_final(state float8[]) RETURNS pmkt.roc_point[]
AS 'MODULE_PATHNAME', 'pmkt_roc_curve_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.roc_curve_final(float8[]) IS 'final function of pmkt.roc_curve(score, actual)';
CREATE AGGREGATE pmkt.roc_curve(score float8, actual boolean) (
  sfunc = pmkt.score_pairs_sfunc, stype = float8[], combinefunc = pmkt.score_pairs_combine,
  finalfunc = pmkt.roc_curve_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.roc_curve(float8, boolean) IS
'ROC curve points, highest threshold first: (Infinity, 0, 0) then one point per distinct score (scikit-learn roc_curve with drop_intermediate => false); unnest() it for charts';

CREATE TYPE pmkt.pr_point AS (threshold float8, "precision" float8, recall float8);
COMMENT ON TYPE pmkt.pr_point IS 'a point of pmkt.pr_curve: rows with score >= threshold are flagged';
COMMENT ON COLUMN pmkt.pr_point.threshold IS 'score threshold (flag rows with score >= threshold); +Infinity for the first point (nothing flagged)';
COMMENT ON COLUMN pmkt.pr_point."precision" IS 'precision: flagged positives / flagged rows (1 for the first point, as scikit-learn)';
COMMENT ON COLUMN pmkt.pr_point.recall IS 'recall: flagged positives / all positives';
CREATE FUNCTION pmkt.pr_curve_final(state float8[]) RETURNS pmkt.pr_point[]
AS 'MODULE_PATHNAME', 'pmkt_pr_curve_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.pr_curve_final(float8[]) IS 'final function of pmkt.pr_curve(score, actual)';
CREATE AGGREGATE pmkt.pr_curve(score float8, actual boolean) (
  sfunc = pmkt.score_pairs_sfunc, stype = float8[], combinefunc = pmkt.score_pairs_combine,
  finalfunc = pmkt.pr_curve_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.pr_curve(float8, boolean) IS
'precision-recall curve points, highest threshold first: (Infinity, 1, 0) then one point per distinct score (scikit-learn precision_recall_curve in reverse order); no positive row is an error (22023)';

CREATE TYPE pmkt.gains_row AS (
  bin bigint, rows bigint, responders bigint, response_rate float8,
  min_score float8, max_score float8, cum_rows bigint, cum_responders bigint,
  cum_response_rate float8, gain float8, lift float8, cum_lift float8);
COMMENT ON TYPE pmkt.gains_row IS 'a row of pmkt.gains_table: one score bin, best scores first';
COMMENT ON COLUMN pmkt.gains_row.bin IS 'bin number, 1 = highest scores; a run of tied scores stays in the bin where it starts, so a bin may be left out';
COMMENT ON COLUMN pmkt.gains_row.rows IS 'rows in the bin';
COMMENT ON COLUMN pmkt.gains_row.responders IS 'rows with actual = true in the bin';
COMMENT ON COLUMN pmkt.gains_row.response_rate IS 'responders / rows in the bin';
COMMENT ON COLUMN pmkt.gains_row.min_score IS 'lowest score in the bin';
COMMENT ON COLUMN pmkt.gains_row.max_score IS 'highest score in the bin';
COMMENT ON COLUMN pmkt.gains_row.cum_rows IS 'rows in this bin and all better ones';
COMMENT ON COLUMN pmkt.gains_row.cum_responders IS 'responders in this bin and all better ones';
COMMENT ON COLUMN pmkt.gains_row.cum_response_rate IS 'cum_responders / cum_rows';
COMMENT ON COLUMN pmkt.gains_row.gain IS 'cumulative gain: cum_responders / all responders (NULL when there is no responder)';
COMMENT ON COLUMN pmkt.gains_row.lift IS 'response_rate / overall response rate (NULL when there is no responder)';
COMMENT ON COLUMN pmkt.gains_row.cum_lift IS 'cum_response_rate / overall response rate (NULL when there is no responder)';
CREATE FUNCTION pmkt.gains_table_sfunc(state float8[], score float8, actual boolean, bins integer)
RETURNS float8[] AS 'MODULE_PATHNAME', 'pmkt_ps_sfunc_bins'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.gains_table_sfunc(float8[], float8, boolean, integer) IS
'transition function of pmkt.gains_table(score, actual, bins); the pairs state of pmkt.roc_auc with the bin count';
CREATE FUNCTION pmkt.gains_table_final(state float8[]) RETURNS pmkt.gains_row[]
AS 'MODULE_PATHNAME', 'pmkt_gains_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.gains_table_final(float8[]) IS 'final function of pmkt.gains_table(score, actual[, bins])';
CREATE AGGREGATE pmkt.gains_table(score float8, actual boolean, bins integer) (
  sfunc = pmkt.gains_table_sfunc, stype = float8[], combinefunc = pmkt.score_pairs_combine,
  finalfunc = pmkt.gains_table_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.gains_table(float8, boolean, integer) IS
'gains / lift table in bins of equal size by score, best first (bins 1..1000, the same on every row); exact: keeps every pair within pmkt.max_train_memory (53200 beyond)';
CREATE AGGREGATE pmkt.gains_table(score float8, actual boolean) (
  sfunc = pmkt.score_pairs_sfunc, stype = float8[], combinefunc = pmkt.score_pairs_combine,
  finalfunc = pmkt.gains_table_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.gains_table(float8, boolean) IS
'decile gains / lift table (10 bins), best scores first; see pmkt.gains_table(score, actual, bins)';

-- log loss and Brier score ---------------------------------------------------
CREATE FUNCTION pmkt.log_loss_sfunc(state float8[], probability float8, actual boolean)
RETURNS float8[] AS 'MODULE_PATHNAME', 'pmkt_log_loss_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.log_loss_sfunc(float8[], float8, boolean) IS
'transition function of pmkt.log_loss(probability, actual); state [tag, rows, sum of losses]';
CREATE FUNCTION pmkt.log_loss_combine(a float8[], b float8[]) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_log_loss_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.log_loss_combine(float8[], float8[]) IS 'combine function of pmkt.log_loss(probability, actual)';
CREATE FUNCTION pmkt.log_loss_final(state float8[]) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_log_loss_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.log_loss_final(float8[]) IS 'final function of pmkt.log_loss(probability, actual)';
CREATE AGGREGATE pmkt.log_loss(probability float8, actual boolean) (
  sfunc = pmkt.log_loss_sfunc, stype = float8[], combinefunc = pmkt.log_loss_combine,
  finalfunc = pmkt.log_loss_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.log_loss(float8, boolean) IS
'mean binary log loss (cross-entropy, natural log) of the predicted probability of true; probabilities clipped to [2.2e-16, 1 - 2.2e-16] as scikit-learn log_loss; outside [0, 1] is an error';

CREATE FUNCTION pmkt.brier_score_sfunc(state float8[], probability float8, actual boolean)
RETURNS float8[] AS 'MODULE_PATHNAME', 'pmkt_brier_sfunc'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.brier_score_sfunc(float8[], float8, boolean) IS
'transition function of pmkt.brier_score(probability, actual); state [tag, rows, sum of squared errors]';
CREATE FUNCTION pmkt.brier_score_combine(a float8[], b float8[]) RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_brier_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.brier_score_combine(float8[], float8[]) IS 'combine function of pmkt.brier_score(probability, actual)';
CREATE FUNCTION pmkt.brier_score_final(state float8[]) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_brier_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.brier_score_final(float8[]) IS 'final function of pmkt.brier_score(probability, actual)';
CREATE AGGREGATE pmkt.brier_score(probability float8, actual boolean) (
  sfunc = pmkt.brier_score_sfunc, stype = float8[], combinefunc = pmkt.brier_score_combine,
  finalfunc = pmkt.brier_score_final, parallel = safe);
COMMENT ON AGGREGATE pmkt.brier_score(float8, boolean) IS
'Brier score: mean squared difference between the predicted probability of true and the outcome (1/0); outside [0, 1] is an error';

-- train / test split ---------------------------------------------------------
CREATE FUNCTION pmkt.split_hash(key text, seed integer DEFAULT 0) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_split_hash'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.split_hash(text, integer) IS
'a seeded hash of a key as a fraction in [0, 1): FNV-1a 64 over the seed (4 bytes, little-endian) and the key''s bytes, splitmix64 finish, top 53 bits; the same on every platform and server version';
CREATE FUNCTION pmkt.train_test_split(key text, test_fraction float8 DEFAULT 0.2, seed integer DEFAULT 0)
RETURNS text AS 'MODULE_PATHNAME', 'pmkt_train_test_split'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.train_test_split(text, float8, integer) IS
'''test'' when pmkt.split_hash(key, seed) < test_fraction, else ''train'': a deterministic split column (about test_fraction of the keys, the same key always on the same side); cast other keys to text';
CREATE FUNCTION pmkt.stratified_split(query text, key_column text, stratify_column text,
                                      test_fraction float8 DEFAULT 0.2, seed integer DEFAULT 0)
RETURNS TABLE (key text, stratum text, split text)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
AS $$
-- no SET search_path: the caller's query runs under the caller's path; the
-- wrapper below names every function and operator by schema

BEGIN
  IF query IS NULL OR key_column IS NULL OR stratify_column IS NULL OR test_fraction IS NULL OR seed IS NULL THEN
    RAISE EXCEPTION 'pmkt.stratified_split: arguments must not be NULL'
      USING ERRCODE = '22004', HINT = 'Pass a query, its key and stratum column names, a test fraction and a seed.';
  END IF;
  IF NOT (test_fraction >= 0 AND test_fraction <= 1) THEN
    RAISE EXCEPTION 'invalid value for argument "test_fraction"'
      USING ERRCODE = '22023', DETAIL = format('Got %s.', test_fraction), HINT = 'Use a fraction in [0, 1], e.g. 0.2.';
  END IF;
  RETURN QUERY EXECUTE format(
    'SELECT k, s, CASE WHEN rn OPERATOR(pg_catalog.<=) pg_catalog.round($1 OPERATOR(pg_catalog.*) cnt::pg_catalog.float8)
                       THEN ''test''::pg_catalog.text ELSE ''train''::pg_catalog.text END
       FROM (SELECT k, s, pg_catalog.row_number() OVER (PARTITION BY s ORDER BY pmkt.split_hash(k, $2), k COLLATE "C") AS rn,
                    pg_catalog.count(*) OVER (PARTITION BY s) AS cnt
               FROM (SELECT q.%I::pg_catalog.text AS k, q.%I::pg_catalog.text AS s FROM (%s) q) r) z',
    key_column, stratify_column, query) USING test_fraction, seed;
END $$;
COMMENT ON FUNCTION pmkt.stratified_split(text, text, text, float8, integer) IS
'stratified train/test split of a query''s rows: in each stratum, the round(test_fraction x stratum size) keys with the smallest pmkt.split_hash(key, seed) are ''test'', the rest ''train''; deterministic';

-- ======== src/classify/81_tree.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- tree: CART classification trees and random forests (issue 13, part 1).
-- Training reads a query: every column but the target is a feature, by
-- name; numeric and boolean columns are numbers, text columns categories.
-- ---------------------------------------------------------------------------
CREATE TYPE pmkt.treemodel;
CREATE FUNCTION pmkt.treemodel_in(cstring) RETURNS pmkt.treemodel
AS 'MODULE_PATHNAME', 'pmkt_treemodel_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.treemodel_out(pmkt.treemodel) RETURNS cstring
AS 'MODULE_PATHNAME', 'pmkt_treemodel_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.treemodel_recv(internal) RETURNS pmkt.treemodel
AS 'MODULE_PATHNAME', 'pmkt_treemodel_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.treemodel_send(pmkt.treemodel) RETURNS bytea
AS 'MODULE_PATHNAME', 'pmkt_treemodel_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE pmkt.treemodel (
    INPUT = pmkt.treemodel_in, OUTPUT = pmkt.treemodel_out,
    RECEIVE = pmkt.treemodel_recv, SEND = pmkt.treemodel_send,
    INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = extended);
COMMENT ON TYPE pmkt.treemodel IS
'a CART tree or a random forest (flat varlena): feature names and types, categories, classes, nodes, class probabilities, importances; text form = hexadecimal of the bytes (exact), validated on input';
COMMENT ON FUNCTION pmkt.treemodel_in(cstring) IS 'pmkt.treemodel input: hexadecimal, every part validated';
COMMENT ON FUNCTION pmkt.treemodel_out(pmkt.treemodel) IS 'pmkt.treemodel output: hexadecimal of the model''s bytes';
COMMENT ON FUNCTION pmkt.treemodel_recv(internal) IS 'pmkt.treemodel binary input (validated)';
COMMENT ON FUNCTION pmkt.treemodel_send(pmkt.treemodel) IS 'pmkt.treemodel binary output';

CREATE FUNCTION pmkt.tree_train(
    query text, target text,
    criterion text DEFAULT 'gini', max_depth integer DEFAULT NULL,
    min_samples_split integer DEFAULT 2, min_samples_leaf integer DEFAULT 1,
    class_weight text DEFAULT NULL, ccp_alpha float8 DEFAULT 0,
    splitter text DEFAULT 'hist')
RETURNS pmkt.treemodel
AS 'MODULE_PATHNAME', 'pmkt_tree_train'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.tree_train(text, text, text, integer, integer, integer, text, float8, text) IS
'CART classification tree (Breiman et al. 1984) on the query''s rows: target = the class column (boolean, integer or text), every other column a feature by name (numeric/boolean: numbers; text: categories, split by the ordering of Breiman''s theorem for 2 classes, by the share of the node''s majority class otherwise); criterion gini or entropy; max_depth NULL = 200; class_weight NULL or ''balanced''; ccp_alpha: minimal cost-complexity pruning; splitter ''hist'' (default: each numeric feature in at most 255 bins, one per distinct value when it has at most 255, else cut at quantiles of a seeded sample of 200000 values; thresholds midway between the node''s neighbouring bins; the exact search when a text feature has more than 255 categories or a node''s histograms, features x 256 bins x (classes + 1) x 8 bytes, exceed 1/16 of pmkt.max_train_memory) or ''exact'' (every midpoint, as scikit-learn); NULL features: skipped when choosing a split, then sent with unseen categories to the larger child; rows with a NULL target skipped; the rows must fit pmkt.max_train_memory (53200)';

CREATE FUNCTION pmkt.forest_train(
    query text, target text,
    n_trees integer DEFAULT 100, max_features text DEFAULT 'sqrt',
    bootstrap_fraction float8 DEFAULT 1.0, seed integer DEFAULT 0,
    criterion text DEFAULT 'gini', max_depth integer DEFAULT NULL,
    min_samples_split integer DEFAULT 2, min_samples_leaf integer DEFAULT 1,
    class_weight text DEFAULT NULL, ccp_alpha float8 DEFAULT 0,
    permutation_importance boolean DEFAULT true,
    splitter text DEFAULT 'hist')
RETURNS pmkt.treemodel
AS 'MODULE_PATHNAME', 'pmkt_forest_train'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.forest_train(text, text, integer, text, float8, integer, text, integer, integer, integer, text, float8, boolean, text) IS
'random forest (Breiman 2001) of CART trees (see pmkt.tree_train): each tree on a bootstrap sample of bootstrap_fraction x rows drawn with replacement, max_features (''sqrt'', ''log2'', ''all'' or a count) features tried per split; seeded and reproducible; splitter as in pmkt.tree_train; with ''hist'' the trees grow in 1 + max_parallel_workers_per_gather threads, each from its own seed (the model does not depend on the thread count); out-of-bag accuracy, mean impurity importance and out-of-bag permutation importance (Breiman) in the model';

-- predict(model, t) / predict_proba(model, t[, class]) with t the whole row
-- of a table are rewritten at plan time into the columns form below, which
-- takes t's columns as separate arguments: no row value is formed and
-- deformed per scored row (see pmkt_tree_predict_support in tree.c)
CREATE FUNCTION pmkt.tree_predict_columns(model pmkt.treemodel, present tid, names text[], VARIADIC columns "any")
RETURNS text
AS 'MODULE_PATHNAME', 'pmkt_tree_predict_columns'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.tree_predict_columns(pmkt.treemodel, tid, text[], "any") IS
'support function: pmkt.predict(model, t) on the columns of t (names: a constant array of their names, one per column argument; present: t''s ctid, NULL gives NULL); the planner rewrites pmkt.predict(model, t) for the whole row t of a table into it';
CREATE FUNCTION pmkt.tree_predict_proba_columns(model pmkt.treemodel, named boolean, class text, present tid, names text[], VARIADIC columns "any")
RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_tree_predict_proba_columns'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.tree_predict_proba_columns(pmkt.treemodel, boolean, text, tid, text[], "any") IS
'support function: pmkt.predict_proba(model, t[, class]) on the columns of t (named: the class argument is given; names and present as in pmkt.tree_predict_columns); the planner rewrites pmkt.predict_proba(model, t[, class]) for the whole row t of a table into it';
CREATE FUNCTION pmkt.tree_predict_support(internal) RETURNS internal
AS 'MODULE_PATHNAME', 'pmkt_tree_predict_support'
LANGUAGE C STRICT;
COMMENT ON FUNCTION pmkt.tree_predict_support(internal) IS
'planner support function of pmkt.predict / pmkt.predict_proba on a pmkt.treemodel (rewrites a whole-row argument of a table into the columns form)';

CREATE FUNCTION pmkt.predict(model pmkt.treemodel, "row" record) RETURNS text
AS 'MODULE_PATHNAME', 'pmkt_tree_predict'
LANGUAGE C STABLE STRICT PARALLEL SAFE
SUPPORT pmkt.tree_predict_support;
COMMENT ON FUNCTION pmkt.predict(pmkt.treemodel, record) IS
'the most probable class (text form) for a row whose columns are matched to the model''s features by name, e.g. pmkt.predict(m, t) FROM customers t; extra columns ignored; a missing feature column is an error (42703); NULL and unseen categories go to the larger child';
CREATE FUNCTION pmkt.predict_proba(model pmkt.treemodel, "row" record) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_tree_predict_proba'
LANGUAGE C STABLE STRICT PARALLEL SAFE
SUPPORT pmkt.tree_predict_support;
COMMENT ON FUNCTION pmkt.predict_proba(pmkt.treemodel, record) IS
'probability of the second class of a two-class model (true, the larger integer, or the later text label), averaged over the trees';
CREATE FUNCTION pmkt.predict_proba(model pmkt.treemodel, "row" record, class text) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_tree_predict_proba'
LANGUAGE C STABLE STRICT PARALLEL SAFE
SUPPORT pmkt.tree_predict_support;
COMMENT ON FUNCTION pmkt.predict_proba(pmkt.treemodel, record, text) IS
'probability of the named class (its text form, e.g. ''t'' for true) for the row, averaged over the trees';

CREATE FUNCTION pmkt.tree_rules(model pmkt.treemodel, tree integer DEFAULT 1)
RETURNS SETOF text
AS 'MODULE_PATHNAME', 'pmkt_tree_rules'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.tree_rules(pmkt.treemodel, integer) IS
'one readable rule per leaf of a tree (1 = the first of a forest): IF age <= 30.5 AND job IN (''admin'') THEN t (p = 0.820, n = 1204)';

CREATE FUNCTION pmkt.feature_importance(model pmkt.treemodel, digits int DEFAULT 4)
RETURNS TABLE (feature text, feature_type text, impurity_importance numeric, permutation_importance numeric)
AS 'MODULE_PATHNAME', 'pmkt_tree_importance'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.feature_importance(pmkt.treemodel, int) IS
'per feature: type, impurity importance (weighted Gini/entropy decrease, sums to 1; mean over the trees of a forest), permutation importance (mean out-of-bag accuracy drop when the feature is shuffled; forests only, else NULL). A report for reading: numeric, rounded to digits decimals (0..15, default 4); digits NULL: nothing rounded (each value the exact float8 result as the shortest numeric that reads back as it); a NULL model gives no rows';

CREATE FUNCTION pmkt.tree_model_info(model pmkt.treemodel) RETURNS jsonb
AS 'MODULE_PATHNAME', 'pmkt_tree_info'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.tree_model_info(pmkt.treemodel) IS
'summary of a pmkt.treemodel: kind (tree/forest), trees, nodes, leaves, depth, criterion, target type, training and skipped rows, out-of-bag accuracy, classes, features';

-- ======== src/classify/82_svm.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- svm: linear support vector machine by dual coordinate descent (issue 13,
-- part 2; Hsieh et al. 2008, the LIBLINEAR method of LinearSVC).
-- ---------------------------------------------------------------------------
CREATE TYPE pmkt.svm_model AS (
  features text[], classes text[], coef float8[], intercept float8,
  mean float8[], scale float8[], coef_original float8[], intercept_original float8,
  loss text, iterations integer, training_rows bigint,
  intercepts float8[], intercepts_original float8[]);
COMMENT ON TYPE pmkt.svm_model IS 'a linear SVM trained by pmkt.svm_train; decision = coef . (x - mean) / scale + intercept (two classes), or per class row r of coef and intercepts[r] (more classes, one-vs-rest)';
COMMENT ON COLUMN pmkt.svm_model.features IS 'feature column names, matched by name at scoring';
COMMENT ON COLUMN pmkt.svm_model.classes IS 'the classes (text form), sorted; with two, the second is the positive side (decision > 0)';
COMMENT ON COLUMN pmkt.svm_model.coef IS 'weights of the standardised features: a vector (two classes), or one row per class (more classes: each class against the rest)';
COMMENT ON COLUMN pmkt.svm_model.intercept IS 'intercept in the standardised space (regularised, as LIBLINEAR with intercept_scaling 1); NULL with more than two classes (see intercepts)';
COMMENT ON COLUMN pmkt.svm_model.mean IS 'training means used to centre the features (0 with standardize => false)';
COMMENT ON COLUMN pmkt.svm_model.scale IS 'training population standard deviations used to scale the features (1 with standardize => false or for a constant column)';
COMMENT ON COLUMN pmkt.svm_model.coef_original IS 'the same weights in the features'' own units: coef / scale (one row per class with more than two classes)';
COMMENT ON COLUMN pmkt.svm_model.intercept_original IS 'the intercept in the features'' own units: intercept - sum(coef x mean / scale); NULL with more than two classes';
COMMENT ON COLUMN pmkt.svm_model.loss IS 'hinge or squared_hinge';
COMMENT ON COLUMN pmkt.svm_model.iterations IS 'passes over the rows of the coordinate descent';
COMMENT ON COLUMN pmkt.svm_model.training_rows IS 'rows used (rows with a NULL feature or target are skipped)';
COMMENT ON COLUMN pmkt.svm_model.intercepts IS 'more than two classes: the intercept of each class''s one-vs-rest classifier, standardised space; NULL with two classes';
COMMENT ON COLUMN pmkt.svm_model.intercepts_original IS 'more than two classes: the same intercepts in the features'' own units; NULL with two classes';

CREATE FUNCTION pmkt.svm_train(query text, target text,
    c float8 DEFAULT 1.0, loss text DEFAULT 'squared_hinge', class_weight text DEFAULT NULL,
    tol float8 DEFAULT 1e-6, max_iter integer DEFAULT 1000, standardize boolean DEFAULT true,
    seed integer DEFAULT 0)
RETURNS pmkt.svm_model
AS 'MODULE_PATHNAME', 'pmkt_svm_train'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.svm_train(text, text, float8, text, text, float8, integer, boolean, integer) IS
'linear SVM on the query''s rows: target = the class column (boolean, integer or text; with more than two classes one classifier per class against the rest, as LIBLINEAR / LinearSVC, balanced weights n / (k n_c) on the class''s rows), every other column a numeric or boolean feature by name; minimises 1/2 |w|^2 + C sum loss with loss hinge or squared_hinge by dual coordinate descent (Hsieh et al. 2008), features z-scored unless standardize => false, class_weight NULL or ''balanced''; stops when the projected gradient spread < tol or after max_iter passes; rows with a NULL feature skipped; within pmkt.max_train_memory (53200)';
CREATE FUNCTION pmkt.svm_decision(model pmkt.svm_model, "row" record) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_svm_decision'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.svm_decision(pmkt.svm_model, record) IS
'decision value of a two-class linear SVM for a row whose columns are matched to the features by name (> 0: the second class); NULL when a feature is NULL; a model of more classes: name the class';
CREATE FUNCTION pmkt.svm_decision(model pmkt.svm_model, "row" record, class text) RETURNS float8
AS 'MODULE_PATHNAME', 'pmkt_svm_decision'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.svm_decision(pmkt.svm_model, record, text) IS
'decision value of the named class (text form) for the row: its one-vs-rest classifier (more than two classes), or with two classes the decision value of the second class and its negative for the first; NULL when a feature is NULL';
CREATE FUNCTION pmkt.svm_predict(model pmkt.svm_model, "row" record) RETURNS text
AS 'MODULE_PATHNAME', 'pmkt_svm_predict'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.svm_predict(pmkt.svm_model, record) IS
'the class of a row by a linear SVM (two classes: the second when the decision value > 0; more: the class of the largest one-vs-rest decision value, the first on a tie, as LinearSVC); NULL when a feature is NULL';

-- ======== src/basket/84_basket_counts.sql
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
                                max_itemsets bigint DEFAULT 500000,
                                digits int DEFAULT 4)
RETURNS TABLE (product text, product_name text, product_baskets bigint,
               partner_rank int, partner text, partner_name text,
               lift numeric, confidence numeric, support numeric, pair_baskets bigint)
AS 'MODULE_PATHNAME', 'pmkt_cross_sell'
LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION pmkt.cross_sell(text, regclass, int, float8, bigint, float8, name, name, bigint, int) IS
'the cross-sell report for category managers: for each product (most bought first, then by id) its top_n partner products by lift, then confidence, pair count and id: the pair rules product => partner of pmkt.association_rules(query, min_support, min_count, max_len => 2, min_confidence). product_baskets = baskets with the product, pair_baskets = with both, support = pair_baskets / baskets; names from products (a table with product_id_column and name_column, matched as text) when given, else NULL. A report for reading: lift, confidence and support numeric, rounded to digits decimals (0..15, default 4); digits NULL: nothing rounded (each value the exact float8 result as the shortest numeric that reads back as it)';

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

-- ======== src/basket/87_als.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- recommendations: implicit-feedback matrix factorisation by alternating
-- least squares (Hu, Koren and Volinsky 2008), the model type
-- pmkt.alsmodel and pmkt.recommend over it
-- ---------------------------------------------------------------------------
CREATE TYPE pmkt.alsmodel;
CREATE FUNCTION pmkt.alsmodel_in(cstring) RETURNS pmkt.alsmodel
AS 'MODULE_PATHNAME', 'pmkt_alsmodel_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.alsmodel_out(pmkt.alsmodel) RETURNS cstring
AS 'MODULE_PATHNAME', 'pmkt_alsmodel_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.alsmodel_recv(internal) RETURNS pmkt.alsmodel
AS 'MODULE_PATHNAME', 'pmkt_alsmodel_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pmkt.alsmodel_send(pmkt.alsmodel) RETURNS bytea
AS 'MODULE_PATHNAME', 'pmkt_alsmodel_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE pmkt.alsmodel (
    INPUT = pmkt.alsmodel_in, OUTPUT = pmkt.alsmodel_out,
    RECEIVE = pmkt.alsmodel_recv, SEND = pmkt.alsmodel_send,
    INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = extended);
COMMENT ON TYPE pmkt.alsmodel IS
'an implicit-feedback ALS model (flat varlena): settings, customer and item factor matrices, the observed (customer, item) pairs, customer and item ids (bigint or text, ascending); text form = hexadecimal of the bytes (exact), validated on input';
COMMENT ON FUNCTION pmkt.alsmodel_in(cstring) IS 'pmkt.alsmodel input: hexadecimal, every part validated';
COMMENT ON FUNCTION pmkt.alsmodel_out(pmkt.alsmodel) IS 'pmkt.alsmodel output: hexadecimal of the model''s bytes';
COMMENT ON FUNCTION pmkt.alsmodel_recv(internal) IS 'pmkt.alsmodel binary input (validated)';
COMMENT ON FUNCTION pmkt.alsmodel_send(pmkt.alsmodel) IS 'pmkt.alsmodel binary output';

CREATE FUNCTION pmkt.als_train(query text,
                               factors int DEFAULT 64,
                               iterations int DEFAULT 10,
                               regularization float8 DEFAULT 0.01,
                               alpha float8 DEFAULT 40,
                               seed bigint DEFAULT 0,
                               init_user float8[] DEFAULT NULL,
                               init_item float8[] DEFAULT NULL,
                               item_bias boolean DEFAULT true)
RETURNS pmkt.alsmodel
AS 'MODULE_PATHNAME', 'pmkt_als_train'
LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION pmkt.als_train(text, int, int, float8, float8, bigint, float8[], float8[], boolean) IS
'implicit-feedback matrix factorisation (Hu, Koren and Volinsky 2008) on query''s (customer id, item id[, count]) rows (ids bigint, integer, smallint or text; count any number, 1 per row when absent; NULLs skipped and counted): r = the summed count of a pair; pairs with r > 0 are observed (preference 1, confidence 1 + alpha r), all others preference 0, confidence 1. Each of iterations solves every customer then every item: x_u = (Y''Y + Y''(C_u - I)Y + regularization I)^-1 Y'' C_u p(u) (BLAS dsyrk, LAPACK Cholesky dposv). Initial factors: independent normal(0, 0.01^2) from pmkt''s xoshiro256** seeded by seed (customer matrix row by row, then item matrix), or init_user / init_item (customers x factors, items x factors, rows in id order as pmkt.als_ids gives them). item_bias (default true; false: the plain Hu-Koren-Volinsky model): score x_u . y_i + b_i with an item bias b_i learnt with the factors (a constant-1 customer column: customers solve x_u = (Y''C_uY + regularization I)^-1 Y''C_u (p(u) - b), items solve (y_i, b_i) against [X 1]; the factor matrices get a last column, 1 for customers and b_i for items; init_item is then items x (factors + 1), random initial biases drawn after the factors of each item row). Customers and items without an observed pair are left out. Within pmkt.max_train_memory (53200)';

CREATE FUNCTION pmkt.als_factors(model pmkt.alsmodel, side text DEFAULT 'item')
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pmkt_als_factors'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.als_factors(pmkt.alsmodel, text) IS
'the factor matrix of side ''customer'' (or ''user'') or ''item'' of an ALS model, one row per id in the order of pmkt.als_ids(model, side); a model with item_bias has one more column: 1 for customers, the item bias for items (so a score is the row product)';

CREATE FUNCTION pmkt.als_ids(model pmkt.alsmodel, side text DEFAULT 'item')
RETURNS text[]
AS 'MODULE_PATHNAME', 'pmkt_als_ids'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.als_ids(pmkt.alsmodel, text) IS
'the customer (side ''customer'' or ''user'') or item ids of an ALS model as text, ascending (integers numerically, text bytewise): the row order of pmkt.als_factors and of als_train''s init_user / init_item';

CREATE FUNCTION pmkt.als_info(model pmkt.alsmodel,
                              OUT factors int, OUT iterations int, OUT regularization float8,
                              OUT alpha float8, OUT seed bigint, OUT customers int, OUT items int,
                              OUT pairs bigint, OUT customer_id_type text, OUT item_id_type text,
                              OUT item_bias boolean)
AS 'MODULE_PATHNAME', 'pmkt_als_info'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.als_info(pmkt.alsmodel) IS
'the settings and sizes of an ALS model: factors (without the item bias column), iterations, regularization, alpha, seed, customers, items, observed pairs, id types (bigint or text), item_bias (trained with an item bias)';

CREATE FUNCTION pmkt.recommend(model pmkt.alsmodel,
                               k int DEFAULT 10,
                               customers text[] DEFAULT NULL,
                               fallback text DEFAULT 'none')
RETURNS TABLE (customer text, recommendation_rank int, item text, score float8, source text)
AS 'MODULE_PATHNAME', 'pmkt_als_recommend'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pmkt.recommend(pmkt.alsmodel, int, text[], text) IS
'the top k items for each customer of an ALS model (pmkt.als_train) that the customer had not bought in the training rows, score = x_u . y_i (+ b_i with item_bias; source ''als''), ties by item id; customers: only those (as text, duplicates once, in the order given; NULL = every customer of the model, in id order). A customer unknown to the model gets no rows with fallback ''none'' (the default) and the k items with the most customers in the training rows (score = that number, source ''popularity'') with fallback ''popularity''';

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

-- ======== src/segment/91_cohorts.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- cohort retention (issue 16 part 3): customers grouped by the month (or
-- week) of their first order; for each later period, how many of them
-- ordered again, their share and their revenue.  A long form for BI tools
-- and a crosstab-shaped form for psql.
-- ---------------------------------------------------------------------------

CREATE FUNCTION pmkt.cohort_retention(
    orders        regclass,
    customer_col  text        DEFAULT 'customer_id',
    time_col      text        DEFAULT 'ordered_at',
    amount_col    text        DEFAULT 'amount',
    period        text        DEFAULT 'month',
    as_of         timestamptz DEFAULT NULL,
    order_col     text        DEFAULT NULL)
RETURNS TABLE (cohort date, period_offset int, period_start date, cohort_customers bigint,
               customers bigint, retained_share float8, order_count bigint, revenue float8)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $f$
DECLARE
  a record;
  typ oid;
  cols text;
BEGIN
  IF cohort_retention.orders IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = '22004', MESSAGE = 'argument "orders" must not be NULL';
  END IF;
  IF period IS NULL OR period NOT IN ('month', 'week') THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid value for argument "period"',
      DETAIL = format('Got %s.', coalesce(quote_literal(period), 'NULL')),
      HINT = 'Use ''month'' (calendar months) or ''week'' (ISO weeks, Monday first).';
  END IF;
  IF as_of IS NOT NULL AND NOT isfinite(as_of) THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'argument "as_of" must be a finite timestamp',
      HINT = 'Pass NULL to end at the latest order.';
  END IF;
  SELECT string_agg(quote_ident(attname) || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum)
    INTO cols FROM pg_attribute
   WHERE attrelid = cohort_retention.orders AND attnum > 0 AND NOT attisdropped;
  FOR a IN SELECT * FROM (VALUES ('customer_col', customer_col, 1), ('time_col', time_col, 2),
                                 ('amount_col', amount_col, 3), ('order_col', order_col, 4)) v(arg, col, role)
  LOOP
    IF a.col IS NULL THEN
      CONTINUE WHEN a.role = 4;
      RAISE EXCEPTION USING ERRCODE = '22004', MESSAGE = format('argument "%s" must not be NULL', a.arg);
    END IF;
    SELECT CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END INTO typ
      FROM pg_attribute att JOIN pg_type t ON t.oid = att.atttypid
     WHERE att.attrelid = cohort_retention.orders AND att.attname = a.col AND att.attnum > 0 AND NOT att.attisdropped;
    IF typ IS NULL THEN
      RAISE EXCEPTION USING ERRCODE = '42703',
        MESSAGE = format('argument "%s": column "%s" does not exist in %s', a.arg, a.col, cohort_retention.orders),
        DETAIL = format('Columns: %s.', coalesce(cols, 'none')),
        HINT = 'Name the customer, order time and amount columns, e.g. customer_col => ''customer_id''.';
    END IF;
    IF (a.role = 2 AND typ NOT IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype))
       OR (a.role = 3 AND typ NOT IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype,
                                       'float4'::regtype, 'float8'::regtype, 'numeric'::regtype)) THEN
      RAISE EXCEPTION USING ERRCODE = '42804',
        MESSAGE = format('argument "%s": column "%s" must be %s', a.arg, a.col,
                         CASE a.role WHEN 2 THEN 'the order time (timestamptz, timestamp or date)'
                                     ELSE 'the amount (an integer, real or numeric type)' END),
        DETAIL = format('Columns: %s.', cols);
    END IF;
  END LOOP;

  RETURN QUERY EXECUTE format($q$
    WITH l AS (
      SELECT s.c, s.t, s.a, s.o
        FROM (SELECT %1$I AS c, %2$I::pg_catalog.timestamptz AS t, %3$I::pg_catalog.float8 AS a, %4$s AS o
                FROM %5$s) s
       WHERE s.c IS NOT NULL AND s.t IS NOT NULL AND s.a IS NOT NULL AND s.o IS NOT NULL
         AND ($1 IS NULL OR s.t <= $1)),
    f AS (SELECT l.c, pg_catalog.date_trunc($2, pg_catalog.min(l.t))::pg_catalog.date AS cohort
            FROM l GROUP BY l.c),
    lp AS (SELECT pg_catalog.date_trunc($2, COALESCE($1, pg_catalog.max(l.t)))::pg_catalog.date AS last FROM l),
    -- pmkt.period_offset written out (a function with SET search_path is
    -- not inlined: a call per order cost 3x the plain-SQL query)
    p AS (SELECT f.cohort,
                 CASE WHEN $2 = 'month'
                      THEN ((pg_catalog.date_part('year', l.t) - pg_catalog.date_part('year', f.cohort)) * 12
                            + pg_catalog.date_part('month', l.t) - pg_catalog.date_part('month', f.cohort))::pg_catalog.int4
                      ELSE (pg_catalog.date_trunc('week', l.t)::pg_catalog.date - f.cohort) / 7 END AS k,
                 l.c, l.a, l.o
            FROM l JOIN f ON f.c = l.c),
    sizes AS (SELECT f.cohort, pg_catalog.count(*) AS n FROM f GROUP BY f.cohort),
    grid AS (SELECT s.cohort, s.n, g.k
               FROM sizes s CROSS JOIN lp
               CROSS JOIN LATERAL pg_catalog.generate_series(0, pmkt.period_offset($2, s.cohort, lp.last)) g(k)),
    agg AS (SELECT p.cohort, p.k, pg_catalog.count(DISTINCT p.c) AS customers,
                   CASE WHEN $3 THEN pg_catalog.count(DISTINCT (p.c, p.o)) ELSE pg_catalog.count(*) END AS orders,
                   pg_catalog.sum(p.a) AS revenue
              FROM p GROUP BY p.cohort, p.k)
    SELECT grid.cohort, grid.k,
           (grid.cohort + CASE WHEN $2 = 'month' THEN grid.k * interval '1 month'
                               ELSE grid.k * interval '7 days' END)::pg_catalog.date,
           grid.n, COALESCE(agg.customers, 0),
           COALESCE(agg.customers, 0)::pg_catalog.float8 / grid.n,
           COALESCE(agg.orders, 0), COALESCE(agg.revenue, 0)
      FROM grid LEFT JOIN agg ON agg.cohort = grid.cohort AND agg.k = grid.k
     ORDER BY 1, 2$q$,
    customer_col, time_col, amount_col,
    CASE WHEN order_col IS NULL THEN '0' ELSE quote_ident(order_col) END,
    cohort_retention.orders)
  USING as_of, period, order_col IS NOT NULL;
END
$f$;
COMMENT ON FUNCTION pmkt.cohort_retention(regclass, text, text, text, text, timestamptz, text) IS
'Cohort retention, long form (one row per cohort and period, for BI tools to pivot): customers are grouped by the period (''month'' or ''week'', ISO, Monday first; periods in the session time zone) of their first order; for each period_offset from 0 (the cohort''s own period) to the last period with data (or as_of''s period, which may be incomplete), cohort_customers, the customers of the cohort who ordered in that period, retained_share = customers / cohort_customers (a fraction; 1 at offset 0), order_count (distinct order ids with order_col, else rows) and revenue (sum of amounts). Periods without orders give rows with 0. Rows with a NULL customer, time, amount or order id are skipped, rows after as_of ignored';

CREATE FUNCTION pmkt.period_offset(period text, cohort date, t timestamptz)
RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN CASE period
         WHEN 'month' THEN ((extract(year FROM t::date) - extract(year FROM cohort)) * 12
                            + extract(month FROM t::date) - extract(month FROM cohort))::int
         WHEN 'week' THEN (date_trunc('week', t)::date - date_trunc('week', cohort::timestamp)::date) / 7
       END;
COMMENT ON FUNCTION pmkt.period_offset(text, date, timestamptz) IS
'Whole periods (''month'': calendar months, ''week'': ISO weeks) from the period holding the date cohort to the period holding t (t''s date in the session time zone); NULL for another period name';

CREATE FUNCTION pmkt.cohort_retention_table(
    orders        regclass,
    customer_col  text        DEFAULT 'customer_id',
    time_col      text        DEFAULT 'ordered_at',
    amount_col    text        DEFAULT 'amount',
    period        text        DEFAULT 'month',
    as_of         timestamptz DEFAULT NULL,
    order_col     text        DEFAULT NULL,
    digits        int         DEFAULT 3)
RETURNS TABLE (cohort date, customers bigint,
               p0 numeric, p1 numeric, p2 numeric, p3 numeric, p4 numeric, p5 numeric, p6 numeric,
               p7 numeric, p8 numeric, p9 numeric, p10 numeric, p11 numeric, p12 numeric)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
SET extra_float_digits = 1
AS $f$
BEGIN
  IF digits < 0 OR digits > 15 THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'argument "digits" must be between 0 and 15',
      DETAIL = format('Got %s.', digits),
      HINT = 'Pass the number of decimals to round to, or NULL for the values unrounded.';
  END IF;
  -- each share as its shortest decimal (extra_float_digits = 1), rounded
  RETURN QUERY
  SELECT r.cohort, max(r.cohort_customers),
         CASE WHEN digits IS NULL THEN (max(r.retained_share) FILTER (WHERE r.period_offset = 0))::text::numeric
              ELSE round((max(r.retained_share) FILTER (WHERE r.period_offset = 0))::text::numeric, digits) END,
         CASE WHEN digits IS NULL THEN (max(r.retained_share) FILTER (WHERE r.period_offset = 1))::text::numeric
              ELSE round((max(r.retained_share) FILTER (WHERE r.period_offset = 1))::text::numeric, digits) END,
         CASE WHEN digits IS NULL THEN (max(r.retained_share) FILTER (WHERE r.period_offset = 2))::text::numeric
              ELSE round((max(r.retained_share) FILTER (WHERE r.period_offset = 2))::text::numeric, digits) END,
         CASE WHEN digits IS NULL THEN (max(r.retained_share) FILTER (WHERE r.period_offset = 3))::text::numeric
              ELSE round((max(r.retained_share) FILTER (WHERE r.period_offset = 3))::text::numeric, digits) END,
         CASE WHEN digits IS NULL THEN (max(r.retained_share) FILTER (WHERE r.period_offset = 4))::text::numeric
              ELSE round((max(r.retained_share) FILTER (WHERE r.period_offset = 4))::text::numeric, digits) END,
         CASE WHEN digits IS NULL THEN (max(r.retained_share) FILTER (WHERE r.period_offset = 5))::text::numeric
              ELSE round((max(r.retained_share) FILTER (WHERE r.period_offset = 5))::text::numeric, digits) END,
         CASE WHEN digits IS NULL THEN (max(r.retained_share) FILTER (WHERE r.period_offset = 6))::text::numeric
              ELSE round((max(r.retained_share) FILTER (WHERE r.period_offset = 6))::text::numeric, digits) END,
         CASE WHEN digits IS NULL THEN (max(r.retained_share) FILTER (WHERE r.period_offset = 7))::text::numeric
              ELSE round((max(r.retained_share) FILTER (WHERE r.period_offset = 7))::text::numeric, digits) END,
         CASE WHEN digits IS NULL THEN (max(r.retained_share) FILTER (WHERE r.period_offset = 8))::text::numeric
              ELSE round((max(r.retained_share) FILTER (WHERE r.period_offset = 8))::text::numeric, digits) END,
         CASE WHEN digits IS NULL THEN (max(r.retained_share) FILTER (WHERE r.period_offset = 9))::text::numeric
              ELSE round((max(r.retained_share) FILTER (WHERE r.period_offset = 9))::text::numeric, digits) END,
         CASE WHEN digits IS NULL THEN (max(r.retained_share) FILTER (WHERE r.period_offset = 10))::text::numeric
              ELSE round((max(r.retained_share) FILTER (WHERE r.period_offset = 10))::text::numeric, digits) END,
         CASE WHEN digits IS NULL THEN (max(r.retained_share) FILTER (WHERE r.period_offset = 11))::text::numeric
              ELSE round((max(r.retained_share) FILTER (WHERE r.period_offset = 11))::text::numeric, digits) END,
         CASE WHEN digits IS NULL THEN (max(r.retained_share) FILTER (WHERE r.period_offset = 12))::text::numeric
              ELSE round((max(r.retained_share) FILTER (WHERE r.period_offset = 12))::text::numeric, digits) END
    FROM pmkt.cohort_retention(orders, customer_col, time_col, amount_col, period, as_of, order_col) r
   GROUP BY r.cohort
   ORDER BY r.cohort;
END
$f$;
COMMENT ON FUNCTION pmkt.cohort_retention_table(regclass, text, text, text, text, timestamptz, text, int) IS
'Cohort retention shaped for reading in psql: one row per cohort (pmkt.cohort_retention''s arguments), its customers and the retained share in periods 0..12 after the first order (p0 = 1), as numeric rounded to digits decimals (0..15, default 3; NULL: unrounded, the exact float8 share as its shortest decimal); NULL where the data end before that period';

-- ======== src/segment/92_rfm_map.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- The 11 named RFM segments (issue 16 part 3): the widely used map of the
-- R and F scores (1..5) to Champions ... Lost, as a seeded, editable table
-- next to the study's three segments; and the migration of customers
-- between segments from one date to another.
-- ---------------------------------------------------------------------------

CREATE TABLE pmkt.rfm_segment_map (
    r_score    int  NOT NULL CHECK (r_score BETWEEN 1 AND 5),
    f_score    int  NOT NULL CHECK (f_score BETWEEN 1 AND 5),
    segment    text NOT NULL,
    is_default boolean NOT NULL DEFAULT false,
    PRIMARY KEY (r_score, f_score)
);
COMMENT ON TABLE pmkt.rfm_segment_map IS
'Editable map from the R and F scores of pmkt.rfm (bins = 5) to the 11 named segments widely used in CRM (Champions, Loyal customers, Potential loyalists, New customers, Promising, Need attention, About to sleep, At risk, Can''t lose them, Hibernating, Lost), one row per (r_score, f_score) cell. Seeded with 25 rows (is_default = true); an edited or added row is the user''s (is_default = false) and survives pg_dump/restore';
COMMENT ON COLUMN pmkt.rfm_segment_map.r_score IS 'recency score 1..5 (5 = most recent), as pmkt.rfm returns it with bins = 5';
COMMENT ON COLUMN pmkt.rfm_segment_map.f_score IS 'frequency score 1..5 (5 = most orders)';
COMMENT ON COLUMN pmkt.rfm_segment_map.segment IS 'the segment name of the cell';
COMMENT ON COLUMN pmkt.rfm_segment_map.is_default IS 'true while the row is as shipped by pmkt; set to false by any UPDATE';

-- the usual grid (R across, F up):
--   R 5: F 1 New customers, F 2-3 Potential loyalists, F 4-5 Champions
--   R 4: F 1 Promising,     F 2-3 Potential loyalists, F 4-5 Loyal customers
--   R 3: F 1-2 About to sleep, F 3 Need attention,     F 4-5 Loyal customers
--   R 2: F 1-2 Hibernating,  F 3-4 At risk,             F 5 Can't lose them
--   R 1: F 1-2 Lost,         F 3-4 At risk,             F 5 Can't lose them
INSERT INTO pmkt.rfm_segment_map (r_score, f_score, segment, is_default)
SELECT r, f,
       CASE WHEN r = 5 AND f = 1 THEN 'New customers'
            WHEN r = 4 AND f = 1 THEN 'Promising'
            WHEN r >= 4 AND f IN (2, 3) THEN 'Potential loyalists'
            WHEN r = 5 AND f >= 4 THEN 'Champions'
            WHEN r IN (3, 4) AND f >= 4 THEN 'Loyal customers'
            WHEN r = 3 AND f = 3 THEN 'Need attention'
            WHEN r = 3 AND f <= 2 THEN 'About to sleep'
            WHEN r <= 2 AND f = 5 THEN 'Can''t lose them'
            WHEN r <= 2 AND f IN (3, 4) THEN 'At risk'
            WHEN r = 2 AND f <= 2 THEN 'Hibernating'
            ELSE 'Lost' END,
       true
FROM pg_catalog.generate_series(1, 5) r, pg_catalog.generate_series(1, 5) f;

CREATE FUNCTION pmkt.rfm_segment_map_trigger() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $f$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    NEW.is_default := false;
  ELSIF TG_OP = 'INSERT' AND NOT NEW.is_default THEN
    -- a restored dump's edited row takes the place of the seeded default
    DELETE FROM pmkt.rfm_segment_map
     WHERE r_score = NEW.r_score AND f_score = NEW.f_score AND is_default;
  END IF;
  RETURN NEW;
END
$f$;
COMMENT ON FUNCTION pmkt.rfm_segment_map_trigger() IS
'BEFORE INSERT OR UPDATE trigger of pmkt.rfm_segment_map: an updated row becomes the user''s (is_default = false); an inserted user row replaces the shipped default of its cell';
CREATE TRIGGER rfm_segment_map_user_rows
BEFORE INSERT OR UPDATE ON pmkt.rfm_segment_map
FOR EACH ROW EXECUTE FUNCTION pmkt.rfm_segment_map_trigger();
SELECT pg_catalog.pg_extension_config_dump('pmkt.rfm_segment_map', 'WHERE NOT is_default');

CREATE FUNCTION pmkt.rfm_segment_name(r_score int, f_score int)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$ SELECT m.segment FROM pmkt.rfm_segment_map m WHERE m.r_score = $1 AND m.f_score = $2 $$;
COMMENT ON FUNCTION pmkt.rfm_segment_name(int, int) IS
'The named segment of an (r_score, f_score) cell in pmkt.rfm_segment_map (scores of pmkt.rfm with bins = 5); NULL for a cell the map does not hold, e.g. scores outside 1..5';

CREATE FUNCTION pmkt.segment_migration(
    orders        regclass,
    from_date     timestamptz,
    to_date       timestamptz,
    customer_col  text DEFAULT 'customer_id',
    time_col      text DEFAULT 'ordered_at',
    amount_col    text DEFAULT 'amount',
    scheme        text DEFAULT 'named',
    order_col     text DEFAULT NULL,
    digits        int  DEFAULT 4)
RETURNS TABLE (from_segment text, to_segment text, customers bigint, share_of_from numeric)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
SET extra_float_digits = 1
AS $f$
BEGIN
  IF digits < 0 OR digits > 15 THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'argument "digits" must be between 0 and 15',
      DETAIL = format('Got %s.', digits),
      HINT = 'Pass the number of decimals to round to, or NULL for the values unrounded.';
  END IF;
  IF from_date IS NULL OR to_date IS NULL OR NOT isfinite(from_date) OR NOT isfinite(to_date)
     OR from_date >= to_date THEN
    RAISE EXCEPTION USING ERRCODE = '22023',
      MESSAGE = 'arguments "from_date" and "to_date" must be finite, from_date before to_date',
      DETAIL = format('Got from_date %s, to_date %s.', coalesce(from_date::text, 'NULL'), coalesce(to_date::text, 'NULL'));
  END IF;
  IF scheme IS NULL OR scheme NOT IN ('named', 'study') THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid value for argument "scheme"',
      DETAIL = format('Got %s.', coalesce(quote_literal(scheme), 'NULL')),
      HINT = 'Use ''named'' (the 11 segments of pmkt.rfm_segment_map) or ''study'' (frequent, occasional, new).';
  END IF;
  RETURN QUERY
  WITH a AS (SELECT r.customer_id,
                    CASE WHEN scheme = 'named' THEN COALESCE(pmkt.rfm_segment_name(r.r_score, r.f_score), '(unmapped)')
                         ELSE r.segment END AS seg
               FROM pmkt.rfm(orders, customer_col, time_col, amount_col, as_of => from_date, order_col => order_col) r),
       b AS (SELECT r.customer_id,
                    CASE WHEN scheme = 'named' THEN COALESCE(pmkt.rfm_segment_name(r.r_score, r.f_score), '(unmapped)')
                         ELSE r.segment END AS seg
               FROM pmkt.rfm(orders, customer_col, time_col, amount_col, as_of => to_date, order_col => order_col) r),
       m AS (SELECT COALESCE(a.seg, '(not a customer yet)') AS f, b.seg AS t
               FROM b LEFT JOIN a ON a.customer_id = b.customer_id)
  SELECT m.f, m.t, count(*),
         -- the float8 share as its shortest decimal (extra_float_digits = 1), rounded
         CASE WHEN digits IS NULL THEN (count(*)::float8 / sum(count(*)) OVER (PARTITION BY m.f))::text::numeric
              ELSE round((count(*)::float8 / sum(count(*)) OVER (PARTITION BY m.f))::text::numeric, digits) END
    FROM m GROUP BY m.f, m.t
   ORDER BY m.f, m.t;
END
$f$;
COMMENT ON FUNCTION pmkt.segment_migration(regclass, timestamptz, timestamptz, text, text, text, text, text, int) IS
'Segment migration between two dates: each customer''s segment in pmkt.rfm as of from_date and as of to_date (scores among the customers of that date), counted per (from_segment, to_segment) with share_of_from = customers / customers of from_segment (a fraction). scheme ''named'': the 11 segments of pmkt.rfm_segment_map (''(unmapped)'' for a cell the map does not hold), ''study'': frequent, occasional, new. Customers whose first order is after from_date have from_segment ''(not a customer yet)''. pmkt.rfm''s column arguments and order_col. A report for reading: share_of_from is numeric rounded to digits decimals (0..15, default 4; NULL: unrounded, the exact float8 share)';

-- ======== src/segment/93_churn.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- Churn curves (issue 16 part 3): Kaplan-Meier survival of customers per
-- segment, with Greenwood confidence bands.
-- ---------------------------------------------------------------------------

CREATE FUNCTION pmkt.churn_survival(
    orders           regclass,
    customer_col     text        DEFAULT 'customer_id',
    time_col         text        DEFAULT 'ordered_at',
    amount_col       text        DEFAULT 'amount',
    inactivity_days  float8      DEFAULT 90,
    as_of            timestamptz DEFAULT NULL,
    segments         text        DEFAULT 'study',
    level            float8      DEFAULT 0.95,
    order_col        text        DEFAULT NULL)
RETURNS TABLE (segment text, days float8, at_risk bigint, churned bigint, censored bigint,
               survival float8, ci_lower float8, ci_upper float8)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $f$
DECLARE
  z float8;
  r record;
  cur text := NULL;
  s float8;
  g float8;
  theta float8;
BEGIN
  IF inactivity_days IS NULL OR inactivity_days = 'NaN' OR inactivity_days <= 0
     OR inactivity_days = 'Infinity' THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'argument "inactivity_days" must be a positive finite number',
      DETAIL = format('Got %s.', coalesce(inactivity_days::text, 'NULL')),
      HINT = 'A customer without an order for this many days counts as churned, e.g. 90.';
  END IF;
  IF level IS NULL OR NOT (level > 0 AND level < 1) THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'argument "level" must be between 0 and 1',
      DETAIL = format('Got %s.', coalesce(level::text, 'NULL')), HINT = 'E.g. 0.95 for 95 % bands.';
  END IF;
  IF segments IS NULL OR segments NOT IN ('study', 'named', 'all') THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid value for argument "segments"',
      DETAIL = format('Got %s.', coalesce(quote_literal(segments), 'NULL')),
      HINT = 'Use ''study'' (frequent, occasional, new), ''named'' (pmkt.rfm_segment_map) or ''all'' (one curve).';
  END IF;
  z := pmkt.normal_quantile(1 - (1 - level) / 2);
  FOR r IN
    WITH c AS (
      SELECT CASE segments WHEN 'study' THEN x.segment
                           WHEN 'named' THEN COALESCE(pmkt.rfm_segment_name(x.r_score, x.f_score), '(unmapped)')
                           ELSE 'all' END AS seg,
             CASE WHEN x.recency_days > inactivity_days
                  THEN x.tenure_days - x.recency_days + inactivity_days
                  ELSE x.tenure_days END AS t,
             x.recency_days > inactivity_days AS ev
        FROM pmkt.rfm(churn_survival.orders, customer_col, time_col, amount_col,
                      as_of => churn_survival.as_of, order_col => order_col) x),
    e AS (SELECT c.seg, c.t, count(*) FILTER (WHERE c.ev) AS d, count(*) FILTER (WHERE NOT c.ev) AS cz
            FROM c GROUP BY c.seg, c.t)
    SELECT e.seg, e.t, e.d, e.cz,
           sum(e.d + e.cz) OVER (PARTITION BY e.seg ORDER BY e.t DESC) AS n,
           row_number() OVER (PARTITION BY e.seg ORDER BY e.t) AS i
      FROM e ORDER BY e.seg, e.t
  LOOP
    IF cur IS DISTINCT FROM r.seg THEN
      cur := r.seg;
      s := 1;
      g := 0;
      IF r.t > 0 THEN
        segment := cur; days := 0; at_risk := r.n; churned := 0; censored := 0;
        survival := 1; ci_lower := 1; ci_upper := 1;
        RETURN NEXT;
      END IF;
    END IF;
    IF r.d > 0 THEN
      s := s * (1 - r.d::float8 / r.n);
      IF r.n > r.d THEN
        g := g + r.d::float8 / (r.n::float8 * (r.n - r.d));
      END IF;
    END IF;
    segment := cur; days := r.t; at_risk := r.n; churned := r.d; censored := r.cz; survival := s;
    IF s >= 1 THEN
      ci_lower := 1; ci_upper := 1;
    ELSIF s <= 0 THEN
      ci_lower := NULL; ci_upper := NULL;
    ELSE
      theta := z * sqrt(g) / abs(ln(s));
      ci_lower := s ^ exp(theta);
      ci_upper := s ^ exp(-theta);
    END IF;
    RETURN NEXT;
  END LOOP;
END
$f$;
COMMENT ON FUNCTION pmkt.churn_survival(regclass, text, text, text, float8, timestamptz, text, float8, text) IS
'Kaplan-Meier churn curves: a customer churns inactivity_days after its last order when as_of (NULL: the latest order) is more than inactivity_days after it; its lifetime is then (last order - first order) + inactivity_days days, else it is censored at as_of - first order. One curve per segment of pmkt.rfm as of as_of (segments ''study'': frequent, occasional, new; ''named'': pmkt.rfm_segment_map; ''all'': one curve), one row per distinct lifetime (and a row at 0 days) with the customers at risk, churned and censored there, the survival S(days) and its pointwise confidence band at level from Greenwood''s variance on the log(-log S) scale (as lifelines computes it; NULL where S = 0). pmkt.rfm''s column arguments and order_col';

-- ======== src/ops/95_operations--1.0--1.1.sql
-- operations: 1.0 -> 1.1

-- Every SQL routine runs under search_path = pg_catalog, pg_temp, so that
-- no function or operator a caller's search_path holds is reached
-- (CVE-2018-1058).  (evaluation_source, evaluation_cleanup,
-- evaluation_record_model and run_evaluation are replaced below.)

-- 1.1 (issue 16): the BI views move to src/ops/97_dashboard.sql, where they
-- are created again with the dashboard invariants (one "latest", fractions,
-- run_at, boolean flags, model names without the source prefix)
DROP VIEW pmkt.v_model_registry;
DROP VIEW pmkt.v_model_metrics;
DROP VIEW pmkt.v_segment_summary;
DROP VIEW pmkt.v_channel_effectiveness;
DROP VIEW pmkt.v_clv_cac_by_cohort;
DROP VIEW pmkt.v_aisas_monthly;

-- yes/no metrics (converged) as boolean
ALTER TABLE pmkt.history_model_metrics ADD COLUMN flag boolean;
COMMENT ON COLUMN pmkt.history_model_metrics.value IS 'the metric''s value; NULL for a yes/no metric (see flag)';
COMMENT ON COLUMN pmkt.history_model_metrics.flag IS 'the value of a yes/no metric (converged, ...), whose value is NULL; NULL for a numeric metric';
COMMENT ON COLUMN pmkt.history_channel_metrics.roi IS 'return on investment in percent, (sales - investment) / investment x 100 (as pmkt.channel_effectiveness returns it; the view pmkt.v_channel_effectiveness shows it as a fraction)';

-- run_evaluation gains time_zone, new_days, frequent_min_orders and
-- stable_clusters (at the end, with defaults): the 1.0 signature goes
DROP PROCEDURE pmkt.run_evaluation(text, date, int, bigint, float8, float8, int, text, int, int, boolean);

-- every model version a run saved belongs to the run: deleting the run (or
-- re-running its period) deletes the version (issue 16); models saved by
-- pmkt.save_model have no run
ALTER TABLE pmkt.model_registry
    ADD COLUMN run_source_schema text,
    ADD COLUMN run_period date,
    ADD CONSTRAINT model_registry_run_fkey FOREIGN KEY (run_source_schema, run_period)
        REFERENCES pmkt.history_runs (source_schema, period) ON DELETE CASCADE;
COMMENT ON COLUMN pmkt.model_registry.run_source_schema IS 'for a version saved by pmkt.run_evaluation, the source of its run (deleting the run deletes the version); NULL otherwise';
COMMENT ON COLUMN pmkt.model_registry.run_period IS 'for a version saved by pmkt.run_evaluation, the period of its run; NULL otherwise';
CREATE INDEX model_registry_run_idx ON pmkt.model_registry (run_source_schema, run_period);
-- the versions 1.0 runs saved (their metrics name the run) belong to their run
UPDATE pmkt.model_registry r
SET run_source_schema = h.source_schema, run_period = h.period
FROM pmkt.history_runs h
WHERE r.metrics ->> 'source_schema' = h.source_schema AND (r.metrics ->> 'period')::date = h.period;
-- 1.0 stored the yes/no metric converged as 1/0
UPDATE pmkt.history_model_metrics SET flag = (value = 1), value = NULL WHERE metric = 'converged';

-- the one definition of "latest"
CREATE VIEW pmkt.v_latest_run AS
SELECT DISTINCT ON (r.source_schema)
       r.source_schema, r.period, r.run_at, r.finished_at, r.steps_done, r.steps_skipped
FROM pmkt.history_runs r
ORDER BY r.source_schema, r.period DESC;
COMMENT ON VIEW pmkt.v_latest_run IS
'the latest run of each source: the run of its latest evaluated period; every is_latest_period column of the BI views is true exactly for this run''s rows';
COMMENT ON COLUMN pmkt.v_latest_run.source_schema IS 'the source the run analysed';
COMMENT ON COLUMN pmkt.v_latest_run.period IS 'the latest month evaluated for the source (first day of the month)';
COMMENT ON COLUMN pmkt.v_latest_run.run_at IS 'when the run started';
COMMENT ON COLUMN pmkt.v_latest_run.finished_at IS 'when the run finished';
COMMENT ON COLUMN pmkt.v_latest_run.steps_done IS 'comma-separated steps that ran';
COMMENT ON COLUMN pmkt.v_latest_run.steps_skipped IS 'comma-separated steps skipped, with the reason';

-- ---------------------------------------------------------------------------
-- source mappings: run the job on the user's own tables (issue 16, point 4)
-- ---------------------------------------------------------------------------
-- The job reads tables by role (orders, customers, campaigns, ...) with the
-- column names of the demo data contract (pmkt.evaluation_contract()).  A
-- schema holding tables of those names and columns is used as it is; any
-- other layout is registered once under a source name with
-- pmkt.register_evaluation_source(source, role, relation, columns), and
-- CALL pmkt.run_evaluation('<source>') then reads, for every registered
-- role, a temporary view that renames the user's columns to the contract's.

CREATE TABLE pmkt.evaluation_sources (
    source     text NOT NULL,
    role       text NOT NULL,
    relation   text NOT NULL,
    columns    jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by name NOT NULL DEFAULT current_user,
    PRIMARY KEY (source, role),
    CONSTRAINT evaluation_sources_source_check CHECK (length(btrim(source)) > 0),
    CONSTRAINT evaluation_sources_columns_check CHECK (jsonb_typeof(columns) = 'object')
);
COMMENT ON TABLE pmkt.evaluation_sources IS
'source mappings of pmkt.run_evaluation: for a source name, which relation plays each role (orders, customers, campaigns, ...) and which of its columns holds each contract column; written by pmkt.register_evaluation_source (which validates it); a configuration table (pg_dump keeps its rows)';
COMMENT ON COLUMN pmkt.evaluation_sources.source IS 'the source name passed to pmkt.run_evaluation as source_schema (and stored as source_schema in the history tables)';
COMMENT ON COLUMN pmkt.evaluation_sources.role IS 'the role of the relation: one of the roles of pmkt.evaluation_contract() (orders, customers, campaigns, feedback, visits, ...)';
COMMENT ON COLUMN pmkt.evaluation_sources.relation IS 'the table or view, schema-qualified as text (resolved at each run)';
COMMENT ON COLUMN pmkt.evaluation_sources.columns IS 'JSON object contract column -> the relation''s column; a contract column not listed is read from the column of the same name';
COMMENT ON COLUMN pmkt.evaluation_sources.created_at IS 'when the mapping was registered';
COMMENT ON COLUMN pmkt.evaluation_sources.created_by IS 'the role that registered it';

SELECT pg_catalog.pg_extension_config_dump('pmkt.evaluation_sources', '');

CREATE FUNCTION pmkt.evaluation_contract()
RETURNS TABLE (role text, column_name text, required boolean, description text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT * FROM (VALUES
     ('orders', 'customer_id', true, 'customer id (integer)'),
     ('orders', 'ordered_at', true, 'order time (timestamptz)'),
     ('orders', 'amount', true, 'order or line amount (number)'),
     ('orders', 'order_id', false, 'order id: rows sharing it are one order (order lines); without it every row is an order'),
     ('orders', 'channel', false, 'sales channel'),
     ('orders', 'product_id', false, 'product'),
     ('customers', 'customer_id', true, 'customer id (integer)'),
     ('customers', 'signup_date', true, 'signup date (date)'),
     ('customers', 'region', false, 'region'),
     ('customers', 'age', false, 'age'),
     ('campaigns', 'channel', true, 'marketing channel'),
     ('campaigns', 'month', true, 'campaign month (date, first day)'),
     ('campaigns', 'impressions', true, 'impressions'),
     ('campaigns', 'clicks', true, 'clicks'),
     ('campaigns', 'conversions', true, 'conversions'),
     ('campaigns', 'new_customers', true, 'new customers acquired'),
     ('campaigns', 'spend', true, 'spend'),
     ('campaigns', 'revenue', true, 'revenue attributed'),
     ('feedback', 'customer_id', false, 'customer id'),
     ('feedback', 'created_at', true, 'time of the comment (timestamptz)'),
     ('feedback', 'comment', true, 'the comment text'),
     ('feedback', 'aspect', false, 'labelled aspect (for the agreement check)'),
     ('feedback', 'sentiment', false, 'labelled sentiment (for the agreement check)'),
     ('visits', 'visit_id', true, 'visit id'),
     ('visits', 'channel', true, 'channel of the visit'),
     ('visits', 'ad_exposures', true, 'ad exposures before the visit'),
     ('visits', 'discount_pct', true, 'discount offered, in percent'),
     ('visits', 'pages_viewed', true, 'pages viewed'),
     ('visits', 'converted', true, 'whether the visit converted (boolean)'),
     ('sales_drivers', 'sales', true, 'sales of the region and week'),
     ('sales_drivers', 'ad_spend', true, 'ad spend'),
     ('sales_drivers', 'price_adjustment', true, 'price adjustment'),
     ('sales_drivers', 'service_rating', true, 'service rating'),
     ('order_lines', 'order_id', true, 'order id'),
     ('order_lines', 'product_id', true, 'product'),
     ('order_lines', 'line_no', false, 'line number'),
     ('order_lines', 'quantity', false, 'quantity'),
     ('order_lines', 'price', false, 'price'),
     ('products', 'product_id', true, 'product'),
     ('products', 'name', false, 'product name'),
     ('aisas_monthly', 'unit_id', true, 'AISAS: business unit (integer)'),
     ('aisas_monthly', 'month', true, 'AISAS: month (date, first day)'),
     ('aisas_monthly', 'ad_impressions', true, 'AISAS: online ad impressions'),
     ('aisas_monthly', 'brand_aware', true, 'AISAS: consumers aware of the brand'),
     ('aisas_monthly', 'consumers', true, 'AISAS: consumers'),
     ('aisas_monthly', 'page_views', true, 'AISAS: page views'),
     ('aisas_monthly', 'favourites', true, 'AISAS: consumers adding to favourites'),
     ('aisas_monthly', 'interested', true, 'AISAS: interested consumers'),
     ('aisas_monthly', 'keyword_searches', true, 'AISAS: keyword searches'),
     ('aisas_monthly', 'category_keyword_searches', true, 'AISAS: keyword searches of the category'),
     ('aisas_monthly', 'related_searches', true, 'AISAS: related-word searches'),
     ('aisas_monthly', 'category_related_searches', true, 'AISAS: related-word searches of the category'),
     ('aisas_monthly', 'product_page_views', true, 'AISAS: product page views'),
     ('aisas_monthly', 'buyers', true, 'AISAS: buyers'),
     ('aisas_monthly', 'orders', true, 'AISAS: online orders'),
     ('aisas_monthly', 'purchasers', true, 'AISAS: purchasers'),
     ('aisas_monthly', 'standard_purchasers', true, 'AISAS: purchasers meeting the merchant''s standard'),
     ('aisas_monthly', 'purchase_amount', true, 'AISAS: purchase amount'),
     ('aisas_monthly', 'topics', true, 'AISAS: topics posted'),
     ('aisas_monthly', 'replies', true, 'AISAS: topic replies'),
     ('aisas_monthly', 'reviews', true, 'AISAS: product reviews'),
     ('aisas_monthly', 'reposts', true, 'AISAS: product reposts')) v(role, column_name, required, description)
$fn$;
COMMENT ON FUNCTION pmkt.evaluation_contract() IS
'the tables (roles) and columns pmkt.run_evaluation reads, required or optional, with their meaning; a registered source maps its own columns to these names (pmkt.register_evaluation_source). role aisas_monthly holds each business unit''s raw monthly AISAS funnel counts, the input of pmkt.aisas_indices (one row per unit and month)';

-- the view text that maps a registered relation to the contract's columns;
-- raises 42703 naming the missing column and its role
CREATE FUNCTION pmkt.evaluation_source_select(source text, role text, relation text, columns jsonb)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_rel  regclass := pg_catalog.to_regclass(relation);
    v_list text[] := '{}';
    c      record;
    v_col  text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pmkt.evaluation_contract() e WHERE e.role = evaluation_source_select.role) THEN
        RAISE EXCEPTION 'role % is not a role of the evaluation job', coalesce(quote_literal(role), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Source %s registers role %s.', quote_literal(source), coalesce(quote_literal(role), 'NULL')),
                  HINT = 'The roles are ' || (SELECT string_agg(DISTINCT e.role, ', ') FROM pmkt.evaluation_contract() e) || '.';
    END IF;
    IF v_rel IS NULL THEN
        RAISE EXCEPTION 'relation % of role % of source % does not exist', coalesce(quote_literal(relation), 'NULL'),
                        role, quote_literal(source)
            USING ERRCODE = 'undefined_table',
                  HINT = 'Register the table or view schema-qualified, e.g. ''shop.orders''.';
    END IF;
    FOR v_col IN SELECT k FROM jsonb_object_keys(coalesce(columns, '{}')) k
                 EXCEPT SELECT e.column_name FROM pmkt.evaluation_contract() e WHERE e.role = evaluation_source_select.role
    LOOP
        RAISE EXCEPTION 'column mapping of role % names % which is not a contract column', role, quote_literal(v_col)
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Source %s, relation %s.', quote_literal(source), v_rel),
                  HINT = 'The keys are the contract''s columns: ' ||
                         (SELECT string_agg(e.column_name, ', ') FROM pmkt.evaluation_contract() e WHERE e.role = evaluation_source_select.role) || '.';
    END LOOP;
    FOR c IN SELECT e.column_name, e.required, coalesce(columns ->> e.column_name, e.column_name) AS mapped,
                    columns ? e.column_name AS explicit
             FROM pmkt.evaluation_contract() e WHERE e.role = evaluation_source_select.role
    LOOP
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = v_rel AND a.attname = c.mapped
                   AND a.attnum > 0 AND NOT a.attisdropped) THEN
            v_list := v_list || format('%I AS %I', c.mapped, c.column_name);
        ELSIF c.required OR c.explicit THEN
            RAISE EXCEPTION 'column % of role % is missing in %', quote_ident(c.mapped), role, v_rel
                USING ERRCODE = 'undefined_column',
                      DETAIL = format('Source %s maps contract column %s of role %s to %s, which %s has not.',
                                      quote_literal(source), c.column_name, role, quote_ident(c.mapped), v_rel),
                      HINT = format('Pass columns => ''{"%s": "<your column>"}'' to pmkt.register_evaluation_source.', c.column_name);
        END IF;
    END LOOP;
    RETURN format('SELECT %s FROM %s', array_to_string(v_list, ', '), v_rel);
END
$fn$;
COMMENT ON FUNCTION pmkt.evaluation_source_select(text, text, text, jsonb) IS
'used by pmkt.register_evaluation_source and pmkt.run_evaluation: the SELECT that reads relation with its columns renamed to the contract''s for role; 42703 naming the missing column and its role when a required (or explicitly mapped) column is absent';

CREATE FUNCTION pmkt.register_evaluation_source(source text, role text, relation text,
                                                columns jsonb DEFAULT '{}')
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF source IS NULL OR length(btrim(source)) = 0 THEN
        RAISE EXCEPTION 'source must be a non-empty name'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('source is %s.', coalesce(quote_literal(source), 'NULL')),
                  HINT = 'Name the source, e.g. ''shop''; pass the same name to pmkt.run_evaluation.';
    END IF;
    IF columns IS NULL OR jsonb_typeof(columns) <> 'object' THEN
        RAISE EXCEPTION 'columns must be a JSON object'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('columns is %s.', coalesce(columns::text, 'NULL')),
                  HINT = 'Map contract columns to yours, e.g. ''{"customer_id": "client_no", "ordered_at": "invoice_date"}''.';
    END IF;
    PERFORM pmkt.evaluation_source_select(source, role, relation, columns);
    INSERT INTO pmkt.evaluation_sources AS s (source, role, relation, columns)
    VALUES (register_evaluation_source.source, register_evaluation_source.role,
            pg_catalog.to_regclass(register_evaluation_source.relation)::text, register_evaluation_source.columns)
    ON CONFLICT ON CONSTRAINT evaluation_sources_pkey
    DO UPDATE SET relation = EXCLUDED.relation, columns = EXCLUDED.columns,
                  created_at = now(), created_by = current_user;
END
$fn$;
COMMENT ON FUNCTION pmkt.register_evaluation_source(text, text, text, jsonb) IS
'registers (or replaces) the relation that plays role for source, with columns mapping contract columns to the relation''s (pmkt.evaluation_contract() lists them); validated now (a missing column is named with its role, 42703) and again at each run';

-- the relation of role table_name for a run of source_schema: the run's
-- mapped temporary view for a registered source, else source_schema.table_name;
-- NULL when there is none
CREATE OR REPLACE FUNCTION pmkt.evaluation_source(source_schema text, table_name text)
RETURNS regclass
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT CASE WHEN EXISTS (SELECT 1 FROM pmkt.evaluation_sources s WHERE s.source = source_schema)
                THEN (SELECT pg_catalog.to_regclass('pg_temp.' || pg_catalog.quote_ident('pmkt_src_' || table_name))
                      FROM pmkt.evaluation_sources s WHERE s.source = source_schema AND s.role = table_name)
                ELSE pg_catalog.to_regclass(pg_catalog.format('%I.%I', source_schema, table_name)) END
$fn$;
COMMENT ON FUNCTION pmkt.evaluation_source(text, text) IS
'the relation playing role table_name for source_schema as a regclass: for a source registered in pmkt.evaluation_sources, the current run''s temporary view with the contract''s column names; else the table table_name in schema source_schema; NULL when there is none (used by pmkt.run_evaluation and the family steps to skip steps whose source is missing)';

-- Temporary objects of a run.  They are dropped by their bare name, never as
-- pg_temp.<name>: the function's search_path is pg_catalog, pg_temp, so a
-- bare name can only resolve to the session's own temporary schema, and on
-- a database where Citus is loaded a DROP naming the literal schema pg_temp
-- fails (Citus looks the schema up by that name; issue 19).
CREATE OR REPLACE PROCEDURE pmkt.evaluation_cleanup()
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $proc$
DECLARE
    v text;
BEGIN
    FOR v IN SELECT c.relname FROM pg_catalog.pg_class c
             WHERE c.relnamespace = pg_catalog.pg_my_temp_schema() AND c.relkind = 'v'
               AND (c.relname LIKE 'pmkt\_eval\_%' OR c.relname LIKE 'pmkt\_src\_%')
             ORDER BY c.relname LIKE 'pmkt\_src\_%', c.relname  -- pmkt_src_* after the views built on them
    LOOP
        EXECUTE format('DROP VIEW %I', v);
    END LOOP;
    FOREACH v IN ARRAY ARRAY['pmkt_eval_rfm', 'pmkt_eval_clv', 'pmkt_eval_aisas_x']
    LOOP
        IF pg_catalog.to_regclass('pg_temp.' || v) IS NOT NULL THEN
            EXECUTE format('DROP TABLE %I', v);
        END IF;
    END LOOP;
END
$proc$;
COMMENT ON PROCEDURE pmkt.evaluation_cleanup() IS
'drops the session''s temporary views and tables pmkt.run_evaluation works with (pmkt_eval_*, pmkt_src_*), by their bare names (no DDL names the schema pg_temp)';

-- one trained model of a run: saved to the registry (when save is true),
-- tied to its run (deleting the run deletes the version), and its numeric
-- metrics appended to pmkt.history_model_metrics (yes/no metrics as flag)
CREATE OR REPLACE FUNCTION pmkt.evaluation_record_model(source_schema text, period date, run_at timestamptz,
                                             model_name text, kind text, model_type text,
                                             model text, parameters jsonb, training_query text,
                                             metrics jsonb, save boolean)
RETURNS int
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v int;
BEGIN
    IF save THEN
        IF model IS NULL OR pg_catalog.to_regtype(model_type) IS NULL THEN
            RAISE EXCEPTION 'model % of the run cannot be saved', quote_literal(model_name)
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('model_type is %s, model is %s.', coalesce(quote_literal(model_type), 'NULL'),
                                      CASE WHEN model IS NULL THEN 'NULL' ELSE 'given' END);
        END IF;
        INSERT INTO pmkt.model_registry AS r
            (name, kind, parameters, training_query, metrics, model_type, model,
             run_source_schema, run_period)
        VALUES (model_name, kind, coalesce(parameters, '{}'), training_query,
                coalesce(metrics, '{}') || jsonb_build_object('source_schema', source_schema, 'period', period),
                pg_catalog.format_type(pg_catalog.to_regtype(model_type), NULL), model,
                source_schema, period)
        RETURNING r.version INTO v;
    END IF;
    INSERT INTO pmkt.history_model_metrics AS h
        (source_schema, period, model_name, kind, metric, value, registry_version, run_at, flag)
    SELECT evaluation_record_model.source_schema, evaluation_record_model.period,
           evaluation_record_model.model_name, evaluation_record_model.kind,
           e.key,
           CASE WHEN jsonb_typeof(e.value) <> 'boolean' THEN (e.value #>> '{}')::float8 END,
           v, evaluation_record_model.run_at,
           CASE WHEN jsonb_typeof(e.value) = 'boolean' THEN e.value = 'true'::jsonb END
    FROM jsonb_each(metrics) e
    WHERE jsonb_typeof(e.value) IN ('number', 'boolean')
       OR (jsonb_typeof(e.value) = 'string' AND e.value #>> '{}' IN ('NaN', 'Infinity', '-Infinity'));
    RETURN v;
END
$fn$;
COMMENT ON FUNCTION pmkt.evaluation_record_model(text, date, timestamptz, text, text, text, text, jsonb, text, jsonb, boolean) IS
'used by pmkt.run_evaluation and the family steps: saves one trained model to pmkt.model_registry (when save), tied to its run (run_source_schema, run_period: deleting the run deletes the version), and appends its numeric metrics to pmkt.history_model_metrics (value) and its yes/no metrics (converged, ...) as flag; returns the registry version or NULL';

-- the minimum-cost assignment of a square cost matrix (Hungarian method,
-- O(n^3)): result[i] = the column assigned to row i
CREATE FUNCTION pmkt.min_cost_assignment(cost float8[])
RETURNS int[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    n     int;
    u     float8[];
    v     float8[];
    p     int[];
    way   int[];
    minv  float8[];
    used  boolean[];
    i int; j int; i0 int; j0 int; j1 int;
    delta float8; cur float8;
    a     float8[];
    res   int[];
BEGIN
    IF array_ndims(cost) IS DISTINCT FROM 2 OR array_length(cost, 1) <> array_length(cost, 2) THEN
        RAISE EXCEPTION 'cost must be a square matrix'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('cost has dimensions %s.', coalesce(array_dims(cost), 'none')),
                  HINT = 'Pass an n x n float8[][] (rows = new labels, columns = old labels).';
    END IF;
    n := array_length(cost, 1);
    IF n > 100 THEN
        RAISE EXCEPTION 'cost has more than 100 rows'
            USING ERRCODE = 'program_limit_exceeded',
                  DETAIL = format('cost is %s x %s.', n, n),
                  HINT = 'Match at most 100 labels (clusters) at a time.';
    END IF;
    -- rebase to 1..n and check the entries
    a := array_fill(0::float8, ARRAY[n, n]);
    FOR i IN 1..n LOOP
        FOR j IN 1..n LOOP
            cur := cost[array_lower(cost, 1) + i - 1][array_lower(cost, 2) + j - 1];
            IF cur IS NULL OR cur = 'NaN'::float8 OR cur IN ('Infinity'::float8, '-Infinity'::float8) THEN
                RAISE EXCEPTION 'cost must hold finite numbers'
                    USING ERRCODE = 'invalid_parameter_value',
                          DETAIL = format('cost[%s][%s] is %s.', i, j, coalesce(cur::text, 'NULL'));
            END IF;
            a[i][j] := cur;
        END LOOP;
    END LOOP;
    u := array_fill(0::float8, ARRAY[n + 1], ARRAY[0]);
    v := array_fill(0::float8, ARRAY[n + 1], ARRAY[0]);
    p := array_fill(0, ARRAY[n + 1], ARRAY[0]);
    way := array_fill(0, ARRAY[n + 1], ARRAY[0]);
    FOR i IN 1..n LOOP
        p[0] := i;
        j0 := 0;
        minv := array_fill('Infinity'::float8, ARRAY[n + 1], ARRAY[0]);
        used := array_fill(false, ARRAY[n + 1], ARRAY[0]);
        LOOP
            used[j0] := true;
            i0 := p[j0];
            delta := 'Infinity';
            j1 := 0;
            FOR j IN 1..n LOOP
                IF NOT used[j] THEN
                    cur := a[i0][j] - u[i0] - v[j];
                    IF cur < minv[j] THEN
                        minv[j] := cur;
                        way[j] := j0;
                    END IF;
                    IF minv[j] < delta THEN
                        delta := minv[j];
                        j1 := j;
                    END IF;
                END IF;
            END LOOP;
            FOR j IN 0..n LOOP
                IF used[j] THEN
                    u[p[j]] := u[p[j]] + delta;
                    v[j] := v[j] - delta;
                ELSE
                    minv[j] := minv[j] - delta;
                END IF;
            END LOOP;
            j0 := j1;
            EXIT WHEN p[j0] = 0;
        END LOOP;
        LOOP
            j1 := way[j0];
            p[j0] := p[j1];
            j0 := j1;
            EXIT WHEN j0 = 0;
        END LOOP;
    END LOOP;
    res := array_fill(0, ARRAY[n]);
    FOR j IN 1..n LOOP
        res[p[j]] := j;
    END LOOP;
    RETURN res;
END
$fn$;
COMMENT ON FUNCTION pmkt.min_cost_assignment(float8[]) IS
'the minimum-cost one-to-one assignment of an n x n cost matrix (Hungarian method, O(n^3)): element i of the result is the column assigned to row i; used by pmkt.run_evaluation to keep k-means cluster labels stable across periods';

CREATE PROCEDURE pmkt.run_evaluation(source_schema text DEFAULT 'pmkt_demo',
                                     period date DEFAULT NULL,
                                     k int DEFAULT 3,
                                     seed bigint DEFAULT 42,
                                     discount_rate float8 DEFAULT 0.01,
                                     margin float8 DEFAULT 0.3,
                                     channel_months int DEFAULT 12,
                                     segment_method text DEFAULT 'rules',
                                     hidden int DEFAULT 10,
                                     epochs int DEFAULT 200,
                                     save_models boolean DEFAULT true,
                                     time_zone text DEFAULT NULL,
                                     new_days float8 DEFAULT 90,
                                     frequent_min_orders int DEFAULT NULL,
                                     stable_clusters boolean DEFAULT true)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $proc$
DECLARE
    v_schema  text := source_schema;
    v_period  date;
    v_tz      text := coalesce(time_zone, pg_catalog.current_setting('TimeZone'));
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
    v_mapped  boolean;
    v_order   text;
    v_prev    date;
    v_map     int[];
    v_step    text[];
    v_r       jsonb;
    v_rec     record;
    -- the family steps, one line each: the step's name and its call, with
    -- $1 source_schema, $2 period, $3 as_of, $4 run_at, $5 save_models,
    -- $6 discount_rate.  A call returns text (NULL = done, else the reason
    -- it was skipped: pmkt.evaluation_<family>) or (done text[], skipped text[]).
    v_steps   text[] := ARRAY[
        ['aspect_sentiment', 'pmkt.evaluation_text($1, $2, $3, $4)'],       -- src/text/96_text_eval.sql
        ['basket_rules',     'pmkt.evaluation_basket($1, $2, $4, $3)'],     -- src/basket/96_basket_eval.sql
        ['responses_forest', 'pmkt.evaluation_classify($1, $2, $4, $5)'],   -- src/classify/96_classify_eval.sql
        ['experiments',      'pmkt.evaluation_experiment($1, $2, $3, $4)'], -- src/experiment/96_experiment_eval.sql
        ['lifetime',         'pmkt.evaluation_lifetime($1, $2, $4, $3, $6, $5)']];  -- src/lifetime/96_lifetime_eval.sql
BEGIN
    v_mapped := EXISTS (SELECT 1 FROM pmkt.evaluation_sources s WHERE s.source = v_schema);
    IF v_schema IS NULL OR (NOT v_mapped AND pg_catalog.to_regnamespace(pg_catalog.quote_ident(v_schema)) IS NULL) THEN
        RAISE EXCEPTION 'source_schema % does not exist', coalesce(quote_literal(v_schema), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass the schema holding the customers, orders, campaigns, aisas_monthly, sales_drivers and visits tables (pmkt.generate_demo creates pmkt_demo), or a source registered with pmkt.register_evaluation_source.';
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
    IF seed IS NULL OR save_models IS NULL OR stable_clusters IS NULL THEN
        RAISE EXCEPTION 'seed, save_models and stable_clusters must not be NULL'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Omit them to use the defaults (seed 42, save_models true, stable_clusters true).';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_timezone_names z WHERE z.name = v_tz)
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_timezone_abbrevs z WHERE z.abbrev = v_tz) THEN
        BEGIN
            PERFORM now() AT TIME ZONE v_tz;
        EXCEPTION WHEN invalid_parameter_value THEN
            RAISE EXCEPTION 'time_zone % is not a time zone', quote_literal(v_tz)
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Pass a name of pg_timezone_names, e.g. ''UTC'' or ''Europe/Paris''.';
        END;
    END IF;
    IF new_days IS NULL OR NOT (new_days >= 0) OR new_days = 'Infinity'::float8 THEN
        RAISE EXCEPTION 'new_days must be a finite number of days, 0 or more'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('new_days is %s.', coalesce(new_days::text, 'NULL')),
                  HINT = 'A customer whose first order is less than new_days before the end of the period is new (default 90).';
    END IF;
    IF frequent_min_orders IS NOT NULL AND (frequent_min_orders < 1 OR segment_method <> 'rules') THEN
        RAISE EXCEPTION 'frequent_min_orders must be at least 1, with segment_method rules'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('frequent_min_orders is %s, segment_method is %s.', frequent_min_orders, segment_method),
                  HINT = 'Pass a fixed number of orders from which a customer is frequent (e.g. 5), or NULL for the data-derived break.';
    END IF;

    -- the source's relations as temporary views with the contract's column
    -- names (a registered source; validated again now)
    CALL pmkt.evaluation_cleanup();
    FOR v_rec IN SELECT s.role, s.relation, s.columns FROM pmkt.evaluation_sources s
             WHERE s.source = v_schema ORDER BY s.role
    LOOP
        EXECUTE format('CREATE TEMP VIEW %I AS %s', 'pmkt_src_' || v_rec.role,
                       pmkt.evaluation_source_select(v_schema, v_rec.role, v_rec.relation, v_rec.columns));
    END LOOP;

    -- the period: the given month, else the last complete month with data
    -- (the month of the latest order, at most the month before the current
    -- one), months cut in time_zone (default the session's, recorded)
    v_src := pmkt.evaluation_source(v_schema, 'orders');
    IF period IS NOT NULL THEN
        v_period := date_trunc('month', period)::date;
    ELSE
        v_period := (date_trunc('month', v_run_at AT TIME ZONE v_tz) - interval '1 month')::date;
        IF v_src IS NOT NULL THEN
            EXECUTE format('SELECT least($1, date_trunc(''month'', max(ordered_at) AT TIME ZONE $2)::date) FROM %s', v_src)
                INTO v_period USING v_period, v_tz;
            v_period := coalesce(v_period, (date_trunc('month', v_run_at AT TIME ZONE v_tz) - interval '1 month')::date);
        END IF;
    END IF;
    -- data up to the end of the period in time_zone, or up to now for the current month
    v_as_of := least((v_period + interval '1 month') AT TIME ZONE v_tz, v_run_at);
    v_params := jsonb_build_object('k', k, 'seed', seed, 'discount_rate', discount_rate,
                                   'margin', margin, 'channel_months', channel_months,
                                   'segment_method', segment_method, 'hidden', hidden,
                                   'epochs', epochs, 'save_models', save_models,
                                   'as_of', v_as_of, 'time_zone', v_tz, 'new_days', new_days,
                                   'frequent_min_orders', frequent_min_orders,
                                   'stable_clusters', stable_clusters, 'mapped_source', v_mapped);

    -- one run per (schema, period) at a time; the old rows of this period go
    -- (the other history tables, and the registry versions the run saved,
    -- cascade from history_runs)
    PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('pmkt.run_evaluation'),
                                             pg_catalog.hashtext(v_schema || '/' || v_period));
    DELETE FROM pmkt.history_runs h WHERE h.source_schema = v_schema AND h.period = v_period;
    INSERT INTO pmkt.history_runs (source_schema, period, run_at, finished_at, run_by,
                                   parameters, steps_done, steps_skipped)
    VALUES (v_schema, v_period, v_run_at, clock_timestamp(), current_user, v_params, '', '');

    -- the source tables cut at the end of the period, as temporary views
    -- (the capability functions take a table; the views cut it at v_as_of).
    -- Dates are compared as dates and timestamps through time_zone, never
    -- through the session's time zone (which Citus does not pass to workers).
    IF v_src IS NOT NULL THEN
        EXECUTE format('CREATE TEMP VIEW pmkt_eval_orders AS SELECT * FROM %s WHERE ordered_at < %L::timestamptz',
                       v_src, v_as_of);
        v_order := CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = v_src
                                     AND a.attname = 'order_id' AND a.attnum > 0 AND NOT a.attisdropped)
                        THEN 'order_id' END;
    END IF;
    v_src := pmkt.evaluation_source(v_schema, 'customers');
    IF v_src IS NOT NULL THEN
        EXECUTE format('CREATE TEMP VIEW pmkt_eval_customers AS SELECT * FROM %s WHERE signup_date::timestamp < %L::timestamp',
                       v_src, v_as_of AT TIME ZONE v_tz);
    END IF;
    v_src := pmkt.evaluation_source(v_schema, 'campaigns');
    IF v_src IS NOT NULL THEN
        EXECUTE format('CREATE TEMP VIEW pmkt_eval_campaigns AS SELECT * FROM %s
                        WHERE month <= %L::date AND month > %L::date',
                       v_src, v_period, (v_period - make_interval(months => channel_months))::date);
        EXECUTE format('CREATE TEMP VIEW pmkt_eval_campaign_months AS
                        SELECT channel, month, impressions, clicks, conversions, new_customers, spend, revenue
                        FROM %s WHERE month <= %L::date',
                       v_src, v_period);
    ELSE
        CREATE TEMP VIEW pmkt_eval_campaign_months AS
        SELECT NULL::text AS channel, NULL::date AS month, NULL::bigint AS impressions,
               NULL::bigint AS clicks, NULL::bigint AS conversions, NULL::bigint AS new_customers,
               NULL::float8 AS spend, NULL::float8 AS revenue
        WHERE false;
    END IF;
    v_src := pmkt.evaluation_source(v_schema, 'aisas_monthly');
    IF v_src IS NOT NULL THEN
        EXECUTE format('CREATE TEMP VIEW pmkt_eval_aisas AS SELECT * FROM %s WHERE month <= %L::date',
                       v_src, v_period);
    END IF;

    v_t := clock_timestamp();
    -- 1. RFM segments of every customer, and the segment summary
    IF pg_catalog.to_regclass('pg_temp.pmkt_eval_orders') IS NULL
       OR pg_catalog.to_regclass('pg_temp.pmkt_eval_customers') IS NULL THEN
        v_skipped := v_skipped || format('segments (%s.orders or %s.customers is missing)', v_schema, v_schema);
    ELSE
        -- rules with frequent_min_orders: fixed thresholds (new: first order
        -- less than new_days before the end; frequent: at least
        -- frequent_min_orders orders) instead of the data-derived break
        CREATE TEMP TABLE pmkt_eval_rfm AS
        SELECT c.customer_id, r.recency_days, coalesce(r.frequency, 0) AS frequency,
               r.monetary, r.r_score, r.f_score, r.m_score, r.rfm_cell,
               coalesce(CASE WHEN frequent_min_orders IS NULL OR r.customer_id IS NULL THEN r.segment
                             WHEN r.first_order_at > v_as_of - make_interval(secs => new_days * 86400) THEN 'new'
                             WHEN r.frequency >= frequent_min_orders THEN 'frequent'
                             ELSE 'occasional' END, 'no_orders') AS segment
        FROM pg_temp.pmkt_eval_customers c
        LEFT JOIN pmkt.rfm('pg_temp.pmkt_eval_orders'::regclass, as_of => v_as_of, new_days => new_days,
                           method => segment_method, seed => seed, order_col => v_order) r
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
            -- stable labels: the clusters are renumbered to match the latest
            -- earlier period's clusters of this source by the minimum-cost
            -- assignment of their centroids (squared distance of the mean
            -- recency_days, ln(frequency), ln(1 + monetary), each scaled by
            -- this period's standard deviation); the model keeps its own
            -- numbering, the history rows and metrics carry the map
            v_prev := NULL;
            v_map := NULL;
            IF stable_clusters THEN
                SELECT max(p.period) INTO v_prev FROM pmkt.history_customer_segments p
                WHERE p.source_schema = v_schema AND p.period < v_period AND p.cluster IS NOT NULL;
            END IF;
            IF v_prev IS NOT NULL THEN
                WITH sd AS (
                    SELECT nullif(stddev_samp(h.recency_days), 0) AS s1,
                           nullif(stddev_samp(ln(h.frequency::float8)), 0) AS s2,
                           nullif(stddev_samp(ln(1 + h.monetary)), 0) AS s3
                    FROM pmkt.history_customer_segments h
                    WHERE h.source_schema = v_schema AND h.period = v_period AND h.cluster IS NOT NULL),
                cen AS (
                    SELECT h.period, h.cluster, avg(h.recency_days) AS c1, avg(ln(h.frequency::float8)) AS c2,
                           avg(ln(1 + h.monetary)) AS c3
                    FROM pmkt.history_customer_segments h
                    WHERE h.source_schema = v_schema AND h.period IN (v_period, v_prev) AND h.cluster IS NOT NULL
                    GROUP BY 1, 2)
                SELECT CASE WHEN count(*) = k * k THEN
                       pmkt.min_cost_assignment(
                           (SELECT array_agg(rw ORDER BY i) FROM (
                                SELECT a.cluster AS i,
                                       array_agg(((a.c1 - b.c1) / coalesce(sd.s1, 1)) ^ 2
                                                 + ((a.c2 - b.c2) / coalesce(sd.s2, 1)) ^ 2
                                                 + ((a.c3 - b.c3) / coalesce(sd.s3, 1)) ^ 2 ORDER BY b.cluster) AS rw
                                FROM cen a, cen b, sd
                                WHERE a.period = v_period AND b.period = v_prev
                                GROUP BY a.cluster) m)) END
                  INTO v_map
                FROM cen a, cen b WHERE a.period = v_period AND b.period = v_prev;
            END IF;
            IF v_map IS NOT NULL THEN
                -- only when both periods have clusters 1..k
                IF (SELECT array_agg(DISTINCT h.cluster ORDER BY h.cluster) FROM pmkt.history_customer_segments h
                    WHERE h.source_schema = v_schema AND h.period IN (v_period, v_prev) AND h.cluster IS NOT NULL)
                   = (SELECT array_agg(g) FROM generate_series(1, k) g) THEN
                    UPDATE pmkt.history_customer_segments h SET cluster = v_map[h.cluster]
                    WHERE h.source_schema = v_schema AND h.period = v_period AND h.cluster IS NOT NULL;
                    v_m := v_m || jsonb_build_object('labels_matched', true, 'labels_matched_to', v_prev,
                                                     'label_map', to_jsonb(v_map));
                END IF;
            END IF;
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
    -- 2. channel effectiveness over the trailing window, and per month
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
        FROM pmkt.channel_effectiveness('pg_temp.pmkt_eval_campaigns'::regclass, digits => NULL) e;
        INSERT INTO pmkt.history_channel_monthly
            (source_schema, period, month, channel, investment, impressions, clicks, ctr,
             conversions, conversion_rate, new_customers, sales, roi, cac, run_at)
        SELECT v_schema, v_period, date_trunc('month', x.month::timestamp)::date, x.channel,
               sum(x.spend), sum(x.impressions), sum(x.clicks),
               sum(x.clicks)::float8 / nullif(sum(x.impressions), 0),
               sum(x.conversions), sum(x.conversions)::float8 / nullif(sum(x.clicks), 0),
               sum(x.new_customers), sum(x.revenue),
               (sum(x.revenue) - sum(x.spend)) / nullif(sum(x.spend), 0),
               pmkt.cac(sum(x.spend), sum(x.new_customers)::bigint), v_run_at
        FROM pg_temp.pmkt_eval_campaign_months x
        GROUP BY 3, 4;
        v_done := v_done || 'channels'::text;
        v_secs := v_secs || jsonb_build_object('channels', round(extract(epoch FROM clock_timestamp() - v_t)::numeric, 3));
    END IF;

    v_t := clock_timestamp();
    -- 3. CLV and CAC per signup cohort; the monthly KPI series
    IF pg_catalog.to_regclass('pg_temp.pmkt_eval_orders') IS NULL
       OR pg_catalog.to_regclass('pg_temp.pmkt_eval_customers') IS NULL THEN
        v_skipped := v_skipped || format('cohorts (%s.orders or %s.customers is missing)', v_schema, v_schema);
    ELSE
        -- per-customer CLV first, one pmkt.clv row per order (the discounted
        -- sum is linear, so this equals one row per month): CREATE TABLE AS
        -- may use a parallel plan, INSERT ... SELECT may not.  The month of
        -- an order is taken in time_zone.
        CREATE TEMP TABLE pmkt_eval_clv AS
        SELECT o.customer_id, sum(o.amount) AS revenue,
               pmkt.clv(greatest(1, (date_part('year', o.ordered_at AT TIME ZONE v_tz) - date_part('year', c.signup_date)) * 12
                                    + date_part('month', o.ordered_at AT TIME ZONE v_tz) - date_part('month', c.signup_date) + 1)::int,
                        o.amount, (1 - margin) * o.amount, discount_rate) AS clv
        FROM pg_temp.pmkt_eval_orders o
        JOIN pg_temp.pmkt_eval_customers c ON c.customer_id = o.customer_id
        GROUP BY o.customer_id;

        -- every month from the first signup to the period, also the months
        -- without signups (0 customers), so that a cohort chart has no gaps
        INSERT INTO pmkt.history_cohort_metrics
            (source_schema, period, cohort_month, customers, buyers, revenue, avg_clv,
             acquisition_spend, new_customers, cac, clv_cac_ratio, run_at)
        WITH cohorts AS (
            SELECT date_trunc('month', c.signup_date::timestamp)::date AS cohort_month,
                   count(*) AS customers, count(p.customer_id) AS buyers,
                   coalesce(sum(p.revenue), 0) AS revenue, avg(coalesce(p.clv, 0)) AS avg_clv
            FROM pg_temp.pmkt_eval_customers c
            LEFT JOIN pg_temp.pmkt_eval_clv p ON p.customer_id = c.customer_id
            GROUP BY 1),
        months AS (
            SELECT g::date AS cohort_month
            FROM (SELECT min(cohort_month) AS m0 FROM cohorts) b,
                 generate_series(b.m0::timestamp, v_period::timestamp, interval '1 month') g),
        spend AS (
            SELECT date_trunc('month', x.month::timestamp)::date AS cohort_month, sum(x.spend) AS spend,
                   sum(x.new_customers)::bigint AS new_customers
            FROM pg_temp.pmkt_eval_campaign_months x GROUP BY 1)
        SELECT v_schema, v_period, m.cohort_month, coalesce(h.customers, 0), coalesce(h.buyers, 0),
               coalesce(h.revenue, 0), h.avg_clv,
               s.spend, s.new_customers, pmkt.cac(s.spend, s.new_customers),
               h.avg_clv / nullif(pmkt.cac(s.spend, s.new_customers), 0), v_run_at
        FROM months m
        LEFT JOIN cohorts h ON h.cohort_month = m.cohort_month
        LEFT JOIN spend s ON s.cohort_month = m.cohort_month;

        -- KPIs per calendar month (in time_zone) from the first order to the
        -- period: revenue, orders, buyers, first-time buyers, repeat buyers
        -- (bought in an earlier month too), CAC and campaign ROI
        EXECUTE format($q$
        INSERT INTO pmkt.history_kpi_monthly
            (source_schema, period, month, revenue, orders, customers, new_customers,
             repeat_customers, repeat_rate, marketing_spend, acquired_customers, cac,
             campaign_revenue, roi, run_at)
        WITH o AS (
            SELECT o.customer_id, o.amount, %s AS order_key,
                   date_trunc('month', o.ordered_at AT TIME ZONE $3)::date AS month
            FROM pg_temp.pmkt_eval_orders o
            WHERE o.customer_id IS NOT NULL AND o.ordered_at IS NOT NULL),
        firsts AS (SELECT o.customer_id, min(o.month) AS first_month FROM o GROUP BY 1),
        months AS (
            SELECT g::date AS month
            FROM (SELECT min(month) AS m0 FROM o) b,
                 generate_series(b.m0::timestamp, $2::timestamp, interval '1 month') g),
        byc AS (
            SELECT o.month, o.customer_id, sum(o.amount) AS revenue, count(DISTINCT o.order_key) AS orders
            FROM o GROUP BY 1, 2),
        agg AS (
            SELECT b.month, sum(b.revenue) AS revenue, sum(b.orders) AS orders, count(*) AS customers,
                   count(*) FILTER (WHERE f.first_month = b.month) AS new_customers,
                   count(*) FILTER (WHERE f.first_month < b.month) AS repeat_customers
            FROM byc b JOIN firsts f ON f.customer_id = b.customer_id
            GROUP BY 1),
        spend AS (
            SELECT date_trunc('month', x.month::timestamp)::date AS month, sum(x.spend) AS spend,
                   sum(x.new_customers)::bigint AS acquired, sum(x.revenue) AS revenue
            FROM pg_temp.pmkt_eval_campaign_months x GROUP BY 1)
        SELECT $1, $2, m.month, coalesce(a.revenue, 0), coalesce(a.orders, 0)::bigint,
               coalesce(a.customers, 0), coalesce(a.new_customers, 0), coalesce(a.repeat_customers, 0),
               a.repeat_customers::float8 / nullif(a.customers, 0),
               s.spend, s.acquired, pmkt.cac(s.spend, s.acquired), s.revenue,
               (s.revenue - s.spend) / nullif(s.spend, 0), $4
        FROM months m
        LEFT JOIN agg a ON a.month = m.month
        LEFT JOIN spend s ON s.month = m.month
        $q$, CASE WHEN v_order IS NULL THEN 'row_number() OVER ()' ELSE 'o.order_id' END)
        USING v_schema, v_period, v_tz, v_run_at;
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
            ALTER TABLE pmkt_eval_aisas_x ADD COLUMN xs float8[];
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
            ALTER TABLE pmkt_eval_aisas_x ADD COLUMN score float8;
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

    -- 6.. the family steps (v_steps above): one loop
    FOREACH v_step SLICE 1 IN ARRAY v_steps
    LOOP
        v_t := clock_timestamp();
        EXECUTE 'SELECT to_jsonb(s) FROM ' || v_step[2] || ' s'
            INTO v_r USING v_schema, v_period, v_as_of, v_run_at, save_models, discount_rate;
        IF v_r IS NULL OR jsonb_typeof(v_r) = 'null' THEN
            v_done := v_done || v_step[1];
            v_secs := v_secs || jsonb_build_object(v_step[1], round(extract(epoch FROM clock_timestamp() - v_t)::numeric, 3));
        ELSIF jsonb_typeof(v_r) = 'string' THEN
            v_skipped := v_skipped || (v_r #>> '{}');
        ELSE
            v_done := v_done || ARRAY(SELECT jsonb_array_elements_text(coalesce(v_r -> 'done', '[]')));
            v_skipped := v_skipped || ARRAY(SELECT jsonb_array_elements_text(coalesce(v_r -> 'skipped', '[]')));
            IF jsonb_array_length(coalesce(v_r -> 'done', '[]')) > 0 THEN
                v_secs := v_secs || jsonb_build_object(v_step[1], round(extract(epoch FROM clock_timestamp() - v_t)::numeric, 3));
            END IF;
        END IF;
    END LOOP;

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
COMMENT ON PROCEDURE pmkt.run_evaluation(text, date, int, bigint, float8, float8, int, text, int, int, boolean, text, float8, int, boolean) IS
're-runs the standard analysis on the contract tables of source_schema (customers, orders, campaigns, aisas_monthly, sales_drivers, visits, ...) or of a source registered with pmkt.register_evaluation_source, for period (a month; default the last complete month with data: the month of the latest order, at most the month before the current one; data up to its end in time_zone, default the session''s): RFM segments (rules: with frequent_min_orders and new_days as fixed thresholds when given) and a k-means cluster for every customer (labels matched to the previous period''s clusters with stable_clusters), segment summary with strategies, channel effectiveness over the trailing channel_months and per month, CLV and CAC by signup cohort, monthly KPIs, AISAS indices and composite scores (normalisation, PCA screening, entropy weights), BPNN and RBF evaluation models, OLS of sales on its drivers, logistic regression of visit conversion, then the family steps (aspect sentiment, cross-selling rules, random forest of visit conversion, lifetime values); writes pmkt.history_* (a re-run of the same period replaces its rows and registry versions; steps whose source table is missing are skipped and listed in history_runs) and, with save_models, saves each trained model to pmkt.model_registry as <source_schema>.<model>';

-- backfill: one run per month from from_period to to_period, in order (so
-- that cluster labels follow from month to month); idempotent, since a run
-- replaces its period's rows
CREATE PROCEDURE pmkt.run_evaluation_range(source_schema text, from_period date, to_period date,
                                           save_models boolean DEFAULT true,
                                           time_zone text DEFAULT NULL,
                                           segment_method text DEFAULT 'rules',
                                           k int DEFAULT 3,
                                           seed bigint DEFAULT 42)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $proc$
DECLARE
    m date;
BEGIN
    IF from_period IS NULL OR to_period IS NULL OR from_period > to_period THEN
        RAISE EXCEPTION 'from_period and to_period must be dates, from_period not after to_period'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('from_period is %s, to_period is %s.', coalesce(from_period::text, 'NULL'),
                                  coalesce(to_period::text, 'NULL')),
                  HINT = 'Pass the first and the last month to evaluate, e.g. ''2024-01-01'' and ''2024-12-01''.';
    END IF;
    IF (date_trunc('month', to_period) - date_trunc('month', from_period)) > interval '1200 months' THEN
        RAISE EXCEPTION 'the range has more than 1200 months'
            USING ERRCODE = 'program_limit_exceeded',
                  DETAIL = format('from_period is %s, to_period is %s.', from_period, to_period),
                  HINT = 'Backfill at most 100 years at a time.';
    END IF;
    FOR m IN SELECT g::date FROM generate_series(date_trunc('month', from_period)::timestamp,
                                                  date_trunc('month', to_period)::timestamp,
                                                  interval '1 month') g
    LOOP
        CALL pmkt.run_evaluation(source_schema, m, k => k, seed => seed, segment_method => segment_method,
                                 save_models => save_models, time_zone => time_zone);
    END LOOP;
END
$proc$;
COMMENT ON PROCEDURE pmkt.run_evaluation_range(text, date, date, boolean, text, text, int, bigint) IS
'backfill: CALL pmkt.run_evaluation once per month from from_period to to_period (months in order, so that the k-means labels of each month are matched to the month before); idempotent (each run replaces its period); all months in the caller''s transaction';

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

-- ======== src/classify/96_classify_eval.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- the evaluation job's classification step (issue 13): a seeded random forest
-- of campaign response (the demo's campaign_responses: a planted logistic
-- model of discount, recency, frequency and channel, src/classify/
-- demo_classify.c), its decile gains table on held-out customers, its
-- importances in pmkt.history_model_metrics; the BI view of the gains table
-- per model
-- ---------------------------------------------------------------------------

CREATE TABLE pmkt.history_classify_gains (
    source_schema     text NOT NULL,
    period            date NOT NULL,
    model_name        text NOT NULL,
    bin               int NOT NULL,
    rows              bigint NOT NULL,
    responders        bigint NOT NULL,
    response_rate     float8 NOT NULL,
    min_score         float8 NOT NULL,
    max_score         float8 NOT NULL,
    cum_rows          bigint NOT NULL,
    cum_responders    bigint NOT NULL,
    cum_response_rate float8 NOT NULL,
    gain              float8 NOT NULL,
    lift              float8 NOT NULL,
    cum_lift          float8 NOT NULL,
    run_at            timestamptz NOT NULL,
    PRIMARY KEY (source_schema, period, model_name, bin),
    FOREIGN KEY (source_schema, period) REFERENCES pmkt.history_runs ON DELETE CASCADE
);
COMMENT ON TABLE pmkt.history_classify_gains IS
'the decile gains table (pmkt.gains_table) of each classifier the evaluation job trains, on its held-out rows, per run; the model''s importances and accuracy are in pmkt.history_model_metrics';
COMMENT ON COLUMN pmkt.history_classify_gains.source_schema IS 'the schema whose tables were analysed';
COMMENT ON COLUMN pmkt.history_classify_gains.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.history_classify_gains.model_name IS 'the model (<source_schema>.responses_forest), as in pmkt.history_model_metrics';
COMMENT ON COLUMN pmkt.history_classify_gains.bin IS 'decile, 1 = the highest scores; a run of tied scores stays in the bin where it starts, so a bin may be left out';
COMMENT ON COLUMN pmkt.history_classify_gains.rows IS 'held-out rows in the bin';
COMMENT ON COLUMN pmkt.history_classify_gains.responders IS 'held-out rows of the bin that responded';
COMMENT ON COLUMN pmkt.history_classify_gains.response_rate IS 'responders / rows in the bin';
COMMENT ON COLUMN pmkt.history_classify_gains.min_score IS 'lowest predicted probability in the bin';
COMMENT ON COLUMN pmkt.history_classify_gains.max_score IS 'highest predicted probability in the bin';
COMMENT ON COLUMN pmkt.history_classify_gains.cum_rows IS 'rows in this bin and all better ones';
COMMENT ON COLUMN pmkt.history_classify_gains.cum_responders IS 'responders in this bin and all better ones';
COMMENT ON COLUMN pmkt.history_classify_gains.cum_response_rate IS 'cum_responders / cum_rows';
COMMENT ON COLUMN pmkt.history_classify_gains.gain IS 'cum_responders / all responders: the share of responders reached by targeting down to this bin';
COMMENT ON COLUMN pmkt.history_classify_gains.lift IS 'response_rate / the overall response rate';
COMMENT ON COLUMN pmkt.history_classify_gains.cum_lift IS 'cum_response_rate / the overall response rate';
COMMENT ON COLUMN pmkt.history_classify_gains.run_at IS 'when the run started';
SELECT pg_catalog.pg_extension_config_dump('pmkt.history_classify_gains', '');

CREATE FUNCTION pmkt.evaluation_classify(source_schema text, period date, run_at timestamptz,
                                         save_models boolean)
RETURNS text
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_src regclass := pmkt.evaluation_source(source_schema, 'campaign_responses');
    v_cols text := 'channel, region, age, recency_days, frequency, monetary, got_discount, responded';
    v_q text;
    v_test text;
    v_n bigint;
    v_pos bigint;
    v_classes bigint;
    v_model pmkt.treemodel;
    v_name text := source_schema || '.responses_forest';
    v_m jsonb;
    v_auc float8;
BEGIN
    IF v_src IS NULL THEN
        RETURN format('responses_forest (%s.campaign_responses is missing)', source_schema);
    END IF;
    v_q := format('SELECT %s FROM %s WHERE pmkt.train_test_split(customer_id::text, 0.3, 42) = ''train''', v_cols, v_src);
    v_test := format('SELECT %s FROM %s WHERE pmkt.train_test_split(customer_id::text, 0.3, 42) = ''test'' '
                     'AND responded IS NOT NULL', v_cols, v_src);
    -- v_n held-out customers, v_pos of them responded
    EXECUTE format('SELECT count(*), count(*) FILTER (WHERE responded) FROM (%s) q', v_test) INTO v_n, v_pos;
    IF v_pos < 10 OR v_n - v_pos < 10 THEN
        RETURN format('responses_forest (%s held-out customers, %s responded: too few to evaluate)', v_n, v_pos);
    END IF;
    EXECUTE format('SELECT count(DISTINCT responded) FROM (%s) q WHERE responded IS NOT NULL', v_q) INTO v_classes;
    IF v_classes < 2 THEN
        RETURN 'responses_forest (the training customers hold a single class)';
    END IF;
    -- a direct second call for the same period replaces, as a re-run does
    DELETE FROM pmkt.history_classify_gains h
     WHERE h.source_schema = evaluation_classify.source_schema AND h.period = evaluation_classify.period;
    v_model := pmkt.forest_train(v_q, 'responded', n_trees => 50, max_features => 'sqrt', seed => 42,
                                 max_depth => 6, min_samples_leaf => 20);
    IF pg_catalog.to_regclass('pg_temp.pmkt_eval_scores') IS NOT NULL THEN
        -- dropped by bare name (search_path is pg_catalog, pg_temp): on a Citus
        -- coordinator DDL naming pg_temp fails (schema "pg_temp" does not exist)
        DROP TABLE pmkt_eval_scores;
    END IF;
    CREATE TEMP TABLE pmkt_eval_scores (p float8, y boolean);
    EXECUTE format('INSERT INTO pg_temp.pmkt_eval_scores SELECT pmkt.predict_proba($1, t), t.responded FROM (%s) t', v_test)
        USING v_model;
    SELECT pmkt.roc_auc(s.p, s.y) INTO v_auc FROM pg_temp.pmkt_eval_scores s;
    INSERT INTO pmkt.history_classify_gains
    SELECT source_schema, period, v_name, g.bin, g.rows, g.responders, g.response_rate, g.min_score, g.max_score,
           g.cum_rows, g.cum_responders, g.cum_response_rate, g.gain, g.lift, g.cum_lift, run_at
      FROM (SELECT pmkt.gains_table(s.p, s.y, 10) AS t FROM pg_temp.pmkt_eval_scores s) a,
           unnest(a.t) g;
    SELECT jsonb_build_object('oob_score', (pmkt.tree_model_info(v_model) ->> 'oob_score')::float8,
                              'test_auc', v_auc, 'test_rows', v_n)
           || coalesce(jsonb_object_agg('importance_' || f.feature, f.impurity_importance), '{}')
           || coalesce(jsonb_object_agg('permutation_importance_' || f.feature, f.permutation_importance), '{}')
      INTO v_m FROM pmkt.feature_importance(v_model, digits => NULL) f;
    PERFORM pmkt.evaluation_record_model(source_schema, period, run_at, v_name, 'forest', 'pmkt.treemodel',
        v_model::text,
        jsonb_build_object('target', 'responded',
                           'features', 'channel, region, age, recency_days, frequency, monetary, got_discount',
                           'n_trees', 50, 'max_features', 'sqrt', 'max_depth', 6, 'min_samples_leaf', 20,
                           'seed', 42, 'test_fraction', 0.3, 'split_seed', 42),
        v_q, v_m, save_models);
    DROP TABLE pmkt_eval_scores;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION pmkt.evaluation_classify(text, date, timestamptz, boolean) IS
'the classification step of pmkt.run_evaluation: a seeded random forest (50 trees, depth 6, leaves of 20) of source_schema.campaign_responses.responded (who answered a campaign; the demo plants its drivers: got_discount, recency_days, frequency, channel) on channel, region, age, recency_days, frequency, monetary and got_discount, trained on 70 % of the customers (pmkt.train_test_split(customer_id, 0.3, 42)); its decile gains table on the other 30 % into pmkt.history_classify_gains; OOB accuracy, held-out AUC and the impurity and permutation importances into pmkt.history_model_metrics (and the model into the registry with save_models) as <source_schema>.responses_forest; returns NULL when done, else the reason the step was skipped (a missing table, too few held-out responses, a single class)';

CREATE VIEW pmkt.v_classify_gains AS
SELECT h.source_schema, h.period,
       CASE WHEN starts_with(h.model_name, h.source_schema || '.')
            THEN substr(h.model_name, length(h.source_schema) + 2) ELSE h.model_name END AS model_name,
       h.bin AS decile, h.rows, h.responders,
       round((100 * h.response_rate)::numeric, 1)::float8 AS response_rate_pct,
       round((100 * h.gain)::numeric, 1)::float8 AS cum_gain_pct,
       round(h.lift::numeric, 2)::float8 AS lift,
       round(h.cum_lift::numeric, 2)::float8 AS cum_lift,
       round(h.min_score::numeric, 4)::float8 AS min_score,
       round(h.max_score::numeric, 4)::float8 AS max_score,
       (lr.period IS NOT NULL) AS is_latest_period,
       h.run_at
FROM pmkt.history_classify_gains h
LEFT JOIN pmkt.v_latest_run lr ON lr.source_schema = h.source_schema AND lr.period = h.period;
COMMENT ON VIEW pmkt.v_classify_gains IS
'BI view: the decile gains table of each classifier of each evaluation run (pmkt.history_classify_gains), one row per model and decile';
COMMENT ON COLUMN pmkt.v_classify_gains.source_schema IS 'the schema whose tables were analysed';
COMMENT ON COLUMN pmkt.v_classify_gains.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_classify_gains.model_name IS 'the model (responses_forest; registered as <source_schema>.responses_forest)';
COMMENT ON COLUMN pmkt.v_classify_gains.decile IS '1 = the 10 % of held-out rows with the highest scores';
COMMENT ON COLUMN pmkt.v_classify_gains.rows IS 'held-out rows in the decile';
COMMENT ON COLUMN pmkt.v_classify_gains.responders IS 'of them, those who responded';
COMMENT ON COLUMN pmkt.v_classify_gains.response_rate_pct IS 'responders / rows, in percent (1 decimal)';
COMMENT ON COLUMN pmkt.v_classify_gains.cum_gain_pct IS 'share of all responders in this decile and the better ones, in percent (1 decimal)';
COMMENT ON COLUMN pmkt.v_classify_gains.lift IS 'the decile''s response rate / the overall response rate (2 decimals)';
COMMENT ON COLUMN pmkt.v_classify_gains.cum_lift IS 'the response rate down to this decile / the overall response rate (2 decimals)';
COMMENT ON COLUMN pmkt.v_classify_gains.min_score IS 'lowest predicted probability in the decile (4 decimals)';
COMMENT ON COLUMN pmkt.v_classify_gains.max_score IS 'highest predicted probability in the decile (4 decimals)';
COMMENT ON COLUMN pmkt.v_classify_gains.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';
COMMENT ON COLUMN pmkt.v_classify_gains.run_at IS 'when the run started';

-- ======== src/experiment/96_experiment_eval.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- the evaluation job's experiment step (issue 15, point 5): the report of
-- every experiment of <schema>.experiment_units per run, and its BI view
-- ---------------------------------------------------------------------------

CREATE TABLE pmkt.history_experiment_results (
    source_schema      text NOT NULL,
    period             date NOT NULL,
    experiment         text NOT NULL,
    metric             text NOT NULL,
    variant            text NOT NULL,
    control            text NOT NULL,
    n_variant          bigint,
    n_control          bigint,
    mean_variant       float8,
    mean_control       float8,
    lift               float8,
    lift_lower         float8,
    lift_upper         float8,
    relative_lift      float8,
    relative_lower     float8,
    relative_upper     float8,
    p_value            float8,
    p_holm             float8,
    cuped              boolean NOT NULL,
    variance_reduction float8,
    covariate_missing  bigint,
    seq_p_value        float8,
    prob_beat_control  float8,
    mde                float8,
    srm_p_value        float8,
    srm                boolean,
    decision           text NOT NULL,
    run_at             timestamptz NOT NULL,
    PRIMARY KEY (source_schema, period, experiment, metric, variant),
    FOREIGN KEY (source_schema, period) REFERENCES pmkt.history_runs ON DELETE CASCADE
);
COMMENT ON TABLE pmkt.history_experiment_results IS
'the A/B report (pmkt.experiment_report) of every experiment in source_schema.experiment_units per evaluation run: one row per (experiment, metric, variant vs control); metrics spend (with CUPED on pre_spend), visits, and spend_per_visit (ratio, delta method)';
COMMENT ON COLUMN pmkt.history_experiment_results.source_schema IS 'the schema whose tables were analysed';
COMMENT ON COLUMN pmkt.history_experiment_results.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.history_experiment_results.experiment IS 'the experiment (experiment_units.experiment)';
COMMENT ON COLUMN pmkt.history_experiment_results.metric IS 'spend (per unit, CUPED with pre_spend), visits (per unit) or spend_per_visit (sum of spend / sum of visits per arm)';
COMMENT ON COLUMN pmkt.history_experiment_results.variant IS 'the variant compared with the control';
COMMENT ON COLUMN pmkt.history_experiment_results.control IS 'the control: the variant named control, else the first variant name in order';
COMMENT ON COLUMN pmkt.history_experiment_results.n_variant IS 'units of the variant analysed (with CUPED: those with a pre_spend)';
COMMENT ON COLUMN pmkt.history_experiment_results.n_control IS 'units of the control analysed (with CUPED: those with a pre_spend)';
COMMENT ON COLUMN pmkt.history_experiment_results.mean_variant IS 'the variant''s mean (CUPED-adjusted for spend)';
COMMENT ON COLUMN pmkt.history_experiment_results.mean_control IS 'the control''s mean (CUPED-adjusted for spend)';
COMMENT ON COLUMN pmkt.history_experiment_results.lift IS 'mean_variant - mean_control';
COMMENT ON COLUMN pmkt.history_experiment_results.lift_lower IS 'lower end of the 95 % interval of lift';
COMMENT ON COLUMN pmkt.history_experiment_results.lift_upper IS 'upper end of the 95 % interval of lift';
COMMENT ON COLUMN pmkt.history_experiment_results.relative_lift IS 'mean_variant / mean_control - 1';
COMMENT ON COLUMN pmkt.history_experiment_results.relative_lower IS 'lower end of the 95 % interval of relative_lift (delta method)';
COMMENT ON COLUMN pmkt.history_experiment_results.relative_upper IS 'upper end of the 95 % interval of relative_lift (delta method)';
COMMENT ON COLUMN pmkt.history_experiment_results.p_value IS 'two-sided p-value: Welch t (spend, visits) or z on the delta-method ratio (spend_per_visit)';
COMMENT ON COLUMN pmkt.history_experiment_results.p_holm IS 'p_value adjusted by Holm over every (metric, variant) row of the experiment in this run';
COMMENT ON COLUMN pmkt.history_experiment_results.cuped IS 'true when CUPED was applied (spend, with pre_spend as covariate; theta from the pooled units)';
COMMENT ON COLUMN pmkt.history_experiment_results.variance_reduction IS 'share of the variance of the lift estimate that CUPED removed (NULL without CUPED)';
COMMENT ON COLUMN pmkt.history_experiment_results.covariate_missing IS 'units without pre_spend, left out of the CUPED analysis (NULL without CUPED)';
COMMENT ON COLUMN pmkt.history_experiment_results.seq_p_value IS 'always-valid sequential p-value (normal mixture, tuned to the units of the experiment): valid however often the report is looked at';
COMMENT ON COLUMN pmkt.history_experiment_results.prob_beat_control IS 'Bayesian probability that the variant''s relative lift is positive (flat prior)';
COMMENT ON COLUMN pmkt.history_experiment_results.mde IS 'minimum detectable absolute lift at the current sample (two-sided alpha 0.05, power 0.8)';
COMMENT ON COLUMN pmkt.history_experiment_results.srm_p_value IS 'chi-square p-value of the units per variant against an equal split';
COMMENT ON COLUMN pmkt.history_experiment_results.srm IS 'sample-ratio mismatch: srm_p_value < 0.001; the results are then not to be trusted';
COMMENT ON COLUMN pmkt.history_experiment_results.decision IS 'variant better, control better, no significant difference, insufficient data or sample ratio mismatch (fixed horizon, alpha 0.05 on p_holm, higher is better)';
COMMENT ON COLUMN pmkt.history_experiment_results.run_at IS 'when the run started';
SELECT pg_catalog.pg_extension_config_dump('pmkt.history_experiment_results', '');

CREATE FUNCTION pmkt.evaluation_experiment(source_schema text, period date, as_of timestamptz,
                                           run_at timestamptz)
RETURNS text
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_units regclass := pmkt.evaluation_source(source_schema, 'experiment_units');
    v_missing text;
    v_n bigint;
BEGIN
    IF v_units IS NULL THEN
        RETURN format('experiments (%s.experiment_units is missing)', source_schema);
    END IF;
    SELECT string_agg(c.col, ', ' ORDER BY c.o) INTO v_missing
      FROM unnest(ARRAY['experiment', 'variant', 'spend', 'visits', 'pre_spend']) WITH ORDINALITY AS c(col, o)
     WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                        WHERE a.attrelid = v_units AND a.attname = c.col AND a.attnum > 0 AND NOT a.attisdropped);
    IF v_missing IS NOT NULL THEN
        RETURN format('experiments (%s has no column %s)', v_units, v_missing);
    END IF;
    -- a direct second call for the same period replaces, as a re-run does
    DELETE FROM pmkt.history_experiment_results h
     WHERE h.source_schema = evaluation_experiment.source_schema AND h.period = evaluation_experiment.period;
    EXECUTE format($q$
    WITH s AS (
        SELECT u.experiment::text AS experiment,
               coalesce(max(u.variant::text) FILTER (WHERE u.variant::text = 'control'),
                        min(u.variant::text)) AS control,
               min(u.variant::text) < max(u.variant::text) AS two_or_more, count(*) AS units,
               pmkt.experiment(u.variant::text, u.spend::float8, u.pre_spend::float8) AS st_spend,
               pmkt.experiment(u.variant::text, u.visits::float8) AS st_visits,
               pmkt.experiment(u.variant::text, u.spend::float8, u.visits::float8, NULL::float8) AS st_ratio
          FROM %s u
         WHERE u.experiment IS NOT NULL
         GROUP BY 1
    ), r AS (
        SELECT s.experiment, 'spend'::text AS metric,
               x.variant, x.control, x.n_variant, x.n_control, x.mean_variant, x.mean_control,
               x.lift, x.lift_lower, x.lift_upper, x.relative_lift, x.relative_lower, x.relative_upper,
               x.p_value, x.cuped, x.variance_reduction, x.covariate_missing, x.seq_p_value,
               x.prob_beat_control, x.mde, x.srm_p_value, x.srm, x.decision
          FROM s, pmkt.experiment_report(s.st_spend, s.control, expected_n => s.units::float8, digits => NULL) x
         WHERE s.two_or_more
        UNION ALL
        SELECT s.experiment, 'visits'::text,
               x.variant, x.control, x.n_variant, x.n_control, x.mean_variant, x.mean_control,
               x.lift, x.lift_lower, x.lift_upper, x.relative_lift, x.relative_lower, x.relative_upper,
               x.p_value, x.cuped, x.variance_reduction, x.covariate_missing, x.seq_p_value,
               x.prob_beat_control, x.mde, x.srm_p_value, x.srm, x.decision
          FROM s, pmkt.experiment_report(s.st_visits, s.control, expected_n => s.units::float8, digits => NULL) x
         WHERE s.two_or_more
        UNION ALL
        SELECT s.experiment, 'spend_per_visit'::text,
               x.variant, x.control, x.n_variant, x.n_control, x.mean_variant, x.mean_control,
               x.lift, x.lift_lower, x.lift_upper, x.relative_lift, x.relative_lower, x.relative_upper,
               x.p_value, x.cuped, x.variance_reduction, x.covariate_missing, x.seq_p_value,
               x.prob_beat_control, x.mde, x.srm_p_value, x.srm, x.decision
          FROM s, pmkt.experiment_report(s.st_ratio, s.control, expected_n => s.units::float8, digits => NULL) x
         WHERE s.two_or_more AND x.metric = 'ratio'
    ), adj AS (
        SELECT r.experiment,
               pmkt.p_adjust(array_agg(r.p_value ORDER BY r.metric, r.variant), 'holm') AS p,
               array_agg(r.metric ORDER BY r.metric, r.variant) AS m,
               array_agg(r.variant ORDER BY r.metric, r.variant) AS v
          FROM r GROUP BY r.experiment
    ), h AS (
        SELECT adj.experiment, t.m, t.v, t.p
          FROM adj, unnest(adj.m, adj.v, adj.p) AS t(m, v, p)
    )
    INSERT INTO pmkt.history_experiment_results
    SELECT $1, $2, r.experiment, r.metric, r.variant, r.control, r.n_variant, r.n_control,
           r.mean_variant, r.mean_control, r.lift, r.lift_lower, r.lift_upper,
           r.relative_lift, r.relative_lower, r.relative_upper, r.p_value, h.p,
           coalesce(r.cuped, false), r.variance_reduction, r.covariate_missing, r.seq_p_value, r.prob_beat_control,
           r.mde, r.srm_p_value, r.srm,
           CASE WHEN r.decision IN ('variant better', 'control better') AND NOT (h.p < 0.05)
                THEN 'no significant difference' ELSE r.decision END, $3
      FROM r JOIN h ON h.experiment = r.experiment AND h.m = r.metric AND h.v = r.variant
    $q$, v_units) USING source_schema, period, run_at;
    GET DIAGNOSTICS v_n = ROW_COUNT;
    IF v_n = 0 THEN
        RETURN format('experiments (no experiment with two variants or more in %s)', v_units);
    END IF;
    RETURN NULL;
END
$fn$;
COMMENT ON FUNCTION pmkt.evaluation_experiment(text, date, timestamptz, timestamptz) IS
'the experiment step of pmkt.run_evaluation: pmkt.experiment_report of every experiment (two variants or more) in source_schema.experiment_units (columns experiment, variant, spend, visits, pre_spend) into pmkt.history_experiment_results: spend with CUPED on pre_spend, visits, spend per visit; control = the variant named control, else the first name; equal planned split; sequential tuning to the units present; Holm over each experiment''s rows, and a difference is declared only when its Holm p-value is below 0.05. The table has no time column: every unit is used (as_of is not used). Returns NULL when done, else the reason the step was skipped';

CREATE VIEW pmkt.v_experiment_results AS
SELECT h.source_schema, h.period, h.experiment, h.metric, h.variant, h.control,
       h.n_variant AS units_variant, h.n_control AS units_control,
       round(h.mean_variant::numeric, 4)::float8 AS mean_variant,
       round(h.mean_control::numeric, 4)::float8 AS mean_control,
       round((100 * h.relative_lift)::numeric, 2)::float8 AS lift_pct,
       round((100 * h.relative_lower)::numeric, 2)::float8 AS lift_lower_pct,
       round((100 * h.relative_upper)::numeric, 2)::float8 AS lift_upper_pct,
       h.p_value, h.p_holm,
       round((100 * h.variance_reduction)::numeric, 1)::float8 AS cuped_variance_reduction_pct,
       round(h.prob_beat_control::numeric, 4)::float8 AS prob_beat_control,
       h.srm, h.srm_p_value, h.decision,
       (lr.period IS NOT NULL) AS is_latest_period,
       h.run_at
FROM pmkt.history_experiment_results h
LEFT JOIN pmkt.v_latest_run lr ON lr.source_schema = h.source_schema AND lr.period = h.period;
COMMENT ON VIEW pmkt.v_experiment_results IS
'BI view: the A/B results of each evaluation run (pmkt.history_experiment_results), one row per (experiment, metric, variant vs control)';
COMMENT ON COLUMN pmkt.v_experiment_results.source_schema IS 'the schema whose tables were analysed';
COMMENT ON COLUMN pmkt.v_experiment_results.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_experiment_results.experiment IS 'the experiment';
COMMENT ON COLUMN pmkt.v_experiment_results.metric IS 'spend (CUPED with pre_spend), visits, or spend_per_visit';
COMMENT ON COLUMN pmkt.v_experiment_results.variant IS 'the variant compared with the control';
COMMENT ON COLUMN pmkt.v_experiment_results.control IS 'the control variant';
COMMENT ON COLUMN pmkt.v_experiment_results.units_variant IS 'units of the variant analysed';
COMMENT ON COLUMN pmkt.v_experiment_results.units_control IS 'units of the control analysed';
COMMENT ON COLUMN pmkt.v_experiment_results.mean_variant IS 'the variant''s mean (CUPED-adjusted for spend; 4 decimals)';
COMMENT ON COLUMN pmkt.v_experiment_results.mean_control IS 'the control''s mean (CUPED-adjusted for spend; 4 decimals)';
COMMENT ON COLUMN pmkt.v_experiment_results.lift_pct IS 'relative lift of the variant over the control, in percent (2 decimals)';
COMMENT ON COLUMN pmkt.v_experiment_results.lift_lower_pct IS 'lower end of its 95 % interval, in percent';
COMMENT ON COLUMN pmkt.v_experiment_results.lift_upper_pct IS 'upper end of its 95 % interval, in percent';
COMMENT ON COLUMN pmkt.v_experiment_results.p_value IS 'two-sided p-value of the comparison';
COMMENT ON COLUMN pmkt.v_experiment_results.p_holm IS 'p_value adjusted (Holm) over every metric and variant of the experiment';
COMMENT ON COLUMN pmkt.v_experiment_results.cuped_variance_reduction_pct IS 'variance of the estimate removed by CUPED, in percent (NULL without CUPED)';
COMMENT ON COLUMN pmkt.v_experiment_results.prob_beat_control IS 'Bayesian probability that the variant beats the control (flat prior)';
COMMENT ON COLUMN pmkt.v_experiment_results.srm IS 'true: sample-ratio mismatch (units per variant off the equal split, p < 0.001): do not trust the results';
COMMENT ON COLUMN pmkt.v_experiment_results.srm_p_value IS 'chi-square p-value of the split';
COMMENT ON COLUMN pmkt.v_experiment_results.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';
COMMENT ON COLUMN pmkt.v_experiment_results.run_at IS 'when the run started';
COMMENT ON COLUMN pmkt.v_experiment_results.decision IS 'variant better, control better (p_holm < 0.05), no significant difference, insufficient data or sample ratio mismatch';

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
        -- dropped by bare name (search_path is pg_catalog, pg_temp): on a Citus
        -- coordinator DDL naming pg_temp fails (schema "pg_temp" does not exist)
        DROP TABLE pmkt_eval_lifetime;
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
    IF NOT (v_model IS NULL) THEN  -- a composite: IS NOT NULL would need every field set
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
    IF NOT (v_spend IS NULL) THEN
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
    DROP TABLE pmkt_eval_lifetime;
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
       l.run_at,
       (lr.period IS NOT NULL) AS is_latest_period
FROM pmkt.history_customer_lifetime l
LEFT JOIN pmkt.history_customer_segments s
       ON s.source_schema = l.source_schema AND s.period = l.period AND s.customer_id = l.customer_id
LEFT JOIN pmkt.v_latest_run lr ON lr.source_schema = l.source_schema AND lr.period = l.period;
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
COMMENT ON COLUMN pmkt.v_customer_lifetime.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';

CREATE VIEW pmkt.v_lifetime_segments AS
SELECT l.source_schema,
       l.period,
       s.segment,
       count(*) AS customers,
       avg(l.p_alive) AS avg_p_alive,
       sum(l.p_alive) AS expected_active_customers,
       sum(l.expected_purchases) AS expected_purchases,
       avg(l.expected_purchases) AS avg_expected_purchases,
       avg(l.expected_spend) AS avg_expected_spend,
       avg(l.clv) AS avg_clv,
       sum(l.clv) AS total_clv,
       sum(l.clv) / NULLIF(sum(sum(l.clv)) OVER (PARTITION BY l.source_schema, l.period), 0) AS clv_share,
       l.run_at,
       (lr.period IS NOT NULL) AS is_latest_period
FROM pmkt.history_customer_lifetime l
LEFT JOIN pmkt.history_customer_segments s
       ON s.source_schema = l.source_schema AND s.period = l.period AND s.customer_id = l.customer_id
LEFT JOIN pmkt.v_latest_run lr ON lr.source_schema = l.source_schema AND lr.period = l.period
GROUP BY l.source_schema, l.period, s.segment, l.run_at, (lr.period IS NOT NULL);
COMMENT ON VIEW pmkt.v_lifetime_segments IS
'BI view: predicted customer value per RFM segment and evaluated month (the customers of pmkt.v_customer_lifetime grouped by their segment of the same run): customers, mean P(alive), expected purchases in 90 days, mean expected spend, mean and total 12-month CLV and the segment''s share of the run''s CLV';
COMMENT ON COLUMN pmkt.v_lifetime_segments.source_schema IS 'the schema whose tables were analysed';
COMMENT ON COLUMN pmkt.v_lifetime_segments.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_lifetime_segments.segment IS 'the RFM segment of the same run (frequent, occasional, new); NULL groups the customers without a segment (the segments step did not run)';
COMMENT ON COLUMN pmkt.v_lifetime_segments.customers IS 'customers of the segment with a lifetime row in the run';
COMMENT ON COLUMN pmkt.v_lifetime_segments.avg_p_alive IS 'mean probability that a customer of the segment is still active (BG/NBD); NULL when the purchase model could not be fitted';
COMMENT ON COLUMN pmkt.v_lifetime_segments.expected_active_customers IS 'expected number of the segment''s customers still active: the sum of their P(alive)';
COMMENT ON COLUMN pmkt.v_lifetime_segments.expected_purchases IS 'expected purchase days of the whole segment in the next 90 days (BG/NBD, sum over its customers)';
COMMENT ON COLUMN pmkt.v_lifetime_segments.avg_expected_purchases IS 'mean expected purchase days per customer of the segment in the next 90 days';
COMMENT ON COLUMN pmkt.v_lifetime_segments.avg_expected_spend IS 'mean expected amount per purchase (Gamma-Gamma); NULL when the spend model could not be fitted';
COMMENT ON COLUMN pmkt.v_lifetime_segments.avg_clv IS 'mean discounted 12-month customer lifetime value of the segment''s customers; NULL when a model could not be fitted';
COMMENT ON COLUMN pmkt.v_lifetime_segments.total_clv IS 'discounted 12-month customer lifetime value of the whole segment (sum over its customers)';
COMMENT ON COLUMN pmkt.v_lifetime_segments.clv_share IS 'the segment''s share of the run''s total CLV (0..1); NULL when the run has no CLV';
COMMENT ON COLUMN pmkt.v_lifetime_segments.run_at IS 'when the run started';
COMMENT ON COLUMN pmkt.v_lifetime_segments.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';

-- ======== src/text/96_text_eval.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- text evaluation step: aspect sentiment of <source_schema>.feedback (Table 4
-- of study A), written by pmkt.run_evaluation through pmkt.evaluation_text
-- ---------------------------------------------------------------------------

CREATE TABLE pmkt.history_aspect_sentiment (
    source_schema     text NOT NULL,
    period            date NOT NULL,
    aspect            text NOT NULL,
    mentions          bigint NOT NULL,
    positive          bigint NOT NULL,
    neutral           bigint NOT NULL,
    negative          bigint NOT NULL,
    positive_share    float8,
    neutral_share     float8,
    negative_share    float8,
    planted_rows      bigint,
    planted_agreement float8,
    run_at            timestamptz NOT NULL,
    PRIMARY KEY (source_schema, period, aspect),
    FOREIGN KEY (source_schema, period) REFERENCES pmkt.history_runs ON DELETE CASCADE
);
COMMENT ON TABLE pmkt.history_aspect_sentiment IS
'Aspect sentiment of the feedback texts (study A''s Table 4) per evaluation run: pmkt.aspect_sentiment_report over <source_schema>.feedback(comment) up to the end of the period, with VADER''s thresholds and the english configuration';
COMMENT ON COLUMN pmkt.history_aspect_sentiment.source_schema IS 'the schema whose tables were analysed';
COMMENT ON COLUMN pmkt.history_aspect_sentiment.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.history_aspect_sentiment.aspect IS 'the aspect (pmkt.aspect_terms)';
COMMENT ON COLUMN pmkt.history_aspect_sentiment.mentions IS 'feedback rows whose text mentions the aspect';
COMMENT ON COLUMN pmkt.history_aspect_sentiment.positive IS 'of those, rows whose mean compound over the aspect''s sentences is >= 0.05';
COMMENT ON COLUMN pmkt.history_aspect_sentiment.neutral IS 'of those, rows with a mean compound between -0.05 and 0.05';
COMMENT ON COLUMN pmkt.history_aspect_sentiment.negative IS 'of those, rows whose mean compound is <= -0.05';
COMMENT ON COLUMN pmkt.history_aspect_sentiment.positive_share IS 'positive / mentions (NULL without mentions)';
COMMENT ON COLUMN pmkt.history_aspect_sentiment.neutral_share IS 'neutral / mentions (NULL without mentions)';
COMMENT ON COLUMN pmkt.history_aspect_sentiment.negative_share IS 'negative / mentions (NULL without mentions)';
COMMENT ON COLUMN pmkt.history_aspect_sentiment.planted_rows IS 'when feedback has aspect and sentiment columns (labels given by people or, in the demo, planted): rows labelled with this aspect; else NULL';
COMMENT ON COLUMN pmkt.history_aspect_sentiment.planted_agreement IS 'share of planted_rows whose text is found to mention the aspect with the labelled sentiment; NULL without labels';
COMMENT ON COLUMN pmkt.history_aspect_sentiment.run_at IS 'when the run started';
SELECT pg_catalog.pg_extension_config_dump('pmkt.history_aspect_sentiment', '');

CREATE FUNCTION pmkt.evaluation_text(source_schema text, period date, as_of timestamptz, run_at timestamptz)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_src regclass := pmkt.evaluation_source(source_schema, 'feedback');
    v_labelled boolean;
BEGIN
    IF v_src IS NULL THEN
        RETURN format('aspect_sentiment (%s.feedback is missing)', source_schema);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = v_src AND a.attname = 'comment'
                   AND a.attnum > 0 AND NOT a.attisdropped)
       OR NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = v_src AND a.attname = 'created_at'
                   AND a.attnum > 0 AND NOT a.attisdropped) THEN
        RETURN format('aspect_sentiment (%s.feedback has no comment or created_at column)', source_schema);
    END IF;
    v_labelled := (SELECT count(*) = 2 FROM pg_attribute a WHERE a.attrelid = v_src
                   AND a.attname IN ('aspect', 'sentiment') AND a.attnum > 0 AND NOT a.attisdropped);
    EXECUTE format('CREATE TEMP VIEW pmkt_eval_feedback AS SELECT row_number() OVER () AS rid, '
                   'comment::text AS comment, %s FROM %s WHERE created_at < %L',
                   CASE WHEN v_labelled THEN 'replace(aspect::text, ''_'', '' '') AS aspect, sentiment::text AS sentiment'
                        ELSE 'NULL::text AS aspect, NULL::text AS sentiment' END,
                   v_src, as_of);
    INSERT INTO pmkt.history_aspect_sentiment
        (source_schema, period, aspect, mentions, positive, neutral, negative,
         positive_share, neutral_share, negative_share, planted_rows, planted_agreement, run_at)
    WITH found AS (
        SELECT f.rid, a.aspect, CASE WHEN avg(a.compound) >= 0.05 THEN 'positive'
                                     WHEN avg(a.compound) <= -0.05 THEN 'negative'
                                     ELSE 'neutral' END AS label
        FROM pg_temp.pmkt_eval_feedback f
        CROSS JOIN LATERAL pmkt.aspect_sentiment(f.comment) a
        GROUP BY f.rid, a.aspect
    ), planted AS (
        SELECT f.aspect, count(*) AS n,
               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM found x WHERE x.rid = f.rid
                                AND x.aspect = f.aspect AND x.label = f.sentiment)) AS agree
        FROM pg_temp.pmkt_eval_feedback f WHERE f.aspect IS NOT NULL
        GROUP BY f.aspect
    )
    SELECT evaluation_text.source_schema, evaluation_text.period, r.aspect, r.mentions, r.positive,
           r.neutral, r.negative, r.positive_share, r.neutral_share, r.negative_share,
           CASE WHEN v_labelled THEN coalesce(p.n, 0) END,
           p.agree::float8 / nullif(p.n, 0), evaluation_text.run_at
    FROM (SELECT t.aspect, count(x.rid) AS mentions,
                 count(*) FILTER (WHERE x.label = 'positive') AS positive,
                 count(*) FILTER (WHERE x.label = 'neutral') AS neutral,
                 count(*) FILTER (WHERE x.label = 'negative') AS negative,
                 (count(*) FILTER (WHERE x.label = 'positive'))::float8 / nullif(count(x.rid), 0) AS positive_share,
                 (count(*) FILTER (WHERE x.label = 'neutral'))::float8 / nullif(count(x.rid), 0) AS neutral_share,
                 (count(*) FILTER (WHERE x.label = 'negative'))::float8 / nullif(count(x.rid), 0) AS negative_share
          FROM (SELECT DISTINCT aspect FROM pmkt.aspect_terms) t
          LEFT JOIN found x ON x.aspect = t.aspect
          GROUP BY t.aspect) r
    LEFT JOIN planted p ON p.aspect = r.aspect;
    -- dropped by bare name (search_path is pg_catalog, pg_temp): on a Citus
    -- coordinator DDL naming pg_temp fails (schema "pg_temp" does not exist)
    DROP VIEW pmkt_eval_feedback;
    RETURN NULL;
END
$fn$;
COMMENT ON FUNCTION pmkt.evaluation_text(text, date, timestamptz, timestamptz) IS
'Evaluation step of pmkt.run_evaluation: aspect sentiment (pmkt.aspect_sentiment, english, VADER thresholds) of <source_schema>.feedback(comment) created before as_of, one pmkt.history_aspect_sentiment row per aspect, with the agreement with the aspect and sentiment labels when the table has them; returns NULL when done, or the reason the step was skipped';

CREATE VIEW pmkt.v_aspect_sentiment AS
SELECT h.source_schema, h.period, h.aspect, h.mentions, h.positive, h.neutral, h.negative,
       h.positive_share, h.neutral_share, h.negative_share, h.planted_rows, h.planted_agreement, h.run_at,
       (lr.period IS NOT NULL) AS is_latest_period
FROM pmkt.history_aspect_sentiment h
LEFT JOIN pmkt.v_latest_run lr ON lr.source_schema = h.source_schema AND lr.period = h.period;
COMMENT ON VIEW pmkt.v_aspect_sentiment IS
'BI view: study A''s Table 4 (aspect x positive / neutral / negative feedback counts and shares) per source schema and evaluated month, from the feedback texts';
COMMENT ON COLUMN pmkt.v_aspect_sentiment.source_schema IS 'the schema whose tables were analysed';
COMMENT ON COLUMN pmkt.v_aspect_sentiment.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_aspect_sentiment.aspect IS 'the aspect (product quality, logistics, customer service, or a shop''s own from pmkt.aspect_terms)';
COMMENT ON COLUMN pmkt.v_aspect_sentiment.mentions IS 'feedback entries up to the end of the period that mention the aspect';
COMMENT ON COLUMN pmkt.v_aspect_sentiment.positive IS 'entries about the aspect that are positive (mean VADER compound of its sentences >= 0.05)';
COMMENT ON COLUMN pmkt.v_aspect_sentiment.neutral IS 'entries about the aspect that are neutral';
COMMENT ON COLUMN pmkt.v_aspect_sentiment.negative IS 'entries about the aspect that are negative (mean compound <= -0.05)';
COMMENT ON COLUMN pmkt.v_aspect_sentiment.positive_share IS 'positive / mentions (0..1)';
COMMENT ON COLUMN pmkt.v_aspect_sentiment.neutral_share IS 'neutral / mentions (0..1)';
COMMENT ON COLUMN pmkt.v_aspect_sentiment.negative_share IS 'negative / mentions (0..1)';
COMMENT ON COLUMN pmkt.v_aspect_sentiment.planted_rows IS 'entries labelled with this aspect (when the feedback table has aspect and sentiment labels)';
COMMENT ON COLUMN pmkt.v_aspect_sentiment.planted_agreement IS 'share of the labelled entries where the text analysis finds the labelled aspect with the labelled sentiment (0..1)';
COMMENT ON COLUMN pmkt.v_aspect_sentiment.run_at IS 'when the evaluation run started';
COMMENT ON COLUMN pmkt.v_aspect_sentiment.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';

-- ======== src/ops/97_dashboard.sql
-- new in 1.1
-- ---------------------------------------------------------------------------
-- dashboard: the BI views of the evaluation job (issue 16, points 4 and 5)
-- ---------------------------------------------------------------------------
-- Invariants every view keeps (sql/ops/dashboard_invariants.sql checks them
-- over all views of schema pmkt):
--  * a series has source_schema, period (date: the month evaluated) and
--    run_at (timestamptz); months are dates (first day);
--  * "latest" is one definition, pmkt.v_latest_run: per source, the run of
--    the latest period; every is_latest_period column is computed from it,
--    so all tiles of a dashboard filtered on it show the same run;
--  * rates are fractions (0.25 = 25 %) everywhere; a column holding a
--    percent says so in its name (suffix _pct), and no view has a measure
--    both as a fraction and as a percent;
--  * yes/no values are boolean; model names carry no schema prefix (the
--    source is its own column);
--  * wide views have a long form (source_schema, period, month, measure,
--    value) for multi-series charts;
--  * every view and column is commented.

CREATE TABLE pmkt.history_channel_monthly (
    source_schema   text NOT NULL,
    period          date NOT NULL,
    month           date NOT NULL,
    channel         text NOT NULL,
    investment      float8,
    impressions     bigint,
    clicks          bigint,
    ctr             float8,
    conversions     bigint,
    conversion_rate float8,
    new_customers   bigint,
    sales           float8,
    roi             float8,
    cac             float8,
    run_at          timestamptz NOT NULL,
    PRIMARY KEY (source_schema, period, month, channel),
    FOREIGN KEY (source_schema, period) REFERENCES pmkt.history_runs ON DELETE CASCADE
);
COMMENT ON TABLE pmkt.history_channel_monthly IS
'per-channel campaign figures per month, every campaign month up to the period, per evaluation run';
COMMENT ON COLUMN pmkt.history_channel_monthly.source_schema IS 'the source whose tables were analysed';
COMMENT ON COLUMN pmkt.history_channel_monthly.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.history_channel_monthly.month IS 'the campaign month';
COMMENT ON COLUMN pmkt.history_channel_monthly.channel IS 'marketing channel';
COMMENT ON COLUMN pmkt.history_channel_monthly.investment IS 'spend in the month';
COMMENT ON COLUMN pmkt.history_channel_monthly.impressions IS 'impressions';
COMMENT ON COLUMN pmkt.history_channel_monthly.clicks IS 'clicks';
COMMENT ON COLUMN pmkt.history_channel_monthly.ctr IS 'click-through rate, clicks / impressions (fraction)';
COMMENT ON COLUMN pmkt.history_channel_monthly.conversions IS 'conversions';
COMMENT ON COLUMN pmkt.history_channel_monthly.conversion_rate IS 'conversions / clicks (fraction)';
COMMENT ON COLUMN pmkt.history_channel_monthly.new_customers IS 'new customers acquired';
COMMENT ON COLUMN pmkt.history_channel_monthly.sales IS 'revenue attributed to the channel';
COMMENT ON COLUMN pmkt.history_channel_monthly.roi IS 'return on investment as a fraction, (sales - investment) / investment';
COMMENT ON COLUMN pmkt.history_channel_monthly.cac IS 'customer acquisition cost, investment / new customers';
COMMENT ON COLUMN pmkt.history_channel_monthly.run_at IS 'when the run started';

SELECT pg_catalog.pg_extension_config_dump('pmkt.history_channel_monthly', '');

CREATE TABLE pmkt.history_kpi_monthly (
    source_schema      text NOT NULL,
    period             date NOT NULL,
    month              date NOT NULL,
    revenue            float8 NOT NULL,
    orders             bigint NOT NULL,
    customers          bigint NOT NULL,
    new_customers      bigint NOT NULL,
    repeat_customers   bigint NOT NULL,
    repeat_rate        float8,
    marketing_spend    float8,
    acquired_customers bigint,
    cac                float8,
    campaign_revenue   float8,
    roi                float8,
    run_at             timestamptz NOT NULL,
    PRIMARY KEY (source_schema, period, month),
    FOREIGN KEY (source_schema, period) REFERENCES pmkt.history_runs ON DELETE CASCADE
);
COMMENT ON TABLE pmkt.history_kpi_monthly IS
'the shop''s monthly KPIs, every month from the first order to the period (months in the run''s time zone), per evaluation run';
COMMENT ON COLUMN pmkt.history_kpi_monthly.source_schema IS 'the source whose tables were analysed';
COMMENT ON COLUMN pmkt.history_kpi_monthly.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.history_kpi_monthly.month IS 'the calendar month of the figures';
COMMENT ON COLUMN pmkt.history_kpi_monthly.revenue IS 'order amount in the month';
COMMENT ON COLUMN pmkt.history_kpi_monthly.orders IS 'orders in the month (distinct order ids; rows without an order_id column)';
COMMENT ON COLUMN pmkt.history_kpi_monthly.customers IS 'customers who ordered in the month';
COMMENT ON COLUMN pmkt.history_kpi_monthly.new_customers IS 'of them, customers whose first order was in the month';
COMMENT ON COLUMN pmkt.history_kpi_monthly.repeat_customers IS 'of them, customers who had ordered in an earlier month';
COMMENT ON COLUMN pmkt.history_kpi_monthly.repeat_rate IS 'repeat_customers / customers (fraction); NULL without orders';
COMMENT ON COLUMN pmkt.history_kpi_monthly.marketing_spend IS 'campaign spend of all channels in the month; NULL without campaign data';
COMMENT ON COLUMN pmkt.history_kpi_monthly.acquired_customers IS 'new customers reported by the campaigns in the month';
COMMENT ON COLUMN pmkt.history_kpi_monthly.cac IS 'customer acquisition cost, pmkt.cac(marketing_spend, acquired_customers)';
COMMENT ON COLUMN pmkt.history_kpi_monthly.campaign_revenue IS 'revenue attributed to the campaigns in the month';
COMMENT ON COLUMN pmkt.history_kpi_monthly.roi IS 'campaign return on investment as a fraction, (campaign_revenue - marketing_spend) / marketing_spend';
COMMENT ON COLUMN pmkt.history_kpi_monthly.run_at IS 'when the run started';

SELECT pg_catalog.pg_extension_config_dump('pmkt.history_kpi_monthly', '');

CREATE VIEW pmkt.v_model_registry AS
SELECT r.id,
       r.name,
       r.kind,
       r.version,
       (r.version = max(r.version) OVER (PARTITION BY r.name)) AS is_latest,
       r.model_type,
       pg_catalog.octet_length(r.model) AS model_bytes,
       r.parameters::text AS parameters_json,
       r.metrics::text AS metrics_json,
       r.training_query,
       r.created_at,
       r.created_at::date AS created_on,
       r.created_by::text AS created_by,
       r.run_source_schema AS source_schema,
       r.run_period AS period,
       CASE WHEN r.run_source_schema IS NOT NULL AND starts_with(r.name, r.run_source_schema || '.')
            THEN substr(r.name, length(r.run_source_schema) + 2) ELSE r.name END AS model_name,
       (l.period IS NOT NULL) AS is_latest_period,
       h.run_at
FROM pmkt.model_registry r
LEFT JOIN pmkt.history_runs h ON h.source_schema = r.run_source_schema AND h.period = r.run_period
LEFT JOIN pmkt.v_latest_run l ON l.source_schema = r.run_source_schema AND l.period = r.run_period;
COMMENT ON VIEW pmkt.v_model_registry IS
'BI view of pmkt.model_registry: one row per saved model version, without the model itself; JSON columns as text';
COMMENT ON COLUMN pmkt.v_model_registry.id IS 'registry id, increasing in save order';
COMMENT ON COLUMN pmkt.v_model_registry.name IS 'model name in the registry (for a run''s model <source>.<model>)';
COMMENT ON COLUMN pmkt.v_model_registry.kind IS 'kind of model (kmeans, ols, logistic, bpnn, rbf, pca, entropy, ...)';
COMMENT ON COLUMN pmkt.v_model_registry.version IS 'version number per name (1, 2, ...)';
COMMENT ON COLUMN pmkt.v_model_registry.is_latest IS 'true for the latest version of each name';
COMMENT ON COLUMN pmkt.v_model_registry.model_type IS 'SQL type of the saved model';
COMMENT ON COLUMN pmkt.v_model_registry.model_bytes IS 'size of the model''s text form in bytes';
COMMENT ON COLUMN pmkt.v_model_registry.parameters_json IS 'training parameters (JSON object as text)';
COMMENT ON COLUMN pmkt.v_model_registry.metrics_json IS 'quality metrics (JSON object as text)';
COMMENT ON COLUMN pmkt.v_model_registry.training_query IS 'the query the model was trained on, when known';
COMMENT ON COLUMN pmkt.v_model_registry.created_at IS 'when the version was saved';
COMMENT ON COLUMN pmkt.v_model_registry.created_on IS 'the day the version was saved';
COMMENT ON COLUMN pmkt.v_model_registry.created_by IS 'the role that saved it';
COMMENT ON COLUMN pmkt.v_model_registry.source_schema IS 'for a model saved by pmkt.run_evaluation, the source of its run; NULL otherwise';
COMMENT ON COLUMN pmkt.v_model_registry.period IS 'for a model saved by pmkt.run_evaluation, the period of its run; NULL otherwise';
COMMENT ON COLUMN pmkt.v_model_registry.model_name IS 'the model''s name without the source prefix (rfm_kmeans, sales_ols, ...)';
COMMENT ON COLUMN pmkt.v_model_registry.is_latest_period IS 'true for the versions saved by the latest run of their source (pmkt.v_latest_run)';
COMMENT ON COLUMN pmkt.v_model_registry.run_at IS 'for a model saved by pmkt.run_evaluation, when its run started; NULL otherwise';

CREATE VIEW pmkt.v_model_metrics AS
SELECT m.source_schema,
       m.period,
       CASE WHEN starts_with(m.model_name, m.source_schema || '.')
            THEN substr(m.model_name, length(m.source_schema) + 2) ELSE m.model_name END AS model_name,
       m.kind,
       m.metric,
       m.value,
       m.flag,
       m.registry_version,
       m.model_name AS registry_name,
       (l.period IS NOT NULL) AS is_latest_period,
       m.run_at
FROM pmkt.history_model_metrics m
LEFT JOIN pmkt.v_latest_run l ON l.source_schema = m.source_schema AND l.period = m.period;
COMMENT ON VIEW pmkt.v_model_metrics IS
'BI view of the model metrics recorded by each evaluation run (long format: one row per source schema, period, model and metric), for charting a metric over periods';
COMMENT ON COLUMN pmkt.v_model_metrics.source_schema IS 'the source the run analysed';
COMMENT ON COLUMN pmkt.v_model_metrics.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_model_metrics.model_name IS 'the model''s name without the source prefix (rfm_kmeans, sales_ols, ...)';
COMMENT ON COLUMN pmkt.v_model_metrics.kind IS 'kind of model';
COMMENT ON COLUMN pmkt.v_model_metrics.metric IS 'metric name';
COMMENT ON COLUMN pmkt.v_model_metrics.value IS 'metric value; NULL for a yes/no metric';
COMMENT ON COLUMN pmkt.v_model_metrics.flag IS 'the value of a yes/no metric (converged, ...); NULL for a numeric metric';
COMMENT ON COLUMN pmkt.v_model_metrics.registry_version IS 'the model version saved by the run (NULL when not saved)';
COMMENT ON COLUMN pmkt.v_model_metrics.registry_name IS 'the model''s name in pmkt.model_registry (<source>.<model>)';
COMMENT ON COLUMN pmkt.v_model_metrics.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';
COMMENT ON COLUMN pmkt.v_model_metrics.run_at IS 'when the run started';

CREATE VIEW pmkt.v_segment_summary AS
SELECT s.source_schema,
       s.period,
       s.segment,
       s.customers,
       s.share,
       s.avg_recency_days,
       s.avg_frequency,
       s.avg_monetary,
       s.total_monetary,
       s.avg_r_score,
       s.avg_f_score,
       s.avg_m_score,
       s.strategy,
       s.expected_effect,
       s.expected_sales_growth,
       s.expected_customer_growth,
       s.expected_roi,
       (l.period IS NOT NULL) AS is_latest_period,
       s.run_at
FROM pmkt.history_segment_summary s
LEFT JOIN pmkt.v_latest_run l ON l.source_schema = s.source_schema AND l.period = s.period;
COMMENT ON VIEW pmkt.v_segment_summary IS
'BI view: customer segments per evaluation run (size, share, average RFM, strategy); filter is_latest_period for the current picture';
COMMENT ON COLUMN pmkt.v_segment_summary.source_schema IS 'the source the run analysed';
COMMENT ON COLUMN pmkt.v_segment_summary.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_segment_summary.segment IS 'segment name (frequent, occasional, new; no_orders for customers without orders)';
COMMENT ON COLUMN pmkt.v_segment_summary.customers IS 'customers in the segment';
COMMENT ON COLUMN pmkt.v_segment_summary.share IS 'share of all customers (fraction)';
COMMENT ON COLUMN pmkt.v_segment_summary.avg_recency_days IS 'average days since the last order at the end of the period';
COMMENT ON COLUMN pmkt.v_segment_summary.avg_frequency IS 'average number of orders';
COMMENT ON COLUMN pmkt.v_segment_summary.avg_monetary IS 'average total order amount';
COMMENT ON COLUMN pmkt.v_segment_summary.total_monetary IS 'total order amount of the segment';
COMMENT ON COLUMN pmkt.v_segment_summary.avg_r_score IS 'average recency score (1-5)';
COMMENT ON COLUMN pmkt.v_segment_summary.avg_f_score IS 'average frequency score (1-5)';
COMMENT ON COLUMN pmkt.v_segment_summary.avg_m_score IS 'average monetary score (1-5)';
COMMENT ON COLUMN pmkt.v_segment_summary.strategy IS 'the segment''s marketing strategy (from pmkt.segment_strategy at run time)';
COMMENT ON COLUMN pmkt.v_segment_summary.expected_effect IS 'the strategy''s expected effect';
COMMENT ON COLUMN pmkt.v_segment_summary.expected_sales_growth IS 'planned sales growth (fraction)';
COMMENT ON COLUMN pmkt.v_segment_summary.expected_customer_growth IS 'planned customer growth (fraction)';
COMMENT ON COLUMN pmkt.v_segment_summary.expected_roi IS 'planned ROI (fraction)';
COMMENT ON COLUMN pmkt.v_segment_summary.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';
COMMENT ON COLUMN pmkt.v_segment_summary.run_at IS 'when the run started';

CREATE VIEW pmkt.v_channel_effectiveness AS
SELECT c.source_schema,
       c.period,
       c.channel,
       c.first_month,
       c.months,
       c.investment,
       c.impressions,
       c.clicks,
       c.ctr,
       c.conversions,
       c.conversion_rate,
       c.new_customers,
       c.sales,
       c.sales_growth,
       c.roi / 100 AS roi,
       c.cac,
       (l.period IS NOT NULL) AS is_latest_period,
       c.run_at
FROM pmkt.history_channel_metrics c
LEFT JOIN pmkt.v_latest_run l ON l.source_schema = c.source_schema AND l.period = c.period;
COMMENT ON VIEW pmkt.v_channel_effectiveness IS
'BI view: per-channel investment, CTR, conversion rate, sales, sales growth, ROI and CAC over the trailing window (channel_months) of each evaluation run; pmkt.v_channel_monthly has the monthly series';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.source_schema IS 'the source the run analysed';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.period IS 'the month evaluated (first day of the month), last month of the window';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.channel IS 'marketing channel';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.first_month IS 'first month of the window';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.months IS 'campaign months of the channel in the window';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.investment IS 'total spend';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.impressions IS 'total impressions';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.clicks IS 'total clicks';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.ctr IS 'click-through rate (fraction)';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.conversions IS 'total conversions';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.conversion_rate IS 'conversions / clicks (fraction)';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.new_customers IS 'new customers acquired';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.sales IS 'total revenue';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.sales_growth IS 'revenue growth of the later half of the window over the earlier half (fraction)';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.roi IS 'return on investment as a fraction, (sales - investment) / investment (0.5 = 50 %; pmkt 1.0 showed it x 100)';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.cac IS 'customer acquisition cost';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';
COMMENT ON COLUMN pmkt.v_channel_effectiveness.run_at IS 'when the run started';

CREATE VIEW pmkt.v_channel_monthly AS
SELECT c.source_schema,
       c.period,
       c.month,
       c.channel,
       c.investment,
       c.impressions,
       c.clicks,
       c.ctr,
       c.conversions,
       c.conversion_rate,
       c.new_customers,
       c.sales,
       c.roi,
       c.cac,
       (l.period IS NOT NULL) AS is_latest_period,
       c.run_at
FROM pmkt.history_channel_monthly c
LEFT JOIN pmkt.v_latest_run l ON l.source_schema = c.source_schema AND l.period = c.period;
COMMENT ON VIEW pmkt.v_channel_monthly IS
'BI view: per-channel campaign figures per month (a time series; every campaign month up to the period), per evaluation run';
COMMENT ON COLUMN pmkt.v_channel_monthly.source_schema IS 'the source the run analysed';
COMMENT ON COLUMN pmkt.v_channel_monthly.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_channel_monthly.month IS 'the campaign month (time axis)';
COMMENT ON COLUMN pmkt.v_channel_monthly.channel IS 'marketing channel';
COMMENT ON COLUMN pmkt.v_channel_monthly.investment IS 'spend in the month';
COMMENT ON COLUMN pmkt.v_channel_monthly.impressions IS 'impressions';
COMMENT ON COLUMN pmkt.v_channel_monthly.clicks IS 'clicks';
COMMENT ON COLUMN pmkt.v_channel_monthly.ctr IS 'click-through rate (fraction)';
COMMENT ON COLUMN pmkt.v_channel_monthly.conversions IS 'conversions';
COMMENT ON COLUMN pmkt.v_channel_monthly.conversion_rate IS 'conversions / clicks (fraction)';
COMMENT ON COLUMN pmkt.v_channel_monthly.new_customers IS 'new customers acquired';
COMMENT ON COLUMN pmkt.v_channel_monthly.sales IS 'revenue attributed to the channel';
COMMENT ON COLUMN pmkt.v_channel_monthly.roi IS 'return on investment as a fraction';
COMMENT ON COLUMN pmkt.v_channel_monthly.cac IS 'customer acquisition cost';
COMMENT ON COLUMN pmkt.v_channel_monthly.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';
COMMENT ON COLUMN pmkt.v_channel_monthly.run_at IS 'when the run started';

CREATE VIEW pmkt.v_clv_cac_by_cohort AS
SELECT h.source_schema,
       h.period,
       h.cohort_month,
       h.customers,
       h.buyers,
       h.buyers::float8 / nullif(h.customers, 0) AS buyer_share,
       h.revenue,
       h.avg_clv,
       h.acquisition_spend,
       h.new_customers,
       h.cac,
       h.clv_cac_ratio,
       (l.period IS NOT NULL) AS is_latest_period,
       h.run_at
FROM pmkt.history_cohort_metrics h
LEFT JOIN pmkt.v_latest_run l ON l.source_schema = h.source_schema AND l.period = h.period;
COMMENT ON VIEW pmkt.v_clv_cac_by_cohort IS
'BI view: average customer lifetime value, acquisition cost and their ratio per signup cohort (month), per evaluation run; every month from the first signup to the period has a row (0 customers for a month without signups)';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.source_schema IS 'the source the run analysed';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.cohort_month IS 'signup month of the cohort';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.customers IS 'customers who signed up in the month (0 for a month without signups)';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.buyers IS 'of them, customers with an order up to the end of the period';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.buyer_share IS 'buyers / customers (fraction); NULL without customers';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.revenue IS 'order amount of the cohort up to the end of the period';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.avg_clv IS 'average customer lifetime value so far (discounted monthly margin; see pmkt.history_cohort_metrics); NULL without customers';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.acquisition_spend IS 'campaign spend in the cohort month';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.new_customers IS 'new customers reported by the campaigns in the cohort month';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.cac IS 'customer acquisition cost of the cohort month';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.clv_cac_ratio IS 'avg_clv / cac: lifetime value per unit of acquisition cost';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';
COMMENT ON COLUMN pmkt.v_clv_cac_by_cohort.run_at IS 'when the run started';

CREATE VIEW pmkt.v_clv_cac_long AS
SELECT v.source_schema, v.period, v.cohort_month AS month, x.measure, x.value, v.is_latest_period, v.run_at
FROM pmkt.v_clv_cac_by_cohort v
CROSS JOIN LATERAL (VALUES ('customers', v.customers::float8), ('buyers', v.buyers::float8),
                           ('buyer_share', v.buyer_share), ('revenue', v.revenue),
                           ('avg_clv', v.avg_clv), ('acquisition_spend', v.acquisition_spend),
                           ('new_customers', v.new_customers::float8), ('cac', v.cac),
                           ('clv_cac_ratio', v.clv_cac_ratio)) x(measure, value);
COMMENT ON VIEW pmkt.v_clv_cac_long IS
'long form of pmkt.v_clv_cac_by_cohort (one row per cohort month and measure) for multi-series charts';
COMMENT ON COLUMN pmkt.v_clv_cac_long.source_schema IS 'the source the run analysed';
COMMENT ON COLUMN pmkt.v_clv_cac_long.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_clv_cac_long.month IS 'the signup month of the cohort';
COMMENT ON COLUMN pmkt.v_clv_cac_long.measure IS 'the column of pmkt.v_clv_cac_by_cohort (customers, buyers, buyer_share, revenue, avg_clv, acquisition_spend, new_customers, cac, clv_cac_ratio)';
COMMENT ON COLUMN pmkt.v_clv_cac_long.value IS 'its value (shares as fractions)';
COMMENT ON COLUMN pmkt.v_clv_cac_long.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';
COMMENT ON COLUMN pmkt.v_clv_cac_long.run_at IS 'when the run started';

CREATE VIEW pmkt.v_aisas_monthly AS
SELECT s.source_schema,
       s.period,
       s.month,
       count(*) AS units,
       avg(s.composite_score) AS mean_score,
       min(s.composite_score) AS min_score,
       max(s.composite_score) AS max_score,
       avg(s.b11_ad_impressions) AS b11_ad_impressions,
       avg(s.b12_brand_recognition) AS b12_brand_recognition,
       avg(s.b21_page_views) AS b21_page_views,
       avg(s.b22_favourite_ratio) AS b22_favourite_ratio,
       avg(s.b31_keyword_searches) AS b31_keyword_searches,
       avg(s.b32_keyword_search_index) AS b32_keyword_search_index,
       avg(s.b33_related_searches) AS b33_related_searches,
       avg(s.b34_related_search_index) AS b34_related_search_index,
       avg(s.b41_conversion_rate) AS b41_conversion_rate,
       avg(s.b42_order_growth) AS b42_order_growth,
       avg(s.b43_purchaser_growth) AS b43_purchaser_growth,
       avg(s.b44_standard_purchase_growth) AS b44_standard_purchase_growth,
       avg(s.b45_amount_growth) AS b45_amount_growth,
       avg(s.b51_topics) AS b51_topics,
       avg(s.b52_replies) AS b52_replies,
       avg(s.b53_reviews) AS b53_reviews,
       avg(s.b54_reposts) AS b54_reposts,
       (l.period IS NOT NULL) AS is_latest_period,
       s.run_at
FROM pmkt.history_aisas_scores s
LEFT JOIN pmkt.v_latest_run l ON l.source_schema = s.source_schema AND l.period = s.period
GROUP BY s.source_schema, s.period, s.month, s.run_at, l.period;
COMMENT ON VIEW pmkt.v_aisas_monthly IS
'BI view: the AISAS indices (mean over business units) and the composite score (mean, min, max over units) per month, per evaluation run; pmkt.v_aisas_long is its long form';
COMMENT ON COLUMN pmkt.v_aisas_monthly.source_schema IS 'the source the run analysed';
COMMENT ON COLUMN pmkt.v_aisas_monthly.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.month IS 'the month of the indices';
COMMENT ON COLUMN pmkt.v_aisas_monthly.units IS 'business units with all 17 indices in the month';
COMMENT ON COLUMN pmkt.v_aisas_monthly.mean_score IS 'mean composite score over the units';
COMMENT ON COLUMN pmkt.v_aisas_monthly.min_score IS 'lowest composite score of a unit';
COMMENT ON COLUMN pmkt.v_aisas_monthly.max_score IS 'highest composite score of a unit';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b11_ad_impressions IS 'mean B11 online ad impressions';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b12_brand_recognition IS 'mean B12 brand recognition (fraction)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b21_page_views IS 'mean B21 page views';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b22_favourite_ratio IS 'mean B22 favourite ratio (fraction)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b31_keyword_searches IS 'mean B31 keyword searches';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b32_keyword_search_index IS 'mean B32 keyword search index (fraction)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b33_related_searches IS 'mean B33 related-word searches';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b34_related_search_index IS 'mean B34 related-word search index (fraction)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b41_conversion_rate IS 'mean B41 conversion rate (fraction)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b42_order_growth IS 'mean B42 month-on-month order growth (fraction)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b43_purchaser_growth IS 'mean B43 month-on-month purchaser growth (fraction)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b44_standard_purchase_growth IS 'mean B44 month-on-month growth of standard purchasers (fraction)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b45_amount_growth IS 'mean B45 month-on-month purchase amount growth (fraction)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b51_topics IS 'mean B51 topics posted';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b52_replies IS 'mean B52 topic replies';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b53_reviews IS 'mean B53 product reviews';
COMMENT ON COLUMN pmkt.v_aisas_monthly.b54_reposts IS 'mean B54 product reposts';
COMMENT ON COLUMN pmkt.v_aisas_monthly.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';
COMMENT ON COLUMN pmkt.v_aisas_monthly.run_at IS 'when the run started';

CREATE VIEW pmkt.v_aisas_long AS
SELECT v.source_schema, v.period, v.month, x.measure, x.value, v.is_latest_period, v.run_at
FROM pmkt.v_aisas_monthly v
CROSS JOIN LATERAL (VALUES ('mean_score', v.mean_score), ('min_score', v.min_score), ('max_score', v.max_score),
    ('b11_ad_impressions', v.b11_ad_impressions), ('b12_brand_recognition', v.b12_brand_recognition),
    ('b21_page_views', v.b21_page_views), ('b22_favourite_ratio', v.b22_favourite_ratio),
    ('b31_keyword_searches', v.b31_keyword_searches), ('b32_keyword_search_index', v.b32_keyword_search_index),
    ('b33_related_searches', v.b33_related_searches), ('b34_related_search_index', v.b34_related_search_index),
    ('b41_conversion_rate', v.b41_conversion_rate), ('b42_order_growth', v.b42_order_growth),
    ('b43_purchaser_growth', v.b43_purchaser_growth), ('b44_standard_purchase_growth', v.b44_standard_purchase_growth),
    ('b45_amount_growth', v.b45_amount_growth), ('b51_topics', v.b51_topics), ('b52_replies', v.b52_replies),
    ('b53_reviews', v.b53_reviews), ('b54_reposts', v.b54_reposts)) x(measure, value);
COMMENT ON VIEW pmkt.v_aisas_long IS
'long form of pmkt.v_aisas_monthly (one row per month and measure: the composite score''s mean, min and max and the 17 mean indices) for multi-series charts';
COMMENT ON COLUMN pmkt.v_aisas_long.source_schema IS 'the source the run analysed';
COMMENT ON COLUMN pmkt.v_aisas_long.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_aisas_long.month IS 'the month of the indices';
COMMENT ON COLUMN pmkt.v_aisas_long.measure IS 'the column of pmkt.v_aisas_monthly';
COMMENT ON COLUMN pmkt.v_aisas_long.value IS 'its value (ratios as fractions)';
COMMENT ON COLUMN pmkt.v_aisas_long.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';
COMMENT ON COLUMN pmkt.v_aisas_long.run_at IS 'when the run started';

CREATE VIEW pmkt.v_kpi_monthly AS
SELECT k.source_schema, k.period, k.month, k.revenue, k.orders, k.customers, k.new_customers,
       k.repeat_customers, k.repeat_rate, k.marketing_spend, k.acquired_customers, k.cac,
       k.campaign_revenue, k.roi,
       (l.period IS NOT NULL) AS is_latest_period,
       k.run_at
FROM pmkt.history_kpi_monthly k
LEFT JOIN pmkt.v_latest_run l ON l.source_schema = k.source_schema AND l.period = k.period;
COMMENT ON VIEW pmkt.v_kpi_monthly IS
'BI view: the monthly KPI series (revenue, orders, customers, new customers, repeat rate, CAC, ROI), every month from the first order to the period, per evaluation run';
COMMENT ON COLUMN pmkt.v_kpi_monthly.source_schema IS 'the source the run analysed';
COMMENT ON COLUMN pmkt.v_kpi_monthly.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_kpi_monthly.month IS 'the calendar month of the figures (time axis)';
COMMENT ON COLUMN pmkt.v_kpi_monthly.revenue IS 'order amount in the month';
COMMENT ON COLUMN pmkt.v_kpi_monthly.orders IS 'orders in the month';
COMMENT ON COLUMN pmkt.v_kpi_monthly.customers IS 'customers who ordered in the month';
COMMENT ON COLUMN pmkt.v_kpi_monthly.new_customers IS 'customers whose first order was in the month';
COMMENT ON COLUMN pmkt.v_kpi_monthly.repeat_customers IS 'customers of the month who had ordered in an earlier month';
COMMENT ON COLUMN pmkt.v_kpi_monthly.repeat_rate IS 'repeat_customers / customers (fraction)';
COMMENT ON COLUMN pmkt.v_kpi_monthly.marketing_spend IS 'campaign spend in the month';
COMMENT ON COLUMN pmkt.v_kpi_monthly.acquired_customers IS 'new customers reported by the campaigns';
COMMENT ON COLUMN pmkt.v_kpi_monthly.cac IS 'customer acquisition cost, marketing_spend / acquired_customers';
COMMENT ON COLUMN pmkt.v_kpi_monthly.campaign_revenue IS 'revenue attributed to the campaigns';
COMMENT ON COLUMN pmkt.v_kpi_monthly.roi IS 'campaign return on investment as a fraction';
COMMENT ON COLUMN pmkt.v_kpi_monthly.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';
COMMENT ON COLUMN pmkt.v_kpi_monthly.run_at IS 'when the run started';

CREATE VIEW pmkt.v_kpi_long AS
SELECT v.source_schema, v.period, v.month, x.measure, x.value, v.is_latest_period, v.run_at
FROM pmkt.v_kpi_monthly v
CROSS JOIN LATERAL (VALUES ('revenue', v.revenue), ('orders', v.orders::float8), ('customers', v.customers::float8),
    ('new_customers', v.new_customers::float8), ('repeat_customers', v.repeat_customers::float8),
    ('repeat_rate', v.repeat_rate), ('marketing_spend', v.marketing_spend),
    ('acquired_customers', v.acquired_customers::float8), ('cac', v.cac),
    ('campaign_revenue', v.campaign_revenue), ('roi', v.roi)) x(measure, value);
COMMENT ON VIEW pmkt.v_kpi_long IS
'long form of pmkt.v_kpi_monthly (one row per month and measure) for multi-series charts';
COMMENT ON COLUMN pmkt.v_kpi_long.source_schema IS 'the source the run analysed';
COMMENT ON COLUMN pmkt.v_kpi_long.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_kpi_long.month IS 'the calendar month';
COMMENT ON COLUMN pmkt.v_kpi_long.measure IS 'the column of pmkt.v_kpi_monthly';
COMMENT ON COLUMN pmkt.v_kpi_long.value IS 'its value (rates as fractions)';
COMMENT ON COLUMN pmkt.v_kpi_long.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';
COMMENT ON COLUMN pmkt.v_kpi_long.run_at IS 'when the run started';

-- the run before each run of a source (the latest earlier period with segments)
CREATE VIEW pmkt.v_segment_migration AS
WITH runs AS (
    SELECT r.source_schema, r.period, r.run_at,
           (SELECT max(p.period) FROM pmkt.history_segment_summary p
            WHERE p.source_schema = r.source_schema AND p.period < r.period) AS previous_period
    FROM pmkt.history_runs r)
SELECT r.source_schema,
       r.period,
       r.previous_period,
       coalesce(p.segment, 'none') AS from_segment,
       c.segment AS to_segment,
       count(*) AS customers,
       count(*)::float8 / sum(count(*)) OVER (PARTITION BY r.source_schema, r.period, coalesce(p.segment, 'none')) AS share_of_from,
       (l.period IS NOT NULL) AS is_latest_period,
       r.run_at
FROM runs r
JOIN pmkt.history_customer_segments c ON c.source_schema = r.source_schema AND c.period = r.period
LEFT JOIN pmkt.history_customer_segments p
       ON p.source_schema = r.source_schema AND p.period = r.previous_period AND p.customer_id = c.customer_id
LEFT JOIN pmkt.v_latest_run l ON l.source_schema = r.source_schema AND l.period = r.period
WHERE r.previous_period IS NOT NULL
GROUP BY r.source_schema, r.period, r.previous_period, coalesce(p.segment, 'none'), c.segment, l.period, r.run_at;
COMMENT ON VIEW pmkt.v_segment_migration IS
'BI view: customers moving between segments from the previous evaluated period to each period (rows of a run that has an earlier run with segments)';
COMMENT ON COLUMN pmkt.v_segment_migration.source_schema IS 'the source the run analysed';
COMMENT ON COLUMN pmkt.v_segment_migration.period IS 'the month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_segment_migration.previous_period IS 'the latest earlier period evaluated for the source';
COMMENT ON COLUMN pmkt.v_segment_migration.from_segment IS 'the customers'' segment in the previous period (none: not a customer then)';
COMMENT ON COLUMN pmkt.v_segment_migration.to_segment IS 'their segment in the period';
COMMENT ON COLUMN pmkt.v_segment_migration.customers IS 'customers moving from from_segment to to_segment';
COMMENT ON COLUMN pmkt.v_segment_migration.share_of_from IS 'customers / all customers of from_segment (fraction)';
COMMENT ON COLUMN pmkt.v_segment_migration.is_latest_period IS 'true for the rows of the latest run of the source (pmkt.v_latest_run)';
COMMENT ON COLUMN pmkt.v_segment_migration.run_at IS 'when the run started';

CREATE VIEW pmkt.v_customer_segment_current AS
SELECT c.source_schema,
       c.period,
       c.customer_id,
       c.segment,
       c.cluster,
       c.rfm_cell,
       c.recency_days,
       c.frequency,
       c.monetary,
       p.period AS previous_period,
       p.segment AS previous_segment,
       true AS is_latest_period,
       c.run_at
FROM pmkt.v_latest_run l
JOIN pmkt.history_customer_segments c ON c.source_schema = l.source_schema AND c.period = l.period
LEFT JOIN LATERAL (SELECT max(s.period) AS period FROM pmkt.history_segment_summary s
                   WHERE s.source_schema = l.source_schema AND s.period < l.period) pp ON true
LEFT JOIN pmkt.history_customer_segments p
       ON p.source_schema = c.source_schema AND p.period = pp.period AND p.customer_id = c.customer_id;
COMMENT ON VIEW pmkt.v_customer_segment_current IS
'BI view: every customer''s current segment and cluster (the latest run of each source, pmkt.v_latest_run) with the segment of the previous run';
COMMENT ON COLUMN pmkt.v_customer_segment_current.source_schema IS 'the source the run analysed';
COMMENT ON COLUMN pmkt.v_customer_segment_current.period IS 'the latest month evaluated (first day of the month)';
COMMENT ON COLUMN pmkt.v_customer_segment_current.customer_id IS 'the customer';
COMMENT ON COLUMN pmkt.v_customer_segment_current.segment IS 'the segment at the end of the period';
COMMENT ON COLUMN pmkt.v_customer_segment_current.cluster IS 'the k-means cluster (labels matched across periods); NULL without orders';
COMMENT ON COLUMN pmkt.v_customer_segment_current.rfm_cell IS 'the RFM cell (three scores)';
COMMENT ON COLUMN pmkt.v_customer_segment_current.recency_days IS 'days from the last order to the end of the period';
COMMENT ON COLUMN pmkt.v_customer_segment_current.frequency IS 'orders up to the end of the period';
COMMENT ON COLUMN pmkt.v_customer_segment_current.monetary IS 'total order amount up to the end of the period';
COMMENT ON COLUMN pmkt.v_customer_segment_current.previous_period IS 'the previous evaluated period; NULL when there is none';
COMMENT ON COLUMN pmkt.v_customer_segment_current.previous_segment IS 'the customer''s segment in the previous period; NULL when not a customer then';
COMMENT ON COLUMN pmkt.v_customer_segment_current.is_latest_period IS 'always true: the view shows the latest run only';
COMMENT ON COLUMN pmkt.v_customer_segment_current.run_at IS 'when the run started';
