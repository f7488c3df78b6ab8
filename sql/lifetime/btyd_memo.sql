-- the prediction row functions' per-call memo (src/lifetime/btyd.c,
-- clv_memo_get): within one query the series part of expected purchases is
-- kept per (x, T, horizon), the Pareto/NBD ln F per (x, t) and clv_value's
-- discounted sum per (x, T, months, rate), in a direct table for whole x <
-- 256 and T < 2048 with the query's first horizon / months / rate, else in a
-- hash table.  A memo hit must give the bits a fresh computation gives: every
-- row of one query (memo in use, rows repeating x and T with different
-- recency, horizons and rates changing between rows, keys outside the direct
-- table) is compared with = to the same call made alone in its own statement
-- (a new call site, nothing memoised).  The fresh values themselves are
-- checked against scipy in lifetime/btyd and lifetime/pnbd.
SET client_min_messages = warning;
CREATE TEMP TABLE memo_models (name text, m pmkt.clv_model);
INSERT INTO memo_models VALUES
 ('bgnbd a<=2', ROW('bgnbd', 'week', '{0.243,4.414,0.793,2.426}', NULL, NULL, NULL, NULL, NULL, NULL, NULL)::pmkt.clv_model),
 ('bgnbd a>2', ROW('bgnbd', 'day', '{0.454,14.29,18.82,152.9}', NULL, NULL, NULL, NULL, NULL, NULL, NULL)::pmkt.clv_model),
 ('mbgnbd', ROW('mbgnbd', 'week', '{0.525,6.183,0.891,1.614}', NULL, NULL, NULL, NULL, NULL, NULL, NULL)::pmkt.clv_model),
 ('pareto_nbd', ROW('pareto_nbd', 'week', '{0.55,10.58,0.61,11.67}', NULL, NULL, NULL, NULL, NULL, NULL, NULL)::pmkt.clv_model);
CREATE TEMP TABLE memo_rows AS
SELECT (v.i - 1) * 3 + w.j AS id, x::float8 AS frequency, tx::float8 AS recency, tt::float8 AS age,
       h::float8 AS horizon, mo AS months, d::float8 AS rate, 10 + x AS monetary_value
FROM (VALUES (1, 0, 0, 10), (2, 1, 3, 10), (3, 1, 7, 10), (4, 1, 7, 10), (5, 2, 5, 10), (6, 2, 9, 10),
             (7, 0, 0, 10), (8, 5, 30.43, 38.86), (9, 5, 12, 38.86), (10, 5, 30.43, 38.86),
             (11, 300, 2000, 2999), (12, 300, 1500, 2999), (13, 2, 1, 3000), (14, 2, 2, 3000),
             (15, 1, 0.5, 2.5), (16, 1, 0.25, 2.5), (17, 1, 3, 10), (18, 2, 9, 10)) v(i, x, tx, tt),
     (VALUES (1, 10, 12, 0.01), (2, 10, 12, 0.01), (3, 39, 3, 0)) w(j, h, mo, d);
-- 54 rows, 18 customer rows x 3 (horizon, months, rate): the first two the
-- same (memo hits), the third other constants (hash path)
SELECT count(*) AS rows, count(DISTINCT (frequency, age)) AS distinct_x_t FROM memo_rows;
CREATE TEMP TABLE memo_one AS
SELECT mm.name, r.id,
       pmkt.clv_p_alive(mm.m, r.frequency, r.recency, r.age) AS p_alive,
       pmkt.clv_expected_purchases(mm.m, r.horizon, r.frequency, r.recency, r.age) AS e,
       pmkt.clv_value(mm.m, ROW('gamma_gamma', NULL, '{6,3.7,15}', NULL, NULL, NULL, NULL, NULL, NULL, NULL)::pmkt.clv_model,
                      r.frequency, r.recency, r.age, r.monetary_value, r.months, r.rate) AS clv
FROM memo_models mm, memo_rows r;
CREATE FUNCTION pg_temp.fresh(name text, id bigint, what text) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE v float8;
BEGIN
    -- EXECUTE plans the call anew: a new call site, an empty memo
    EXECUTE format($q$SELECT CASE %L
        WHEN 'p_alive' THEN pmkt.clv_p_alive(mm.m, r.frequency, r.recency, r.age)
        WHEN 'e' THEN pmkt.clv_expected_purchases(mm.m, r.horizon, r.frequency, r.recency, r.age)
        ELSE pmkt.clv_value(mm.m, ROW('gamma_gamma', NULL, '{6,3.7,15}', NULL, NULL, NULL, NULL, NULL, NULL, NULL)::pmkt.clv_model,
                            r.frequency, r.recency, r.age, r.monetary_value, r.months, r.rate) END
        FROM memo_models mm, memo_rows r WHERE mm.name = %L AND r.id = %s$q$, what, name, id) INTO v;
    RETURN v;
END $$;
SELECT name, count(*) AS rows,
       count(*) FILTER (WHERE p_alive = pg_temp.fresh(name, id, 'p_alive')) AS p_alive_same,
       count(*) FILTER (WHERE e = pg_temp.fresh(name, id, 'e')) AS expected_same,
       count(*) FILTER (WHERE clv = pg_temp.fresh(name, id, 'clv')) AS clv_same
