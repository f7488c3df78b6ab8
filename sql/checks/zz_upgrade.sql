-- zz_upgrade: 1.0 -> 1.1.  In a database of its own: a fresh 1.1 install's
-- catalog is recorded object by object; then 1.0 (the release script, byte
-- for byte) is installed, its registry and history tables are filled by a
-- real evaluation run, ALTER EXTENSION pmkt UPDATE TO '1.1' runs, and
-- (a) the data are unchanged, (b) the catalog equals the fresh install's.
-- A contributor who changes a part but not its --1.0--1.1 fragment sees the
-- object named in the differences below (expected: none).
SELECT current_database() AS regress_db \gset
CREATE DATABASE pmkt_upgrade;
\c pmkt_upgrade
SET client_min_messages = warning;

-- Every object of the extension, with a definition that holds no OID:
-- functions (pg_get_functiondef: body, SET clauses, volatility, parallel),
-- aggregates (their support functions, state type, initial value, kind),
-- types (I/O functions, layout, composite attributes), casts, tables and
-- their columns, defaults, constraints, indexes, triggers; views; sequences;
-- privileges and comments of all of them; extension config (dump) tables.
CREATE FUNCTION public.pmkt_catalog()
RETURNS TABLE (kind text, object text, definition text)
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $$
  WITH m AS (
    SELECT d.classid, d.objid
    FROM pg_depend d JOIN pg_extension e ON d.refobjid = e.oid
    WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e' AND e.extname = 'pmkt'
  ), o AS (
    SELECT m.classid, m.objid, i.type, i.identity
    FROM m, pg_identify_object(m.classid, m.objid, 0) i
  )
  -- functions and procedures
  SELECT o.type, o.identity,
         pg_get_functiondef(p.oid) || ' acl=' || coalesce(p.proacl::text, '') ||
         ' comment=' || coalesce(obj_description(p.oid, 'pg_proc'), '')
  FROM o JOIN pg_proc p ON o.classid = 'pg_proc'::regclass AND p.oid = o.objid
  WHERE p.prokind <> 'a'
  UNION ALL
  -- aggregates
  SELECT o.type, o.identity,
         concat_ws(' ', a.aggkind, a.aggnumdirectargs, a.aggtransfn::regprocedure, a.aggfinalfn,
                   a.aggcombinefn, a.aggserialfn, a.aggdeserialfn, a.aggfinalextra, a.aggfinalmodify,
                   a.aggtranstype::regtype, a.aggtransspace, a.agginitval, a.aggsortop,
                   p.proparallel, p.proacl, obj_description(p.oid, 'pg_proc'))
  FROM o JOIN pg_proc p ON o.classid = 'pg_proc'::regclass AND p.oid = o.objid
  JOIN pg_aggregate a ON a.aggfnoid = p.oid
  UNION ALL
  -- types (base, composite, enum, domain)
  SELECT o.type, o.identity,
         concat_ws(' ', t.typtype, t.typlen, t.typbyval, t.typcategory, t.typalign, t.typstorage,
                   t.typinput, t.typoutput, t.typreceive, t.typsend, t.typmodin, t.typmodout,
                   t.typanalyze, t.typnotnull, format_type(t.typbasetype, t.typtypmod), t.typacl,
                   obj_description(t.oid, 'pg_type'),
                   (SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)
                    FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped),
                   (SELECT string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid))
  FROM o JOIN pg_type t ON o.classid = 'pg_type'::regclass AND t.oid = o.objid
  UNION ALL
  -- casts
  SELECT o.type, o.identity,
         concat_ws(' ', c.castfunc::regprocedure, c.castcontext, c.castmethod)
  FROM o JOIN pg_cast c ON o.classid = 'pg_cast'::regclass AND c.oid = o.objid
  UNION ALL
  -- tables, views, sequences, indexes
  SELECT o.type, o.identity,
         concat_ws(' | ', c.relkind, c.relpersistence, c.relacl, obj_description(c.oid, 'pg_class'),
                   CASE WHEN c.relkind = 'v' THEN pg_get_viewdef(c.oid) END,
                   (SELECT string_agg(concat_ws(' ', a.attname, format_type(a.atttypid, a.atttypmod),
                                                a.attnotnull, a.attidentity, a.attgenerated,
                                                pg_get_expr(ad.adbin, ad.adrelid), a.attacl,
                                                col_description(c.oid, a.attnum)), ', ' ORDER BY a.attnum)
                    FROM pg_attribute a LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
                    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
                   (SELECT string_agg(k.conname || ' ' || pg_get_constraintdef(k.oid), ', ' ORDER BY k.conname)
                    FROM pg_constraint k WHERE k.conrelid = c.oid),
                   (SELECT string_agg(pg_get_indexdef(x.indexrelid), ', ' ORDER BY 1)
                    FROM pg_index x WHERE x.indrelid = c.oid),
                   (SELECT string_agg(pg_get_triggerdef(g.oid), ', ' ORDER BY g.tgname)
                    FROM pg_trigger g WHERE g.tgrelid = c.oid AND NOT g.tgisinternal),
                   (SELECT concat_ws(' ', s.seqtypid::regtype, s.seqstart, s.seqincrement, s.seqmax, s.seqmin, s.seqcycle)
                    FROM pg_sequence s WHERE s.seqrelid = c.oid))
  FROM o JOIN pg_class c ON o.classid = 'pg_class'::regclass AND c.oid = o.objid
  UNION ALL
  -- anything else (schemas, operators, ...): its identity
  SELECT o.type, o.identity, ''
  FROM o WHERE o.classid NOT IN ('pg_proc'::regclass, 'pg_type'::regclass, 'pg_cast'::regclass, 'pg_class'::regclass)
  UNION ALL
  -- the tables pg_dump keeps (pg_extension_config_dump) and their filters
  SELECT 'extension config', c.oid::regclass::text, coalesce(e.extcondition[i], '')
  FROM pg_extension e, generate_subscripts(e.extconfig, 1) i, pg_class c
  WHERE e.extname = 'pmkt' AND c.oid = e.extconfig[i]
$$;

-- (0) the fresh 1.1 install
CREATE EXTENSION pmkt;
SELECT extversion FROM pg_extension WHERE extname = 'pmkt';
CREATE TABLE public.fresh AS SELECT * FROM public.pmkt_catalog();
-- every CREATE of the script is there (154 CREATE FUNCTION, AGGREGATE, TYPE,
-- TABLE, VIEW, PROCEDURE, CAST statements in pmkt--1.1.sql today; more objects
-- come with them: array types, sequences, the schema)
SELECT count(*) >= 154 AS all_objects FROM public.fresh;
DROP EXTENSION pmkt CASCADE;

-- (1) 1.0, with registry and history rows from a real evaluation run
CREATE EXTENSION pmkt VERSION '1.0';
SELECT extversion FROM pg_extension WHERE extname = 'pmkt';
SELECT count(*) AS demo_tables FROM pmkt.generate_demo('pmkt_demo', orders => 2000, seed => 11);
CALL pmkt.run_evaluation('pmkt_demo');
INSERT INTO pmkt.segment_strategy (segment, strategy, expected_roi)
VALUES ('upgrade test', 'a user''s own row', 0.25);

-- every table of the extension: rows and a digest of their text
CREATE FUNCTION public.pmkt_data()
RETURNS TABLE (tbl text, n bigint, digest text)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE r record;
BEGIN
  FOR r IN SELECT c.oid::regclass AS rel
           FROM pg_depend d JOIN pg_class c ON c.oid = d.objid AND d.classid = 'pg_class'::regclass
           JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pmkt'
           WHERE d.deptype = 'e' AND c.relkind = 'r' ORDER BY c.oid::regclass::text COLLATE "C"
  LOOP
    tbl := r.rel::text;
    EXECUTE format('SELECT count(*), md5(coalesce(string_agg(t::text, E''\n'' ORDER BY t::text), '''')) FROM %s t', r.rel)
      INTO n, digest;
    RETURN NEXT;
  END LOOP;
END $$;
CREATE TABLE public.before AS SELECT * FROM public.pmkt_data();
CREATE TABLE public.reg_before AS SELECT * FROM pmkt.model_registry;
SELECT tbl, n > 0 AS has_rows FROM public.before ORDER BY tbl;

-- (2) the update
ALTER EXTENSION pmkt UPDATE TO '1.1';
SELECT extversion FROM pg_extension WHERE extname = 'pmkt';

-- (a) the data survive (expected: no rows); tables new in 1.1 (seeded
-- or empty) are not compared here: the catalog check (b) covers them.  The
-- two tables 1.1 adds a column to are compared by their rows below, and
-- pmkt.model_registry also in (a1b): 1.1 adds the covariance to
-- pmkt.ols_result and pmkt.logistic_result, and the update appends the empty
-- field to the text of those saved models
(SELECT 'lost or changed' AS what, * FROM public.before
 WHERE tbl NOT IN ('pmkt.model_registry', 'pmkt.history_model_metrics')
 EXCEPT SELECT 'lost or changed', * FROM public.pmkt_data())
UNION ALL
(SELECT 'new', * FROM public.pmkt_data() WHERE tbl IN (SELECT tbl FROM public.before)
   AND tbl NOT IN ('pmkt.model_registry', 'pmkt.history_model_metrics')
 EXCEPT SELECT 'new', * FROM public.before);
-- (a1) model_registry gains run_source_schema / run_period (filled for the
-- versions the 1.0 run saved, which name their run in their metrics) and
-- history_model_metrics gains flag (converged moves from 1/0 to it): the
-- same rows
SELECT b.tbl, b.n AS rows_before, a.n AS rows_after FROM public.before b JOIN public.pmkt_data() a USING (tbl)
WHERE tbl IN ('pmkt.model_registry', 'pmkt.history_model_metrics') ORDER BY 1;
SELECT count(*) AS versions, count(*) FILTER (WHERE run_source_schema = metrics ->> 'source_schema'
                                              AND run_period = (metrics ->> 'period')::date) AS tied_to_their_run
FROM pmkt.model_registry;
SELECT metric, count(*) AS rows, bool_and(value IS NULL) AS moved_to_flag
FROM pmkt.history_model_metrics WHERE flag IS NOT NULL GROUP BY metric;

-- (a1b) the registry: every row kept; only the ols/logistic models changed,
-- by the appended empty field (and the run columns of (a1) filled); every
-- saved model casts back to its type
SELECT count(*) AS registry_rows,
       count(*) FILTER (WHERE b.model_type IN ('pmkt.ols_result', 'pmkt.logistic_result')) AS models_with_new_field,
       bool_and(a.model = CASE WHEN b.model_type IN ('pmkt.ols_result', 'pmkt.logistic_result')
                               THEN left(b.model, -1) || ',)' ELSE b.model END
                AND (to_jsonb(a) - 'model' - 'run_source_schema' - 'run_period') = (to_jsonb(b) - 'model')) AS rest_unchanged
FROM public.reg_before b JOIN pmkt.model_registry a USING (name, version);
SELECT model_type, (SELECT (model::pmkt.ols_result).covariance IS NULL) AS restored
FROM pmkt.model_registry WHERE model_type = 'pmkt.ols_result'
UNION ALL
SELECT model_type, (SELECT (model::pmkt.logistic_result).covariance IS NULL)
FROM pmkt.model_registry WHERE model_type = 'pmkt.logistic_result';

-- (a2) tables new in 1.1, with the rows the update seeded (the lexicon, the
-- aspect terms and the RFM segment map must arrive whole; empty ones are 0)
SELECT tbl, n, digest FROM public.pmkt_data()
WHERE tbl NOT IN (SELECT tbl FROM public.before)
ORDER BY tbl;

-- (b) the catalog equals the fresh install's (expected: no rows)
SELECT 'only in fresh 1.1' AS side, kind, object, definition
FROM (SELECT * FROM public.fresh EXCEPT SELECT * FROM public.pmkt_catalog()) f
UNION ALL
SELECT 'only in 1.0 updated', kind, object, definition
FROM (SELECT * FROM public.pmkt_catalog() EXCEPT SELECT * FROM public.fresh) u
ORDER BY kind, object, side;

-- the updated extension works: a 1.1 object on 1.0 data
SELECT pmkt.version() LIKE 'pmkt 1.1 %' AS version_ok;
SELECT count(*) > 0 AS runs FROM pmkt.v_model_registry;

\c :regress_db
DROP DATABASE pmkt_upgrade;
