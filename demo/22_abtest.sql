-- Demo report, part 22: A/B tests (pmkt.ab_test_proportions, welch_t_test,
-- chi_square_test, ab_sample_size) on the study's example and the demo data.
\echo
\echo '== A/B tests =='
\echo 'The study''s example: ad variant A has CTR 8 %, variant B 12 %, 1000 impressions each'
SELECT round(100 * rate_a::numeric, 1) AS ctr_a_pct, round(100 * rate_b::numeric, 1) AS ctr_b_pct,
       round(100 * lift::numeric, 1) AS lift_pts, round(100 * relative_lift::numeric, 1) AS relative_lift_pct,
       round(z::numeric, 3) AS z, round(p_value::numeric, 5) AS p_value,
       '[' || round(100 * ci_lower::numeric, 2) || ', ' || round(100 * ci_upper::numeric, 2) || ']' AS ci95_lift_pts,
       significant
FROM pmkt.ab_test_proportions(80, 1000, 120, 1000);

\echo 'Impressions per variant needed to detect a CTR lift from 8 % (two-sided alpha 0.05, power 0.8)'
SELECT lift_pts, pmkt.ab_sample_size(0.08, lift_pts / 100.0) AS per_variant,
       pmkt.ab_sample_size(0.08, lift_pts / 100.0, power => 0.9) AS per_variant_power_90
FROM unnest(ARRAY[4, 2, 1, 0.5]) AS lift_pts;

\echo 'Campaigns, last month: conversions per click, search_ads (B) against email (A)'
WITH last AS (
  SELECT channel, clicks, conversions FROM pmkt_demo.campaigns
  WHERE month = (SELECT max(month) FROM pmkt_demo.campaigns)
)
SELECT a.clicks AS clicks_a, b.clicks AS clicks_b,
       round(100 * r.rate_a::numeric, 3) AS cr_a_pct, round(100 * r.rate_b::numeric, 3) AS cr_b_pct,
       round(100 * r.relative_lift::numeric, 1) AS relative_lift_pct, round(r.z::numeric, 2) AS z,
       round(r.p_value::numeric, 4) AS p_value,
       '[' || round(100 * r.ci_lower::numeric, 3) || ', ' || round(100 * r.ci_upper::numeric, 3) || ']' AS ci95_lift_pts,
       r.significant
FROM last a, last b,
     pmkt.ab_test_proportions(a.conversions, a.clicks, b.conversions, b.clicks) r
WHERE a.channel = 'email' AND b.channel = 'search_ads';

\echo 'Website visits: is the conversion rate the same in every channel? (chi-square on 2 x k)'
WITH s AS (
  SELECT channel, count(*) FILTER (WHERE converted) AS conversions, count(*) AS visits
  FROM pmkt_demo.visits GROUP BY channel
), a AS (
  SELECT string_agg(channel || ' ' || round(100.0 * conversions / visits, 2) || ' %', ', ' ORDER BY channel) AS rates,
         array_agg(conversions ORDER BY channel) AS conversions, array_agg(visits ORDER BY channel) AS visits
  FROM s
)
SELECT a.rates, r.df, round(r.chi_square::numeric, 2) AS chi_square,
       to_char(r.p_value, '9.99EEEE') AS p_value, round(r.cramers_v::numeric, 4) AS cramers_v
FROM a, pmkt.chi_square_test(a.conversions, a.visits) r;

\echo 'Orders: revenue per order, search_ads (B) against email (A), Welch t-test'
WITH s AS (
  SELECT channel, avg(amount) AS mean, stddev_samp(amount) AS sd, count(*) AS n
  FROM pmkt_demo.orders WHERE channel IN ('email', 'search_ads') GROUP BY channel
)
SELECT a.n AS orders_a, b.n AS orders_b, round(a.mean::numeric, 2) AS mean_a, round(b.mean::numeric, 2) AS mean_b,
       round(r.difference::numeric, 2) AS difference, round(r.t::numeric, 2) AS t, round(r.df::numeric, 1) AS df,
       to_char(r.p_value, '9.99EEEE') AS p_value,
       '[' || round(r.ci_lower::numeric, 2) || ', ' || round(r.ci_upper::numeric, 2) || ']' AS ci95,
       r.significant
FROM s a, s b, pmkt.welch_t_test(a.mean, a.sd, a.n, b.mean, b.sd, b.n) r
WHERE a.channel = 'email' AND b.channel = 'search_ads';
