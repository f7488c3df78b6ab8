-- robust: covariance in the results, HC0-HC3 robust standard errors
-- (pmkt.ols_robust, pmkt.logistic_robust), ols_report / logistic_report with
-- confidence intervals at a level and digits, the logistic LR test.
-- Reference: test/model/robust_ref.py (statsmodels 0.13 OLS fit(cov_type=
-- 'HC0'..'HC3', use_t=True), Logit, and numpy from the R sandwich formulas for
-- logistic HC1-HC3, since statsmodels returns the HC0 sandwich for all of
-- them).  Data: 40 deterministic rows, exact binary fractions.
CREATE TABLE rb AS
SELECT i, x1, x2,
       1 + 0.5 * x1 - 0.3 * x2 + (((53 * i) % 23) - 11) * (0.1 + 0.05 * x1) AS y,
       CASE WHEN ((71 * i) % 19)::float8 / 19 < 1 / (1 + exp(-(-0.5 + 0.4 * x1 - 0.2 * x2)))
            THEN 1 ELSE 0 END AS c
FROM (SELECT i, ((37 * i) % 17)::float8 / 4 AS x1, ((i * i) % 11)::float8 - 5 AS x2
      FROM generate_series(1, 40) i) s;

CREATE FUNCTION relerr(a float8[], b float8[]) RETURNS float8 LANGUAGE sql AS
$$ SELECT max(abs(x - y) / greatest(abs(y), 1e-300)) FROM unnest(a, b) u(x, y) $$;

CREATE TABLE fit AS SELECT pmkt.ols(y, ARRAY[x1, x2]) AS m FROM rb;

-- classical covariance (statsmodels cov_params)
SELECT relerr((SELECT array_agg(v) FROM unnest((m).covariance) v),
              '{1.6956400171532465e-01,-6.1867170767854598e-02,-6.4163550468842101e-05,
                -6.1867170767854598e-02,3.2624801493127187e-02,3.1311812628796272e-03,
                -6.4163550468842101e-05,3.1311812628796272e-03,6.4832202205309707e-03}') < 1e-10 AS cov_ok,
       array_dims((m).covariance) AS dims
FROM fit;

-- HC0..HC3: standard errors, F, p-values, cov[1,2] (statsmodels)
CREATE TABLE rob AS
SELECT t, pmkt.ols_robust(y, ARRAY[x1, x2], (SELECT m FROM fit), t) AS r
FROM rb, unnest('{HC0,HC1,HC2,HC3}'::text[]) t GROUP BY t;
SELECT t,
       relerr((r).std_errors, ref.se) < 1e-10 AS se_ok,
       abs((r).f_statistic / ref.f - 1) < 1e-10 AS f_ok,
       abs((r).f_p_value / ref.fp - 1) < 1e-9 AS f_p_ok,
       relerr((r).p_values, ref.pv) < 1e-9 AS p_ok,
       abs((r).covariance[1][2] / ref.cov12 - 1) < 1e-10 AS cov_ok,
       (r).coefficients = (SELECT (m).coefficients FROM fit) AS same_coef,
       (r).r_squared = (SELECT (m).r_squared FROM fit) AS same_r2
FROM rob JOIN (VALUES
  ('HC0', '{0.28810721083595203,0.1553145949702628,0.07468911214388206}'::float8[], 9.789514280909605, 0.0003869059374240066,
          '{0.00184084704553217,0.00035871341171248,0.01476087766964955}'::float8[], -0.03283829092399315),
  ('HC1', '{0.2995596135873761,0.16148842619653694,0.07765804093582772}', 9.055300709841383, 0.0006293346026741001,
          '{0.00261691426554041,0.00055531616557068,0.01868321124709241}', -0.03550085505296556),
  ('HC2', '{0.3007409349744877,0.16188378074093626,0.07880478585941747}', 8.955503049428156, 0.0006730277562472256,
          '{0.00270862360337407,0.00057032250825174,0.02034184558754028}', -0.035774698554498885),
  ('HC3', '{0.3140878184270028,0.1687913810424356,0.08316412854188361}', 8.189458334926941, 0.0011360342332765445,
          '{0.00391109070463109,0.00088759829730915,0.02736336872816008}', -0.03900195793712737))
  ref(t, se, f, fp, pv, cov12) USING (t)
ORDER BY t;

