-- zz_fuzz: every pmkt function and aggregate survives hostile arguments.
--
-- Reads the catalog, so new functions are covered without editing this file.
-- For each function, each argument in turn takes every value of a hostile
-- list for its type (NULL, empty and 2-D arrays, NULL elements, NaN,
-- +-Infinity, zero, negative, huge, garbage text and queries, composite rows
-- with NULL or malformed fields, and tampered aggregate states), while the
-- required arguments keep a plausible value and optional ones their
-- defaults.  A call may fail, but only with a user-facing SQLSTATE: an
-- internal error (class XX) or a crash fails the test (a crash ends the run).
SET client_min_messages = warning;
CREATE SCHEMA fuzz;
SET search_path = fuzz, public;

-- a real model to pass where a pmkt.nnmodel is expected
CREATE TABLE fuzz_model AS
SELECT pmkt.bpnn_train('SELECT ARRAY[g::float8, (g % 3)::float8], (g % 2)::float8 FROM generate_series(1, 12) g',
                       hidden => 2, epochs => 3, seed => 1) AS m;

-- hostile values per type, as SQL expressions
CREATE FUNCTION hostile(t regtype) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
SELECT CASE t
  WHEN 'double precision'::regtype THEN ARRAY['NULL','0','-1','0.5','1e308','-1e308','''NaN''','''Infinity''','''-Infinity''','1e-320']
  WHEN 'integer'::regtype THEN ARRAY['NULL','0','-1','1','3','100000','-2147483648']
  WHEN 'bigint'::regtype THEN ARRAY['NULL','0','-1','1','3','100000','9223372036854775807','-9223372036854775808']
  WHEN 'smallint'::regtype THEN ARRAY['NULL','0','-1','1']
  WHEN 'boolean'::regtype THEN ARRAY['NULL','true','false']
  WHEN 'double precision[]'::regtype THEN ARRAY['NULL','''{}''','''{NULL}''','''{1,NULL}''','''{NaN,1}''','''{Infinity,1}''',
       '''{1}''','''{1,2}''','''{1,2,3}''','''{-1,2}''','''{0,0}''','''{{1,2},{3,4}}''','''{{1,2,3}}''','''{{1},{2}}''','''{{NULL,1},{1,1}}''',
       '''{{{1}}}''','''[0:1]={1,2}''','''{1e308,1e308}''','''{5,1,2,3,4,5,6,7,8,9}''','''{1,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1}''']
  WHEN 'bigint[]'::regtype THEN ARRAY['NULL','''{}''','''{NULL}''','''{1,2}''','''{-1,2}''','''{5,1}''','''{0,0}''','''{{1,2},{3,4}}''','''{9223372036854775807,1}''']
  WHEN 'integer[]'::regtype THEN ARRAY['NULL','''{}''','''{NULL}''','''{1,2}''','''{-1,2}''','''{{1,2},{3,4}}''']
  WHEN 'boolean[]'::regtype THEN ARRAY['NULL','''{}''','''{NULL}''','''{true,false}''','''{true}''','''{{true,false}}''']
  WHEN 'text[]'::regtype THEN ARRAY['NULL','''{}''','''{NULL}''','''{a,b}''','''{+,-}''','''{x}''','''{{a,b}}''']
  WHEN 'text'::regtype THEN ARRAY['NULL','''''','''bogus''','''kmeans++''','''density''','''sigmoid''',
       '''SELECT 1''','''SELECT 1/0''','''SELECT NULL::float8[]''','''SELECT ''''{}''''::float8[]''',
       '''SELECT ARRAY[g, g*2]::float8[], g::float8 FROM generate_series(1, 3) g''',
       '''SELECT g::bigint, ARRAY[g, g]::float8[] FROM generate_series(1, 3) g''',
       '''SELECT ARRAY[g, ''''NaN'''']::float8[], 1::float8 FROM generate_series(1, 3) g''',
       '''SELECT g::bigint, now() - g * interval ''''1 day'''', g::float8 FROM generate_series(1, 3) g''',
       '''pg_catalog''','''pmkt''']
  WHEN 'cstring'::regtype THEN ARRAY['NULL','''''','''{''','''{}''','''garbage''','''{"version":1}''','''{"format":"pmkt.nnmodel"}''']
  WHEN 'regclass'::regtype THEN ARRAY['NULL','''pg_class''','''fuzz.fuzz_model''']
  WHEN 'timestamp with time zone'::regtype THEN ARRAY['NULL','''2024-01-01''','''infinity''','''-infinity''']
  WHEN 'date'::regtype THEN ARRAY['NULL','''2024-01-01''','''infinity''']
  WHEN 'jsonb'::regtype THEN ARRAY['NULL','''{}''','''[]''','''null''']
  WHEN 'pmkt.nnmodel'::regtype THEN ARRAY['NULL','(SELECT m FROM fuzz.fuzz_model)']
  ELSE ARRAY['NULL'] END
$$;

