-- pmkt.als_train / pmkt.alsmodel / pmkt.recommend(alsmodel): implicit-feedback
-- ALS (Hu, Koren and Volinsky 2008); first the plain model (item_bias =>
-- false), then with the item bias (the default).
--
-- Reference: test/basket/als_ref.py (numpy, the paper's dense formula
-- x_u = (Y' C_u Y + lambda I)^-1 Y' C_u p(u) over all items, no
-- Y'Y + Y'(C_u - I)Y trick) on the rows below, factors 3, regularization
-- 0.1, alpha 2, 5 iterations, from the initial factors it prints (numpy
-- default_rng(12), normal(0, 0.1^2)), passed here as init_user / init_item.
-- Its final factors are pasted below; pmkt's must equal them to 1e-8.
-- Its top-3 unbought items per customer (score to 10 decimals):
--   1: d 0.7405560770, c 0.6282323807, e 0.0139966337
--   2: d 0.7170419186, f 0.3831768806, a 0.3446156256
--   3: g 0.7629101645, b 0.2418901530, d 0.1824747646
--   4: b 0.6970388799, c 0.5159434777, e -0.0067297342
--   5: c 0.5261697615, a -0.0611255757, b -0.1519036549
--   6: e 0.5916526868, c 0.5358248838, b 0.0277236618
--   7: f 0.0853482372, e 0.0710180906, g -0.0187993340
--   8: f 0.4849759953, c 0.3036731037, a 0.2864930228
--   9: c 0.6495827207, f 0.2212928745, a 0.1332087805
--  10: b 0.4993706969, g 0.4983909704, d 0.3533228399
--  11: e 0.2677755419, c 0.1503673687, d 0.1421251168
--  12: e 0.7620218325, c 0.3548238261, f 0.0579411134
SET extra_float_digits = 0;
CREATE TABLE als_rows (customer_id bigint, product text, n int);
INSERT INTO als_rows VALUES
  (1, 'a', 1), (1, 'b', 2), (1, 'a', 1), (2, 'b', 1), (2, 'c', 1), (3, 'a', 3), (3, 'c', 1), (3, 'e', 1),
  (4, 'd', 1), (4, 'a', 1), (5, 'e', 2), (5, 'f', 1), (5, 'g', 1), (6, 'f', 4), (6, 'g', 1), (7, 'a', 1),
  (7, 'b', 1), (7, 'c', 1), (7, 'd', 1), (8, 'g', 2), (8, 'e', 1), (9, 'b', 1), (9, 'd', 2), (10, 'c', 1),
  (10, 'f', 1), (11, 'h', 0), (11, 'a', 2), (12, 'g', 1), (12, 'a', 1), (12, 'h', 1), (12, 'h', -1),
  (NULL, 'a', 1), (13, NULL, 1), (13, 'a', NULL);
CREATE TABLE als_ref (side text, init float8[], final float8[]);
INSERT INTO als_ref VALUES
 ('customer',
  '{{-0.0006826779865523179,0.10461432923049026,0.07415884212884828},{0.07239565416499906,0.16187762233340763,-0.1205558142646329},{-0.06269554710763733,-0.1320663211605125,-0.010775250794802987},{0.09987636553170226,-0.002194788627038025,0.04958800664642218},{-0.19107686641766472,0.014706416587832767,-0.09069432512592963},{0.1775389387246141,0.08868490764587925,0.09493494832580338},{-0.005785496250096948,0.061286227428009356,0.06578901620545004},{-0.034440266642056315,-0.04973720354958555,-0.011477278340686991},{-0.06054520093504348,-0.05943394175048538,-0.02833753756039578},{-0.07284177271834529,0.07663277859454005,-0.15960863337954337},{0.08235621286156919,-0.06255664702584507,-0.05459399556941108},{-0.135084714186579,-0.014424211884897013,-0.02476615092673674}}',
  '{{1.8629849448601148,-1.3551549804602612,-0.325121748125982},{1.8796265944622657,0.025549498381219785,-0.9405999715630273},{1.961511892224069,-0.17286791145828875,1.2978991642608184},{1.5801865917298374,-1.3332305685082986,-0.24046492626345511},{1.1117070375789746,2.108108780391769,0.9205515629804664},{0.9458704023572018,2.277508362852535,0.06799249406936132},{2.551495141690401,-1.041988941969325,-0.6878388333658898},{0.8119103336316436,1.1932483573353396,1.4342330962847596},{1.4711662913957508,-0.3480430950919763,-1.6372970149432229},{1.584218304946453,1.4542115765317207,-0.577000016767411},{0.8210128967398702,-1.2642484670909062,0.913820437188127},{1.2397926327738478,-0.1385998378155598,1.5435549887528384}}'),
 ('item',
  '{{0.019145583053805645,-0.053377429592493454,0.009375617930346658},{0.18196918381290939,0.040899969445359535,-0.05736900371557185},{0.09531095952386714,-0.012880113396915818,0.05938744680979048},{0.061274742894769675,-0.039106571676092244,-0.19302874975259848},{-0.034765362325494174,0.05514554237995707,-0.03801104065333946},{0.043896931488302815,0.09795403716599739,-0.05441134150640869},{0.12313517525412897,0.1621804461688138,0.10790459442040815}}',
  '{{0.33066209639989347,-0.3280315043615796,0.2854822584616181},{0.3068409880015852,-0.10655721126109277,-0.29154993464779005},{0.3821916624042229,0.0786313457576937,-0.0700436915299885},{0.2531588502217454,-0.1360380740925751,-0.2601249447978028},{0.19247002756076997,0.16926928388617793,0.35428579455309983},{0.16706156342849532,0.36909237361961333,-0.06350563456798386},{0.19150639611826703,0.26657413325312224,0.3338858801378794}}');

-- 3 NULL rows skipped (NOTICE); pair (11, h) sums to 0 and (12, h) to 0: h is
-- not observed by anyone and left out, 12 customers x 7 items, 27 pairs
CREATE TABLE als_m AS
SELECT pmkt.als_train('SELECT customer_id, product, n FROM als_rows', factors => 3, iterations => 5,
                      regularization => 0.1, alpha => 2, item_bias => false,
                      init_user => (SELECT init FROM als_ref WHERE side = 'customer'),
                      init_item => (SELECT init FROM als_ref WHERE side = 'item')) AS m;
SELECT i.* FROM als_m, pmkt.als_info(m) i;
SELECT pmkt.als_ids(m, 'customer') AS customers, pmkt.als_ids(m, 'item') AS items FROM als_m;
-- the factors equal numpy's to 1e-8 (the largest difference printed, rounded up to a power of ten)
SELECT r.side, max(abs(a.v - b.v)) < 1e-8 AS equal_1e8,
       ceil(log(greatest(max(abs(a.v - b.v)), 1e-300)::numeric)) <= -8 AS digits
  FROM als_ref r, als_m,
       LATERAL (SELECT v, o FROM unnest(pmkt.als_factors(m, r.side)) WITH ORDINALITY u(v, o)) a
       JOIN LATERAL (SELECT v, o FROM unnest(r.final) WITH ORDINALITY u(v, o)) b USING (o)
 GROUP BY r.side ORDER BY r.side;
-- top 3 unbought items, as numpy ranks them
SELECT customer, string_agg(item || ' ' || round(score::numeric, 10), ', ' ORDER BY recommendation_rank) AS top3
  FROM als_m, pmkt.recommend(m, 3) GROUP BY customer ORDER BY customer::int;
-- only some customers, in the order given, duplicates once; unknown ones:
-- no rows, or with fallback popularity the items with most customers
-- (a: 1 3 4 7 11 12 = 6; b: 1 2 7 9 = 4; c: 2 3 7 10 = 4: b before c by id)
SELECT r.* FROM als_m, pmkt.recommend(m, 2, ARRAY['9', 'zz', NULL, '9', '01']) r;
SELECT customer, recommendation_rank, item, round(score::numeric, 10) AS score, source
  FROM als_m, pmkt.recommend(m, 3, ARRAY['zz', '4'], 'popularity');
-- k larger than the unbought items: all of them (customer 7 bought a b c d)
SELECT count(*) FROM als_m, pmkt.recommend(m, 100, ARRAY['7']);

-- seeded initial factors: the same seed gives the same model, another seed another
SELECT pmkt.als_train('SELECT customer_id, product, n FROM als_rows', factors => 4, iterations => 2, seed => 7)::text
     = pmkt.als_train('SELECT customer_id, product, n FROM als_rows', factors => 4, iterations => 2, seed => 7)::text AS same_seed,
       pmkt.als_train('SELECT customer_id, product, n FROM als_rows', factors => 4, iterations => 2, seed => 7)::text
     = pmkt.als_train('SELECT customer_id, product, n FROM als_rows', factors => 4, iterations => 2, seed => 8)::text AS other_seed;
-- no count column: each row counts 1; integer item ids
SELECT i.* FROM pmkt.als_train('SELECT customer_id::int, ascii(product)::smallint FROM als_rows', factors => 2, iterations => 1) m,
       pmkt.als_info(m) i;

-- exact text round trip; binary round trip through COPY (send / recv)
SELECT m::text::pmkt.alsmodel::text = m::text AS text_round_trip FROM als_m;
CREATE TABLE als_copy (m pmkt.alsmodel);
CREATE TABLE als_bin (b bytea);
DO $$
DECLARE f text := '/tmp/pmkt_als_' || pg_backend_pid() || '.bin';
BEGIN
  EXECUTE format('COPY (SELECT m FROM als_m) TO %L (FORMAT binary)', f);
  EXECUTE format('COPY als_copy FROM %L (FORMAT binary)', f);
  -- a tampered binary value: the first factor (bytes 77..84 of the data,
  -- after the 76-byte header that follows the length word; little-endian)
  -- set to NaN: 22P03
  INSERT INTO als_bin SELECT overlay(pmkt.alsmodel_send(m) PLACING '\x000000000000f87f'::bytea FROM 77 FOR 8) FROM als_m;
  EXECUTE format('COPY als_bin TO %L (FORMAT binary)', f);
  BEGIN
    EXECUTE format('COPY als_copy FROM %L (FORMAT binary)', f);
  EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'recv: %: %', SQLSTATE, SQLERRM;
  END;
  EXECUTE format('COPY (SELECT WHERE false) TO PROGRAM %L', 'rm -f ' || f);  -- leave no file behind
END $$;
SELECT c.m::text = a.m::text AS binary_round_trip FROM als_copy c, als_m a;
-- the registry keeps it like any model
SELECT pmkt.save_model('als-test', 'als', m, '{}'::jsonb) AS version FROM als_m;
SELECT (pmkt.latest_model('als-test')).model::pmkt.alsmodel::text = m::text AS restored,
       (pmkt.latest_model('als-test')).model_type FROM als_m;
DELETE FROM pmkt.model_registry WHERE name = 'als-test';

-- invalid text forms: 22P02
\set VERBOSITY default
SELECT 'zz'::pmkt.alsmodel;
SELECT left(m::text, 200)::pmkt.alsmodel FROM als_m;
SELECT overlay(m::text PLACING '00' FROM 1 FOR 2)::pmkt.alsmodel FROM als_m;
-- a factor (bytes 77..84 of the data) set to +Infinity
SELECT overlay(m::text PLACING '000000000000f07f' FROM 153 FOR 16)::pmkt.alsmodel FROM als_m;
-- the last customer id (bigint 12 at the end of the user id section) set to 1: not ascending
SELECT overlay(m::text PLACING '0100000000000000' FROM length(m::text) - 2 * (8 * 8 + 5 + 3) - 16 + 1 FOR 16)::pmkt.alsmodel FROM als_m;

-- item bias (item_bias => true, the default): score x_u . y_i + b_i, b_i learnt with the
-- factors as a constant-1 customer column.  Reference: the second part of
-- test/basket/als_ref.py (numpy, dense least squares over all items:
-- x_u = (Y'C_uY + lambda I)^-1 Y'C_u (p(u) - b), (y_i, b_i) = (Xa'C_iXa +
-- lambda I)^-1 Xa'C_i p(i), Xa = [X 1]) from the same initial factors and
-- initial biases b0 (normal(0, 0.1^2), drawn after them): its final
-- factors (customers with their constant 1, items with their bias) below,
-- pmkt's equal to 1e-8.  Its top-3 unbought items per customer:
--   1: d 0.7732464248, c 0.4632618495, g -0.0518832569
--   2: f 0.4549869843, d 0.3997282097, a 0.3010132311
--   3: g 0.1408567382, f 0.1034286891, b 0.0617595353
--   4: b 0.5556437851, g 0.3550087881, e -0.0004405710
--   5: c 0.1156837312, a -0.0466094021, b -0.2518388373
--   6: e 0.4179319566, b 0.1237654136, d 0.0713048993
--   7: f -0.1487259229, e -0.1530238297, g -0.3742448426
--   8: a 0.4631445761, f 0.4518056535, c -0.0495161621
--   9: a 0.3901443236, f 0.1937371733, g 0.1903596527
--  10: b 0.4886742799, e 0.4476993005, g 0.1869515154
--  11: e 0.4165955499, g 0.3920755111, d 0.3854573006
--  12: e 0.5546462962, d 0.3149208656, f -0.0068338143
CREATE TABLE als_ref_b (side text, init float8[], final float8[]);
INSERT INTO als_ref_b VALUES
 ('customer', (SELECT init FROM als_ref WHERE side = 'customer'),
  '{{1.5207741214467212,-0.8872153696799554,-0.835399013201252,1.0},{2.2755562466674286,0.24995508339796538,-0.15461672231954293,1.0},{0.7787335404881924,-0.49555857470826353,1.350330450281404,1.0},{0.622714041627063,-0.7826854794402637,-1.077250427343807,1.0},{0.05317616485034703,2.0038332322642836,0.6178459475948438,1.0},{0.5844832372384781,2.31796058218575,-0.3095112316754119,1.0},{2.1162033501644486,-1.1928101725921936,-0.6446509423934766,1.0},{-0.30031719909760896,1.0020554821463308,0.409546216456809,1.0},{1.6280029440992367,0.11021943049252872,-1.6943193032077548,1.0},{1.835738599041073,1.3994441995029265,0.5048263486204341,1.0},{0.46435785892684267,-0.5173547462870521,-0.12361408558115648,1.0},{-0.31597837993998296,-0.07423919507599323,-0.2217037729460964,1.0}}'),
 ('item',
  '{{0.019145583053805645,-0.053377429592493454,0.009375617930346658,0.11654628406272693},{0.18196918381290939,0.040899969445359535,-0.05736900371557185,0.1096796447776445},{0.09531095952386714,-0.012880113396915818,0.05938744680979048,0.22545390605711516},{0.061274742894769675,-0.039106571676092244,-0.19302874975259848,0.018586090464094037},{-0.034765362325494174,0.05514554237995707,-0.03801104065333946,0.00020840828512682155},{0.043896931488302815,0.09795403716599739,-0.05441134150640869,0.06031073051902183},{0.12313517525412897,0.1621804461688138,0.10790459442040815,-0.09081951186439165}}',
  '{{-0.18306645449667605,-0.45684466418870595,0.06056473719251728,0.8411462124783046},{0.37423795585927727,-0.08070558472219286,-0.21795357191757114,0.02464288735252927},{0.47781304683762865,-0.09260489283084644,0.42758419646019313,0.011659064495655696},{0.05998714861663132,-0.13850575580487356,-0.38380961579835576,0.23850091188429878},{-0.20647114959655413,0.035004807453115905,0.39328648683128364,0.5791977035784349},{0.12898878618072598,0.3765987967076836,0.0812484302495876,0.07989532847807225},{-0.40500244919422834,0.2113302061525455,-0.08718241299724352,0.6786972921437056}}');
CREATE TABLE als_mb AS
SELECT pmkt.als_train('SELECT customer_id, product, n FROM als_rows', factors => 3, iterations => 5,
                      regularization => 0.1, alpha => 2, item_bias => true,
                      init_user => (SELECT init FROM als_ref_b WHERE side = 'customer'),
                      init_item => (SELECT init FROM als_ref_b WHERE side = 'item')) AS m;
SELECT i.* FROM als_mb, pmkt.als_info(m) i;
SELECT r.side, array_length(r.final, 2) AS columns, max(abs(a.v - b.v)) < 1e-8 AS equal_1e8
  FROM als_ref_b r, als_mb,
       LATERAL (SELECT v, o FROM unnest(pmkt.als_factors(m, r.side)) WITH ORDINALITY u(v, o)) a
       JOIN LATERAL (SELECT v, o FROM unnest(r.final) WITH ORDINALITY u(v, o)) b USING (o)
 GROUP BY r.side, array_length(r.final, 2) ORDER BY r.side;
SELECT customer, string_agg(item || ' ' || round(score::numeric, 10), ', ' ORDER BY recommendation_rank) AS top3
  FROM als_mb, pmkt.recommend(m, 3) GROUP BY customer ORDER BY customer::int;
-- the plain model from the same initial factors differs (the bias is a model change)
SELECT a.m::text <> b.m::text AS differs FROM als_m a, als_mb b;
-- seeded: reproducible; text round trip exact
SELECT pmkt.als_train('SELECT customer_id, product, n FROM als_rows', factors => 2, iterations => 2, seed => 3, item_bias => true)::text
     = pmkt.als_train('SELECT customer_id, product, n FROM als_rows', factors => 2, iterations => 2, seed => 3, item_bias => true)::text AS same_seed,
       (SELECT m::text::pmkt.alsmodel::text = m::text FROM als_mb) AS text_round_trip;
-- a customer's constant column (the 4th factor of the first row: bytes
-- 101..108 of the data) set to 2: 22P02
SELECT overlay(m::text PLACING '0000000000000040' FROM 201 FOR 16)::pmkt.alsmodel FROM als_mb;
-- init_item without the bias column: 2202E
SELECT pmkt.als_train('SELECT customer_id, product, n FROM als_rows', factors => 3, item_bias => true,
                      init_user => (SELECT init FROM als_ref WHERE side = 'customer'),
                      init_item => (SELECT init FROM als_ref WHERE side = 'item'));

-- bad arguments
SELECT pmkt.als_train('SELECT customer_id, product FROM als_rows', factors => 0);
SELECT pmkt.als_train('SELECT customer_id, product FROM als_rows', iterations => 0);
SELECT pmkt.als_train('SELECT customer_id, product FROM als_rows', regularization => -0.1);
SELECT pmkt.als_train('SELECT customer_id, product FROM als_rows', alpha => -1);
SELECT pmkt.als_train('SELECT customer_id, product FROM als_rows', alpha => 'NaN');
SELECT pmkt.als_train(NULL);
SELECT pmkt.als_train('SELECT customer_id::float8, product FROM als_rows');
SELECT pmkt.als_train('SELECT customer_id, product::bytea FROM als_rows');
SELECT pmkt.als_train('SELECT customer_id, product, product FROM als_rows');
SELECT pmkt.als_train('SELECT customer_id, product, n, n FROM als_rows');
SELECT pmkt.als_train('SELECT customer_id, product, n FROM als_rows WHERE n <= 0');
SELECT pmkt.als_train('SELECT customer_id, product, ''Infinity''::float8 FROM als_rows');
SELECT pmkt.als_train('SELECT customer_id, product FROM als_rows WHERE false');
SELECT pmkt.als_train('SELECT customer_id, product FROM als_rows', factors => 3, init_user => '{{1,2,3}}');
SELECT pmkt.als_train('SELECT customer_id, product FROM als_rows', factors => 3, init_user => '{{1,2,3}}', init_item => '{{1,2,3}}');
SELECT * FROM als_m, pmkt.recommend(m, 0);
SELECT * FROM als_m, pmkt.recommend(m, 2, NULL, 'random');
SELECT pmkt.als_factors(m, 'both') FROM als_m;
-- beyond pmkt.max_train_memory: 53200 with the budget and the fix
SET pmkt.max_train_memory = '64kB';
SELECT pmkt.als_train('SELECT g % 500, g % 701 FROM generate_series(1, 20000) g', factors => 64);
-- the model itself beyond the budget (checked before it is allocated):
-- 53200, and the size its hint names is enough.  5 000 customers x 65
-- columns (64 factors + the bias) x 8 bytes = 2.6 MB of customer factors;
-- every customer bought item 0, so its solve's work space is another
-- 5 000 x 65 x 8 = 2.6 MB (before, only the customers' longest run was
-- counted and the hinted budget failed later, at the work space): about
-- 5.2 MB + the pairs, the ids, the rows read (whose bytes depend on the
-- allocator) and 8 MB of slack (one block of the largest size for the
-- small pieces), so the hinted budget is printed as a range
SET pmkt.max_train_memory = '1MB';
DO $$
DECLARE
  st text;
  msg text;
  hint text;
  mb int;
BEGIN
  PERFORM pmkt.als_train('SELECT g, (g % 50) * s FROM generate_series(1, 5000) g, (VALUES (0), (1)) v(s)', factors => 64);
EXCEPTION WHEN others THEN
  GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, hint = PG_EXCEPTION_HINT;
  mb := substring(hint FROM 'raise pmkt.max_train_memory to at least ([0-9]+) MB')::int;
  RAISE NOTICE '%: %; hinted budget between 13 and 16 MB: %', st, msg, mb BETWEEN 13 AND 16;
  PERFORM pg_catalog.set_config('pmkt.max_train_memory', mb || 'MB', false);
END $$;
SELECT customers, items, pairs FROM pmkt.als_info(pmkt.als_train('SELECT g, (g % 50) * s FROM generate_series(1, 5000) g, (VALUES (0), (1)) v(s)', factors => 64));
RESET pmkt.max_train_memory;
-- a model is one value, at most 1 GB whatever the budget: 140 000
-- customers x 1 000 factors x 8 bytes = 1 120 000 000 bytes (1 068 MB) of
-- customer factors, + 7 x 1 000 x 8 item factors, 140 001 x 8 pair offsets,
-- 140 000 x 4 pair items and 140 000 x 8 ids = 1 122 856 088 bytes with the
-- 80-byte header: 1 070 MB; 54000 before any allocation (the length word
-- would have been cut)
SELECT pmkt.als_train('SELECT g, g % 7 FROM generate_series(1, 140000) g', factors => 1000, item_bias => false);
-- both recommenders are called pmkt.recommend: a call with two untyped
-- literals (table names) cannot choose, so name the kNN tables' type
CREATE TABLE als_hist AS SELECT customer_id, product AS product_id FROM als_rows WHERE n > 0;
CREATE TABLE als_nb AS SELECT * FROM pmkt.item_neighbors('SELECT customer_id, product_id FROM als_hist');
SELECT count(*) FROM pmkt.recommend('als_hist'::regclass, 'als_nb');
SELECT count(*) FROM pmkt.recommend('als_hist', 'als_nb', 10);
DROP TABLE als_rows, als_ref, als_m, als_ref_b, als_mb, als_copy, als_bin, als_hist, als_nb;