-- 90 % intervals: HC3 lower bounds (statsmodels conf_int(0.10)), then the
-- classical ones, rounded to 8 digits
SELECT variable, ci_lower FROM pmkt.ols_report((SELECT r FROM rob WHERE t = 'HC3'), level => 0.90, digits => 8);
-- ref low 0.2720833192430695 0.30556541206965426 -0.3268879766505164, high 1.661511191197985 0.9150224784069332 -0.05520366254604223
SELECT * FROM pmkt.ols_report((SELECT m FROM fit), ARRAY['x1', 'x2'], 0.90, 8);
-- default: 95 %, 4 significant digits, p-values to 4 decimals
SELECT * FROM pmkt.ols_report((SELECT m FROM fit));

-- forced parallel plan = serial (400 000 rows: 10 000 copies of the 40)
CREATE TABLE rbig AS SELECT rb.* FROM rb, generate_series(1, 10000) g;
ANALYZE rbig;
CREATE TABLE bigfit AS SELECT pmkt.ols(y, ARRAY[x1, x2]) AS m FROM rbig;
CREATE TEMP TABLE rserial AS
SELECT pmkt.ols_robust(y, ARRAY[x1, x2], (SELECT m FROM bigfit), 'HC3') AS r FROM rbig;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
-- (the plan's text differs between majors: check it has a partial aggregate)
CREATE FUNCTION plan_is_parallel(q text) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE l text; par boolean := false;
BEGIN
  FOR l IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
    par := par OR l LIKE '%Partial Aggregate%';
  END LOOP;
  RETURN par;
END $$;
SELECT plan_is_parallel($q$SELECT pmkt.ols_robust(y, ARRAY[x1, x2], (SELECT m FROM bigfit), 'HC3') FROM rbig$q$) AS parallel_plan;
CREATE TEMP TABLE rpar AS
SELECT pmkt.ols_robust(y, ARRAY[x1, x2], (SELECT m FROM bigfit), 'HC3') AS r FROM rbig;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather; RESET parallel_leader_participation;
SELECT relerr((p.r).std_errors, (s.r).std_errors) < 1e-12 AS parallel_same,
       (p.r).n = 400000 AS n_ok
FROM rserial s, rpar p;

-- the state: exact text and binary round trip, combine of two halves
WITH s AS (SELECT pmkt.ols_robust_sfunc(NULL, 2.5, '{1,2}', (SELECT m FROM fit), 'HC2') AS st)
SELECT st::text::pmkt.robust_state::text = st::text AS text_round_trip,
       length(pmkt.robust_state_send(st)) AS send_bytes
FROM s;
SELECT pmkt.robust_state_in('1 2 3');
SELECT 'nonsense'::pmkt.robust_state;

-- errors
SELECT pmkt.ols_robust(y, ARRAY[x1, x2], (SELECT m FROM fit), 'HC9') FROM rb;
SELECT pmkt.ols_robust(y, ARRAY[x1], (SELECT m FROM fit), 'HC1') FROM rb;
SELECT pmkt.ols_robust(y, ARRAY[x1, x2], (SELECT m FROM fit), 'HC1') FROM rb WHERE i > 1;
SELECT pmkt.ols_robust(y, ARRAY[x1, x2], NULL::pmkt.ols_result, 'HC1') FROM rb;
-- a 1.0-shaped model (no covariance)
SELECT (pmkt.ols_robust(y, ARRAY[x1, x2], ROW((m).coefficients, (m).std_errors, (m).t_values, (m).p_values, (m).r_squared,
        (m).adj_r_squared, (m).f_statistic, (m).f_p_value, (m).residual_std_error, (m).n, (m).df_model, (m).df_residual,
        (m).log_likelihood, (m).aic, (m).bic, (m).condition_number, (m).rank, (m).intercept, NULL)::pmkt.ols_result, 'HC1')).n
FROM rb, fit;
-- leverage 1: a dummy with one row
SELECT pmkt.ols_robust(y, ARRAY[x1, (i = 7)::int::float8],
       (SELECT pmkt.ols(y, ARRAY[x1, (i = 7)::int::float8]) FROM rb), 'HC3') FROM rb;
SELECT * FROM pmkt.ols_report((SELECT m FROM fit), level => 1.5);
SELECT * FROM pmkt.ols_report((SELECT m FROM fit), digits => 0);
SELECT * FROM pmkt.ols_report((SELECT m FROM fit), digits => -3);
-- digits NULL: unrounded, each value the float8 of the result exactly
SELECT bool_and(r.coefficient::float8 = (SELECT (m).coefficients[r.i] FROM fit)
                AND r.std_error::float8 = (SELECT (m).std_errors[r.i] FROM fit)) AS exact, count(*) AS params
FROM pmkt.ols_report((SELECT m FROM fit), digits => NULL)
     WITH ORDINALITY r(variable, coefficient, std_error, t_value, p_value, ci_lower, ci_upper, stars, i);

-- logistic: covariance and standard errors (statsmodels Logit)
CREATE TABLE lfit AS SELECT pmkt.logistic_train('SELECT ARRAY[x1, x2], c FROM rb', tol => 1e-12) AS m;
SELECT relerr((m).coefficients, '{-0.7433096395779613,0.5995897139453918,-0.01474576837575799}') < 1e-9 AS coef_ok,
       relerr((SELECT array_agg(v) FROM unnest((m).covariance) v),
              '{0.4043231613806676,-0.15817763579121308,0.00214482007501708,-0.15817763579121308,
                0.08938168883705716,0.00461469337678266,0.00214482007501708,0.00461469337678266,0.01551358794688252}') < 1e-9 AS cov_ok
FROM lfit;
-- robust: HC0 = statsmodels Logit fit(cov_type='HC0'); HC1-HC3 = numpy (sandwich formulas)
SELECT t, relerr((pmkt.logistic_robust(c, ARRAY[x1, x2], (SELECT m FROM lfit), t)).std_errors, ref.se) < 1e-9 AS se_ok
FROM rb, (VALUES ('HC0', '{0.642021373294272,0.29731004413821543,0.1166469164992774}'::float8[]),
                 ('HC1', '{0.6675420373576751,0.30912826402113697,0.12128368856612479}'),
                 ('HC2', '{0.6732143473677963,0.3105219688386746,0.12378931862975631}'),
                 ('HC3', '{0.7064360946190816,0.3245506399663594,0.13139590290801445}')) ref(t, se)
GROUP BY t, ref.se ORDER BY t;
-- the table at 90 %: ref CI low -1.7892130206857138 0.10783159947335486 -0.21961813429957286,
-- high 0.30259374152979124 1.0913478284174287 0.19012659754805686; odds ratio bounds
-- 0.16709161558270258 1.1138601549550438 0.8028253108850296 / 1.3533645369370877 2.9782855864882296 1.2094026953819974
SELECT * FROM pmkt.logistic_report((SELECT m FROM lfit), ARRAY['x1', 'x2'], level => 0.90, digits => 8);
SELECT * FROM pmkt.logistic_report((SELECT m FROM lfit));
-- LR test: statsmodels llr 4.689494766313693, llr_pvalue 0.09587141780664099, df 2,
-- with its iterated null fit (llnull -26.920466684028852); with the closed-form
-- null log-likelihood -26.92046668037026: LR 4.68949475899651, p 0.09587141815739536.
-- nested (x1 only): 0.01400331513445252, p 0.9058017477989259
SELECT abs(statistic / 4.68949475899651 - 1) < 1e-10 AS lr_ok, df,
       abs(p_value / 0.09587141815739536 - 1) < 1e-10 AS p_ok,
       abs(statistic / 4.689494766313693 - 1) < 1e-8 AS statsmodels_ok
FROM pmkt.logistic_lr_test((SELECT m FROM lfit));
SELECT abs(statistic / 0.01400331513445252 - 1) < 1e-6 AS lr_ok, df,
       abs(p_value / 0.9058017477989259 - 1) < 1e-8 AS p_ok
FROM pmkt.logistic_lr_test((SELECT m FROM lfit),
                           pmkt.logistic_train('SELECT ARRAY[x1], c FROM rb', tol => 1e-12));
SELECT * FROM pmkt.logistic_lr_test(pmkt.logistic_train('SELECT ARRAY[x1], c FROM rb', tol => 1e-12), (SELECT m FROM lfit));
SELECT pmkt.logistic_robust(y, ARRAY[x1, x2], (SELECT m FROM lfit), 'HC0') FROM rb;
-- a logistic state into the OLS final function
SELECT pmkt.ols_robust_final(pmkt.logistic_robust_sfunc(NULL, 1, '{1,2}', (SELECT m FROM lfit), 'HC0'));
