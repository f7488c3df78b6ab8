-- Demo report, part 60: regression with inference (pmkt.ols, pmkt.logistic_train).
-- Needs the demo data (pmkt.generate_demo, part 25) in schema pmkt_demo.
\echo ''
\echo '----------------------------------------------------------------'
\echo ' Regression: what drives sales, and who converts'
\echo '----------------------------------------------------------------'
\echo 'Sales on advertising spend, price adjustment and service rating'
\echo '(pmkt.ols over pmkt_demo.sales_drivers; the study''s regression table):'
SELECT variable, round(coefficient::numeric, 4) AS coefficient,
       round(std_error::numeric, 4) AS std_error, round(t_value::numeric, 2) AS t,
       CASE WHEN p_value < 0.0001 THEN '<0.0001' ELSE round(p_value::numeric, 4)::text END AS p_value,
       stars
FROM pmkt.ols_report(
       (SELECT pmkt.ols(sales, ARRAY[ad_spend, price_adjustment, service_rating])
        FROM pmkt_demo.sales_drivers),
       ARRAY['ad_spend', 'price_adjustment', 'service_rating'], digits => 10);
SELECT n, round(r_squared::numeric, 4) AS r_squared, round(adj_r_squared::numeric, 4) AS adj_r_squared,
       round(f_statistic::numeric, 1) AS f_statistic, f_p_value < 1e-10 AS f_significant,
       round(residual_std_error::numeric, 4) AS residual_se,
       round(condition_number::numeric, 1) AS condition_number
FROM (SELECT (pmkt.ols(sales, ARRAY[ad_spend, price_adjustment, service_rating])).*
      FROM pmkt_demo.sales_drivers) r;

\echo 'Conversion on ad exposures, discount and pages viewed'
\echo '(pmkt.logistic_train over pmkt_demo.visits):'
CREATE TEMP TABLE demo_conversion AS
SELECT pmkt.logistic_train(
  'SELECT ARRAY[ad_exposures, discount_pct, pages_viewed]::float8[], converted
   FROM pmkt_demo.visits') AS m;
SELECT v.name AS variable, round(c::numeric, 4) AS coefficient, round(se::numeric, 4) AS std_error,
       round(z::numeric, 2) AS z, round(odds::numeric, 4) AS odds_ratio,
       CASE WHEN p < 0.0001 THEN '<0.0001' ELSE round(p::numeric, 4)::text END AS p_value
FROM demo_conversion,
     unnest(ARRAY['(Intercept)', 'ad_exposures', 'discount_pct', 'pages_viewed'],
            (m).coefficients, (m).std_errors, (m).z_values, (m).odds_ratios, (m).p_values)
       AS v(name, c, se, z, odds, p);
SELECT (m).n, (m).iterations, (m).converged, round((m).pseudo_r_squared::numeric, 4) AS mcfadden_r2,
       round((m).aic::numeric, 1) AS aic
FROM demo_conversion;
\echo 'Scored visits: mean predicted vs observed conversion by channel'
SELECT channel, count(*) AS visits,
       round(avg(pmkt.logistic_predict(ARRAY[ad_exposures, discount_pct, pages_viewed]::float8[], m))::numeric, 4) AS predicted,
       round(avg(converted::int)::numeric, 4) AS observed
FROM pmkt_demo.visits, demo_conversion
GROUP BY channel ORDER BY channel;
DROP TABLE demo_conversion;
