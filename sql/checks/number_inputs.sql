-- Issue 16 part 2: trainers take int2/int4/int8/float4/numeric feature
-- arrays (and array targets) wherever a float8[] is meant, converted once
-- per element as the cast to float8 converts it, and refuse other types
-- naming the type received.
-- Reference: the feature values are small integers (exact in every type),
-- so each model trained from another type must equal, in every digit of
-- its text output, the model trained from the same values written as
-- float8[] (the path that existed before); each comparison prints true.
-- Both loader paths (direct executor, SPI) and both feature forms (an
-- array column, an ARRAY[...] constructor split into columns) are run, and
-- the paths that do not hold the rows (k-means passes over a reservoir
-- sample, logistic passes, nn_evaluate).
SET client_min_messages = warning;
CREATE TABLE num_in (g int, a int, b int, y int);
INSERT INTO num_in SELECT g, g % 7, (g * 3) % 11, ((g * 7) % 13 > 6)::int
FROM generate_series(1, 80) g;
-- 6 000 rows: more than a 64 kB training budget holds
CREATE TABLE num_big AS SELECT g, g % 7 AS a, (g * 3) % 11 AS b, ((g * 7) % 13 > 6)::int AS y
FROM generate_series(1, 6000) g;

CREATE FUNCTION num_in_same(tmpl text, typ text) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE ref text; got text;
BEGIN
  EXECUTE format(tmpl, 'float8') INTO ref;
  EXECUTE format(tmpl, typ) INTO got;
  IF ref IS DISTINCT FROM got THEN
    RAISE NOTICE '% differs: % vs %', typ, left(got, 200), left(ref, 200);
  END IF;
  RETURN ref IS NOT DISTINCT FROM got AND ref IS NOT NULL;
END $$;

CREATE TABLE num_in_cases (trainer text, tmpl text);
INSERT INTO num_in_cases VALUES
 ('kmeans_train, array column',
  $q$SELECT pmkt.kmeans_train('SELECT f FROM (SELECT ARRAY[a, b]::%s[] AS f, g FROM num_in) s ORDER BY g', 3)::text$q$),
 ('kmeans_train, ARRAY[...]',
  $q$SELECT pmkt.kmeans_train('SELECT ARRAY[a::%1$s, b::%1$s] FROM num_in ORDER BY g', 3)::text$q$),
 ('kmeans_choose_k',
  $q$SELECT array_agg(x::text ORDER BY k)::text FROM pmkt.kmeans_choose_k('SELECT ARRAY[a, b]::%s[] FROM num_in ORDER BY g', 2, 4, digits => NULL) x$q$),
 ('dbscan',
  $q$SELECT array_agg(cluster_id ORDER BY row_id)::text FROM pmkt.dbscan('SELECT g, ARRAY[a, b]::%s[] FROM num_in', 1.5, 3)$q$),
 ('logistic_train',
  $q$SELECT pmkt.logistic_train('SELECT ARRAY[a, b]::%s[], y FROM num_in ORDER BY g')::text$q$),
 ('bpnn_train, array target',
  $q$SELECT pmkt.bpnn_train('SELECT ARRAY[a, b]::%1$s[], ARRAY[y]::%1$s[] FROM num_in ORDER BY g', 3, epochs => 20)::text$q$),
 ('rbf_train',
  $q$SELECT pmkt.rbf_train('SELECT ARRAY[a, b]::%s[], y FROM num_in ORDER BY g', 3)::text$q$),
 ('nn_evaluate',
  $q$SELECT pmkt.nn_evaluate(pmkt.bpnn_train('SELECT ARRAY[a, b]::float8[], y FROM num_in ORDER BY g', 3, epochs => 20),
                             'SELECT ARRAY[a, b]::%s[], y FROM num_in ORDER BY g')::text$q$);

SELECT c.trainer, t.typ, num_in_same(c.tmpl, t.typ) AS same
FROM num_in_cases c
CROSS JOIN (VALUES ('int2'), ('int4'), ('int8'), ('float4'), ('numeric')) t(typ)
ORDER BY c.trainer, t.typ;

-- the SPI path (direct_load off) gives the same as well
SET pmkt.direct_load = off;
SELECT c.trainer, num_in_same(c.tmpl, 'numeric') AS same_numeric, num_in_same(c.tmpl, 'int4') AS same_int4
FROM num_in_cases c ORDER BY 1;
RESET pmkt.direct_load;

-- the paths that do not hold the rows: k-means passes over a reservoir
-- sample, logistic passes (a training memory budget too small for 80 rows)
SET pmkt.max_train_memory = '64kB';
SELECT num_in_same($q$SELECT (pmkt.kmeans_train('SELECT ARRAY[a, b]::%s[] FROM num_big ORDER BY g', 3))::text$q$, 'numeric') AS kmeans_passes,
       num_in_same($q$SELECT (pmkt.logistic_train('SELECT ARRAY[a, b]::%s[], y FROM num_big ORDER BY g'))::text$q$, 'int8') AS logistic_passes;
RESET pmkt.max_train_memory;

-- not numbers: refused, the type received named (42804)
\set VERBOSITY default
SELECT pmkt.kmeans_train('SELECT ARRAY[a::text, b::text] FROM num_in', 2);
SELECT pmkt.logistic_train('SELECT ARRAY[a, b]::text[], y FROM num_in');
SELECT * FROM pmkt.dbscan('SELECT g, ARRAY[a > 3, b > 3] FROM num_in', 1, 3);
SET pmkt.max_train_memory = '64kB';
SELECT pmkt.kmeans_train('SELECT ARRAY[a, b]::text[] FROM num_big', 2);
RESET pmkt.max_train_memory;
-- a NaN in a numeric[] is refused like a float8 NaN (22023)
SELECT pmkt.kmeans_train('SELECT ARRAY[a, b]::numeric[] || ''NaN''::numeric FROM num_in', 2);
\set VERBOSITY terse
