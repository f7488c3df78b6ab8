-- clv_value sums its months' series four lanes at a time with AVX2 under
-- pmkt.simd = auto on a CPU that has it, and two at a time (SSE2) under
-- pmkt.simd = off (src/lifetime/btyd.c, log_series_multi): the same IEEE
-- operations lane by lane, no FMA, so the same bits.  Every value is computed
-- both ways and compared with =: odd and even month counts, one pass (<= 16
-- months) and two (17, 30), the frequent small customers and huge ones whose
-- terms pass 1e250 (the rescaling path), under every purchase model.
SET client_min_messages = warning;
CREATE TEMP TABLE simd_models (name text, m pmkt.clv_model);
INSERT INTO simd_models VALUES
 ('bgnbd a<=2', ROW('bgnbd', 'week', '{0.243,4.414,0.793,2.426}', NULL, NULL, NULL, NULL, NULL, NULL, NULL)::pmkt.clv_model),
 ('bgnbd a>2', ROW('bgnbd', 'day', '{0.454,14.29,18.82,152.9}', NULL, NULL, NULL, NULL, NULL, NULL, NULL)::pmkt.clv_model),
 ('mbgnbd', ROW('mbgnbd', 'week', '{0.525,6.183,0.891,1.614}', NULL, NULL, NULL, NULL, NULL, NULL, NULL)::pmkt.clv_model),
 ('pareto_nbd', ROW('pareto_nbd', 'week', '{0.55,10.58,0.61,11.67}', NULL, NULL, NULL, NULL, NULL, NULL, NULL)::pmkt.clv_model);
CREATE TEMP TABLE simd_rows AS
SELECT x::float8 AS frequency, (CASE WHEN x = 0 THEN 0 ELSE tt - 1 END)::float8 AS recency, tt::float8 AS age,
       10 + x AS monetary_value, mo AS months
FROM (VALUES (0), (1), (2), (5), (30), (300)) a(x), (VALUES (3), (10), (38.86), (100), (730)) b(tt),
     (VALUES (1), (5), (12), (17), (30)) c(mo)
UNION ALL
SELECT x, tx, tt, 10, mo
FROM (VALUES (5000, 729, 730), (20000, 729.5, 730)) d(x, tx, tt), (VALUES (1), (12), (17)) c(mo);
CREATE TEMP TABLE simd_auto AS
SELECT mm.name, r.*, pmkt.clv_value(mm.m, ROW('gamma_gamma', NULL, '{6,3.7,15}', NULL, NULL, NULL, NULL, NULL, NULL, NULL)::pmkt.clv_model,
                                    r.frequency, r.recency, r.age, r.monetary_value, r.months, 0.01) AS clv
FROM simd_models mm, simd_rows r;
SET pmkt.simd = off;
CREATE TEMP TABLE simd_off AS
SELECT mm.name, r.*, pmkt.clv_value(mm.m, ROW('gamma_gamma', NULL, '{6,3.7,15}', NULL, NULL, NULL, NULL, NULL, NULL, NULL)::pmkt.clv_model,
                                    r.frequency, r.recency, r.age, r.monetary_value, r.months, 0.01) AS clv
FROM simd_models mm, simd_rows r;
RESET pmkt.simd;
SELECT a.name, count(*) AS cases, count(*) FILTER (WHERE a.clv = o.clv) AS same,
       count(*) FILTER (WHERE a.clv > 0) AS positive
FROM simd_auto a JOIN simd_off o USING (name, frequency, recency, age, months)
GROUP BY a.name ORDER BY a.name;