-- a plausible value per type (the second choice in a composite's fields)
CREATE FUNCTION plausible(t regtype) RETURNS text LANGUAGE sql IMMUTABLE AS $$
SELECT CASE t
  WHEN 'double precision'::regtype THEN '0.5'
  WHEN 'integer'::regtype THEN '2'
  WHEN 'bigint'::regtype THEN '10'
  WHEN 'smallint'::regtype THEN '1'
  WHEN 'boolean'::regtype THEN 'true'
  WHEN 'double precision[]'::regtype THEN '''{1,2}'''
  WHEN 'bigint[]'::regtype THEN '''{1,2}'''
  WHEN 'integer[]'::regtype THEN '''{1,2}'''
  WHEN 'boolean[]'::regtype THEN '''{true,true}'''
  WHEN 'text[]'::regtype THEN '''{a,b}'''
  WHEN 'text'::regtype THEN '''SELECT ARRAY[g, g*2]::float8[], g::float8 FROM generate_series(1, 3) g'''
  WHEN 'regclass'::regtype THEN '''fuzz.fuzz_model'''
  WHEN 'timestamp with time zone'::regtype THEN '''2024-01-01'''
  WHEN 'date'::regtype THEN '''2024-01-01'''
  WHEN 'jsonb'::regtype THEN '''{}'''
  WHEN 'pmkt.nnmodel'::regtype THEN '(SELECT m FROM fuzz.fuzz_model)'
  ELSE 'NULL' END
$$;

-- composite argument types (the result types users pass back in) get rows
-- whose fields are all NULL, all plausible, or each a hostile value
CREATE FUNCTION hostile_any(t regtype) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
  rel oid;
  fields text[];
  out text[] := ARRAY['NULL'];
  v text;
  i int;
BEGIN
  SELECT typrelid INTO rel FROM pg_type WHERE oid = t AND typtype = 'c';
  IF rel IS NULL THEN
    RETURN hostile(t);
  END IF;
  SELECT array_agg(atttypid::regtype::text ORDER BY attnum) INTO fields
  FROM pg_attribute WHERE attrelid = rel AND attnum > 0 AND NOT attisdropped;
  out := out || format('ROW(%s)::%s', (SELECT string_agg('NULL::' || f, ',') FROM unnest(fields) f), t);
  out := out || format('ROW(%s)::%s', (SELECT string_agg(plausible(f::regtype) || '::' || f, ',') FROM unnest(fields) f), t);
  FOR i IN 2 .. 6 LOOP   -- the i-th hostile value of each field's type
    out := out || format('ROW(%s)::%s',
      (SELECT string_agg(coalesce((hostile(f::regtype))[i], 'NULL') || '::' || f, ',') FROM unnest(fields) f), t);
  END LOOP;
  RETURN out;
END
$$;

CREATE TABLE fuzz_log (call text, sqlstate text, message text);
CREATE TABLE fuzz_count (functions int, calls int, errors int);

DO $fuzz$
DECLARE
  f record;
  nreq int;
  i int;
  j int;
  v text;
  args text;
  sql text;
  st text;
  msg text;
  ncalls int := 0;
  nerr int := 0;
  nfunc int := 0;
BEGIN
  FOR f IN
    SELECT p.oid, p.proname, p.prokind, p.proretset, p.pronargs, p.pronargdefaults,
           p.proargnames, ARRAY(SELECT unnest(p.proargtypes::regtype[])) AS types
    FROM pg_proc p
    WHERE p.pronamespace = 'pmkt'::regnamespace AND p.prokind IN ('f', 'a')
      -- side effects on the database (schemas, registry rows): covered by their own tests
      AND p.proname NOT IN ('generate_demo', 'save_model')
      -- polymorphic or internal arguments cannot be generated here
      AND NOT EXISTS (SELECT 1 FROM unnest(p.proargtypes::regtype[]) t
                      WHERE t::text IN ('anyelement', 'anyarray', 'internal', '"any"', 'trigger'))
      AND p.prorettype <> 'trigger'::regtype
    ORDER BY p.oid
  LOOP
    nfunc := nfunc + 1;
    nreq := f.pronargs - f.pronargdefaults;
    FOR i IN 1 .. f.pronargs LOOP
      FOREACH v IN ARRAY hostile_any(f.types[i]) LOOP
        -- required arguments: plausible, the one under test: hostile;
        -- optional ones after it: their defaults (omitted)
        args := '';
        FOR j IN 1 .. greatest(nreq, i) LOOP
          args := args || CASE WHEN j > 1 THEN ', ' ELSE '' END || '('
                  || CASE WHEN j = i THEN v ELSE
                       CASE WHEN (SELECT typrelid FROM pg_type WHERE oid = f.types[j]) <> 0
                            THEN (hostile_any(f.types[j]))[3] ELSE plausible(f.types[j]) END END
                  || ')::' || f.types[j]::text;
        END LOOP;
        IF f.prokind = 'a' THEN
          sql := format('SELECT pmkt.%I(%s) FROM generate_series(1, 3)', f.proname, args);
        ELSE
          sql := format('SELECT count(*) FROM pmkt.%I(%s)', f.proname, args);
        END IF;
        ncalls := ncalls + 1;
        BEGIN
          EXECUTE sql;
        EXCEPTION WHEN OTHERS THEN
          GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
          nerr := nerr + 1;
          -- internal errors, and calls this generator got wrong (no such
          -- function, ambiguous overload), are what we look for; a syntax
          -- error raised by a garbage query string is the right answer
          IF st LIKE 'XX%' OR st IN ('42883', '42725') THEN
            INSERT INTO fuzz_log VALUES (sql, st, msg);
          END IF;
        END;
      END LOOP;
    END LOOP;
  END LOOP;
  INSERT INTO fuzz_count VALUES (nfunc, ncalls, nerr);
END
$fuzz$;

-- enough of the catalog was exercised
SELECT functions > 100 AS many_functions, calls > 3000 AS many_calls,
       errors > 0 AND errors < calls AS some_calls_fail_some_pass
FROM fuzz_count;

-- no internal errors and no malformed generated calls
SELECT sqlstate, message, call FROM fuzz_log ORDER BY call;