FROM memo_one GROUP BY name ORDER BY name;
-- the same customer (x = 1, T = 10, horizon 10) with recency 3 (id 4) and 7
-- (ids 7 and 10) in one query, against test/lifetime/btyd_ref.py ep_bgnbd /
-- ep_mbgnbd and pnbd_ref.py expected (scipy): the memo keys the series on x
-- and T, the recency still counts
SELECT o.name, o.id, abs(o.e / ref.e - 1) < 1e-9 AS e_ok
FROM memo_one o JOIN (VALUES
  ('bgnbd a<=2', 3, 0.435567747530576), ('bgnbd a<=2', 7, 0.529554811774965),
  ('bgnbd a>2', 3, 0.472086009133909), ('bgnbd a>2', 7, 0.493730151402701),
  ('mbgnbd', 3, 0.456015506361198), ('mbgnbd', 7, 0.562652501506521),
  ('pareto_nbd', 3, 0.483122031381493), ('pareto_nbd', 7, 0.602413579134427)) ref(name, tx, e)
  ON ref.name = o.name AND o.id IN (CASE ref.tx WHEN 3 THEN 4 END, CASE ref.tx WHEN 7 THEN 7 END,
                                    CASE ref.tx WHEN 7 THEN 10 END)
ORDER BY 1, 2;
-- clv_value sums its months' series together (log_series_multi: two lanes
-- at a time in vector registers, one lane of a pair left idle when the
-- months are odd, 16 months to a pass, huge terms rescaled by 1e-250 in a
-- scalar path); expected purchases sums one series (log_series).  Both must
-- give the same series, so clv_value must equal the expected spend times
-- sum_i (E[purchases in i months] - E[in i - 1 months]) / 1.01^i built from
-- clv_expected_purchases (whose values lifetime/btyd checks against scipy),
-- up to the rounding of that sum (1e-12 relative): months 1, 5, 13 (odd
-- lane counts) and 17 (two passes), customers with x = 2, 300, and 5000 and
-- 20000 (terms far above 1e250 before the rescaling) under every model
SELECT mm.name, count(*) AS cases,
       count(*) FILTER (WHERE v.ref > 0 AND abs(v.clv - v.ref) <= 1e-12 * v.ref) AS clv_consistent
FROM memo_models mm,
     (VALUES (2, 5, 10), (300, 1500, 2999), (5000, 729, 730), (20000, 729.5, 730)) c(x, tx, tt),
     (VALUES (1), (5), (13), (17)) k(months),
     LATERAL (SELECT pmkt.clv_value(mm.m, ROW('gamma_gamma', NULL, '{6,3.7,15}', NULL, NULL, NULL, NULL, NULL, NULL, NULL)::pmkt.clv_model,
                                    c.x, c.tx, c.tt, 20, k.months, 0.01) AS clv,
                     pmkt.clv_expected_spend(ROW('gamma_gamma', NULL, '{6,3.7,15}', NULL, NULL, NULL, NULL, NULL, NULL, NULL)::pmkt.clv_model, c.x, 20)
                     * (SELECT sum((pmkt.clv_expected_purchases(mm.m, i * f.f, c.x, c.tx, c.tt)
                                    - pmkt.clv_expected_purchases(mm.m, (i - 1) * f.f, c.x, c.tx, c.tt)) / power(1.01, i))
                        FROM generate_series(1, k.months) i,
                             (SELECT CASE (mm.m).unit WHEN 'day' THEN 30 WHEN 'week' THEN 4.345 ELSE 1 END::float8 AS f) f) AS ref) v
GROUP BY mm.name ORDER BY mm.name;
-- the model cache of a call site (src/lifetime/btyd.c, ClvModelCache): the
-- model arguments' bytes are compared on every row, but only up to the end
-- of params (the kind, unit and params the decoding reads; standard errors,
-- log-likelihood and counts come after them).  Models of the same byte
-- length differing in one parameter (and spend models likewise), changing
-- from row to row at one call site, must each give the value of a statement
-- that sees that one model only; models that differ only after params give
-- the same values as each other (ids 1 and 3, 4 and 6); ids 1 and 2 differ
-- (the test can tell them apart).
CREATE TEMP TABLE cache_models (id int, m pmkt.clv_model);
INSERT INTO cache_models VALUES
 (1, ROW('bgnbd', 'week', '{0.243,4.414,0.793,2.426}', '{0.1,0.1,0.1,0.1}', -100, 100::bigint, 10, true, 0, NULL)::pmkt.clv_model),
 (2, ROW('bgnbd', 'week', '{0.243,4.414,0.793,2.427}', '{0.1,0.1,0.1,0.1}', -100, 100::bigint, 10, true, 0, NULL)::pmkt.clv_model),
 (3, ROW('bgnbd', 'week', '{0.243,4.414,0.793,2.426}', '{0.2,0.3,0.4,0.5}', -101, 100::bigint, 11, true, 0, NULL)::pmkt.clv_model),
 (4, ROW('pareto_nbd', 'week', '{0.55,10.58,0.61,11.67}', '{0.1,0.1,0.1,0.1}', -100, 100::bigint, 10, true, 0, NULL)::pmkt.clv_model),
 (5, ROW('pareto_nbd', 'week', '{0.55,10.58,0.61,11.68}', '{0.1,0.1,0.1,0.1}', -100, 100::bigint, 10, true, 0, NULL)::pmkt.clv_model),
 (6, ROW('pareto_nbd', 'week', '{0.55,10.58,0.61,11.67}', '{0.3,0.1,0.1,0.1}', -99, 100::bigint, 12, true, 0, NULL)::pmkt.clv_model),
 (7, ROW('gamma_gamma', NULL, '{6,3.7,15}', '{0.1,0.1,0.1}', -100, 100::bigint, 10, true, 0, NULL)::pmkt.clv_model),
 (8, ROW('gamma_gamma', NULL, '{6,3.7,16}', '{0.1,0.1,0.1}', -100, 100::bigint, 10, true, 0, NULL)::pmkt.clv_model);
