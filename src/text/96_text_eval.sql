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
