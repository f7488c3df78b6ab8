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