SELECT count(DISTINCT pg_column_size(m)) AS purchase_model_sizes FROM cache_models WHERE id <= 3;
CREATE TEMP TABLE cache_ref (mid int, gid int, id int, p_alive float8, e float8, clv float8);
DO $$
DECLARE mid int; gid int;
BEGIN
    -- one statement per pair: each call site sees one model (and spend model)
    FOR mid IN 1..6 LOOP
        FOR gid IN 7..8 LOOP
            EXECUTE format($q$INSERT INTO cache_ref
                SELECT %1$s, %2$s, r.id, pmkt.clv_p_alive(c.m, r.frequency, r.recency, r.age),
                       pmkt.clv_expected_purchases(c.m, r.horizon, r.frequency, r.recency, r.age),
                       pmkt.clv_value(c.m, g.m, r.frequency, r.recency, r.age, r.monetary_value, r.months, r.rate)
                FROM memo_rows r, cache_models c, cache_models g WHERE c.id = %1$s AND g.id = %2$s$q$, mid, gid);
        END LOOP;
    END LOOP;
END $$;
-- the models change on every row (the row's id picks them)
SELECT count(*) AS rows,
       count(*) FILTER (WHERE v.p_alive = ref.p_alive) AS p_alive_same,
       count(*) FILTER (WHERE v.e = ref.e) AS expected_same,
       count(*) FILTER (WHERE v.clv = ref.clv) AS clv_same
FROM (SELECT r.id, c.id AS mid, g.id AS gid,
             pmkt.clv_p_alive(c.m, r.frequency, r.recency, r.age) AS p_alive,
             pmkt.clv_expected_purchases(c.m, r.horizon, r.frequency, r.recency, r.age) AS e,
             pmkt.clv_value(c.m, g.m, r.frequency, r.recency, r.age, r.monetary_value, r.months, r.rate) AS clv
      FROM memo_rows r, generate_series(0, 5) k,
           LATERAL (SELECT * FROM cache_models WHERE id = 1 + (r.id + k) % 6) c,
           LATERAL (SELECT * FROM cache_models WHERE id = 7 + (r.id + k) % 4 / 2) g) v
JOIN cache_ref ref ON ref.mid = v.mid AND ref.gid = v.gid AND ref.id = v.id;
SELECT a.mid, b.mid AS other,
       count(*) FILTER (WHERE a.p_alive = b.p_alive AND a.e = b.e AND a.clv = b.clv) AS same_values,
       count(*) FILTER (WHERE a.p_alive <> b.p_alive) AS p_alive_differs
FROM cache_ref a JOIN cache_ref b ON b.gid = a.gid AND b.id = a.id
WHERE (a.mid, b.mid) IN ((1, 3), (4, 6), (1, 2), (4, 5)) AND a.gid = 7
GROUP BY 1, 2 ORDER BY 1, 2;
-- a scalar subquery correlated with an outer row is evaluated again for
-- each outer row (its value freed and made again, possibly at the same
-- address, with the same length): the call site inside must see each model
SELECT c.id,
       (SELECT count(*) FILTER (WHERE pmkt.clv_value((SELECT m FROM cache_models c2 WHERE c2.id = c.id),
                                                     (SELECT m FROM cache_models g2 WHERE g2.id = 7 + c.id % 2),
                                                     r.frequency, r.recency, r.age, r.monetary_value, r.months, r.rate) = ref.clv)
        FROM memo_rows r JOIN cache_ref ref ON ref.mid = c.id AND ref.gid = 7 + c.id % 2 AND ref.id = r.id) AS clv_same,
       (SELECT count(*) FILTER (WHERE pmkt.clv_p_alive((SELECT m FROM cache_models c2 WHERE c2.id = c.id),
                                                       r.frequency, r.recency, r.age) = ref.p_alive)
        FROM memo_rows r JOIN cache_ref ref ON ref.mid = c.id AND ref.gid = 7 AND ref.id = r.id) AS p_alive_same
FROM cache_models c WHERE c.id <= 6 ORDER BY c.id;
