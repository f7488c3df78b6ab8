-- topics: latent Dirichlet allocation (issue 18, part 4)
-- Reference: test/text/lda_ref.py (Debian python3-sklearn 1.2.1,
-- LatentDirichletAllocation) on the counts of the server's to_tsvector of
-- these 15 texts, started from the same lambda; its printed values are the
-- literals below (components_, perplexity(X), transform of text 1).
CREATE TABLE lda_docs(id int PRIMARY KEY, body text);
INSERT INTO lda_docs VALUES
 (1, 'The delivery was late and the package arrived damaged.'),
 (2, 'Great quality product; the fabric feels soft and durable.'),
 (3, 'Customer service answered quickly and refunded my order.'),
 (4, 'Late delivery again: the courier lost my package twice. Late, late, LATE!'),
 (5, 'Durable material, great quality, the size fits well.'),
 (6, 'The support agent was helpful and the refund came fast.'),
 (7, 'Package tracking was wrong and the delivery took two weeks; the packages were delivered late.'),
 (8, 'Poor quality stitching, the fabric tore after one wash.'),
 (9, 'Nobody from customer service replied to my complaint.'),
 (10, 'Fast delivery, the package arrived early and intact.'),
 (11, 'The colour faded and the material feels cheap.'),
 (12, 'The agent was rude and the refund took a month.'),
 (13, 'Courier left the package at the wrong door, late again.'),
 (14, 'Excellent fabric and the quality of the stitching is great quality.'),
 (15, 'Service was slow but the support agent finally helped.');

-- the vocabulary: lexemes of to_tsvector('english', body) in byte order
-- (56 lexemes; 21 in 2 or more texts)
SELECT count(DISTINCT u.lexeme) AS lexemes FROM lda_docs, unnest(to_tsvector('english', body)) u;
-- the shared start lambda[k][w] = (10 + (7k + 3w) mod 11) / 10
CREATE FUNCTION pg_temp.lda_init(k int, v int) RETURNS float8[] LANGUAGE sql AS
$$ SELECT array_agg(r ORDER BY i) FROM (SELECT i, array_agg((10 + (7 * i + 3 * w) % 11)::float8 / 10 ORDER BY w) r
   FROM generate_series(1, k) i, generate_series(1, v) w GROUP BY i) s $$;
-- E-steps iterated to convergence (mean_change_tol 1e-12), so that the E-step's
-- random start (scikit-learn's and pmkt's generators differ) does not matter
CREATE TABLE lda_m AS
SELECT 'batch3' AS name, pmkt.topics_train('SELECT id, body FROM lda_docs ORDER BY id', 3, max_iter => 5,
         mean_change_tol => 1e-12, max_doc_update_iter => 5000, init_components => pg_temp.lda_init(3, 56)) AS m
UNION ALL
SELECT 'online3', pmkt.topics_train('SELECT id, body FROM lda_docs ORDER BY id', 3, max_iter => 4,
         learning_method => 'online', batch_size => 4,
         mean_change_tol => 1e-12, max_doc_update_iter => 5000, init_components => pg_temp.lda_init(3, 56))
UNION ALL
SELECT 'batch2_mindf2', pmkt.topics_train('SELECT body FROM lda_docs ORDER BY id', 2, max_iter => 8, min_df => 2,
         mean_change_tol => 1e-12, max_doc_update_iter => 5000, init_components => pg_temp.lda_init(2, 21));
SELECT name, array_length(pmkt.topics_vocabulary(m), 1) AS terms, pmkt.topics_model_info(m)->>'words' AS words
FROM lda_m ORDER BY name;
SELECT array_to_string(pmkt.topics_vocabulary(m), ' ') AS vocabulary FROM lda_m WHERE name = 'batch2_mindf2';
CREATE TABLE lda_ref (name text, components float8[], perplexity float8, mix1 float8[]);
-- batch, K = 3, max_iter = 5
INSERT INTO lda_ref VALUES ('batch3', ARRAY[[2.312100755780435,0.3335556550103993,2.3317007581125084,1.3307006311799812,0.33355731596104776,0.33355731596099586,0.3335396476922921,2.029739570089745,0.33375825302723977,1.3314473435067813,1.3323909955282125,4.332094209491358,0.3813926459168509,2.3309158295051007,1.3317608992516097,0.33357026326058964,1.2305189801902914,0.3335573159602532,2.3313507382239473,1.3170111104133022,0.3335310479478541,1.3315864678566356,2.3107358515931864,1.2987348682425421,1.331760899150276,7.3188770921700845,0.3813905796160383,1.332291484991003,1.3191899802803602,1.3312163254908975,0.3335396476931783,0.3335109992896726,0.3335556550140808,6.3139825931996985,0.3335109992887274,1.3299500170176723,2.238438940022015,0.33355565501023643,2.324658606074811,0.3335396476922921,1.3312163254908975,0.33374353333112394,1.331586467851444,0.33353104794791094,1.3299500172058898,0.333529131541487,1.298735286450573,2.3318907172059564,0.33351099928869193,1.3323909955191915,1.3322914850070522,1.3323909955349198,0.3335109992887108,1.3323909955281945,1.3315864678566356,2.030938492904621],[0.33448617615343534,1.3324490689830244,0.33408154141655283,0.33412735309872493,0.33372433625485715,0.33372433625400894,0.33377286577687987,0.6358677845516473,1.3285507855513659,0.33419802094741025,0.3337710995098513,0.33390438410787326,1.2841635163380112,0.33491099216003584,0.33405355608581944,1.332647945765729,2.434880965805423,0.3337243362475404,0.33404822204862944,0.3362049080810266,0.333666537480712,0.3342046920417093,1.3546532772183393,0.33445121388433124,0.33405355610323995,0.34711200460318103,1.2841655861781658,0.3338185474655197,0.3345919786642875,0.33429123009072215,0.3337728657879614,1.3327722340296624,1.3324490689139097,0.35193543161924085,1.3327722340393133,0.3358133703123187,3.4270083858793274,1.3324490689857942,1.33993107148065,0.33377286577687987,0.33429123009072215,1.311959209441581,0.3342046920391592,0.3336665374810146,0.33581337022588326,2.3327447016406304,0.3344512104583126,0.3339916084723532,1.3327722340396122,0.33377109951537265,0.3338185474553514,0.33377109950855305,1.332772234039453,0.3337710995095765,0.3342046920417093,0.634703268221308],[1.3534130680660996,0.3339952760065647,0.3342177004709181,0.33517201572127214,1.3327183477840852,1.332718347784985,1.332687486530818,0.33439264535857705,1.3376909614213728,0.3343546355457864,0.33383790496191573,0.3340014064007494,0.33444383774511005,0.33417317833484295,0.3341855446625493,0.3337817909736699,0.33460005400425347,1.3327183477921964,0.33460103972740274,1.3467839815056395,1.3328024145714241,0.33420884010163376,0.3346108711884429,1.3668139178730954,0.33418554474646256,0.3340109032267132,0.3344438342057683,0.33388996754345646,1.3462180410553215,0.3344924444183584,1.3326874865188505,0.3337167666806537,0.33399527607199786,0.3340819751810392,0.3337167666719479,0.334236612669987,0.3345526740986274,0.33399527600395784,0.3354103224445069,1.332687486530818,0.3344924444183584,2.354297257227274,0.33420884010937557,1.3328024145710649,0.33423661256820486,0.3337261668178717,1.366813503091083,0.3341176743216702,0.3337167666716846,0.3338379049654153,0.3338899675375757,0.3338379049565066,0.33371676667182476,0.3338379049622086,0.33420884010163376,0.3343582388740404]], 94.07052495084689, ARRAY[0.8882533191591283, 0.055852420330550726, 0.05589426051032095]);
-- online, K = 3, max_iter = 4, batch_size = 4 (4 mini-batches per pass)
INSERT INTO lda_ref VALUES ('online3', ARRAY[[0.5025604411303256,0.4193936690775361,2.0488430461999867,0.48031711135834554,0.3999495376845644,0.4294831496441577,0.45906058527706906,2.4998572159316748,0.41087327021159187,1.1580237726013836,1.264933717987455,3.6325317867077365,1.692871538315075,1.9686595133878424,1.3538757930080232,0.4012352722241081,1.1304034673935208,0.4589776205093529,1.3606747165136983,1.1211496196877444,0.4418611780060287,1.2599714162943119,2.0411652155237174,0.4202203745279726,1.3209260486929981,6.2056273796865,1.6729808931428656,1.1501064126003815,1.2474120349338356,0.4921016383157895,0.40973139962719757,0.44051409733184943,0.46999258573578645,5.726435372117644,0.4192784929160107,1.1671161753789312,2.0053843245595115,0.39966513597210557,0.4305525702995469,0.45906058527706906,0.4921016383157895,0.4114077534442355,1.2314661388320356,0.4710814319446575,1.2178541141512493,0.4206866945793359,0.4519993116887392,1.2920858326380726,0.39957423159476174,1.2243420561382388,1.1809890245892638,1.286392012279193,0.4094290553146302,1.2361272875468134,1.2599714162943119,2.5841072712646103],[3.42377518589701,1.2094832214082385,0.4109020578149559,1.2343473455928187,0.470604031339601,0.49985296031672416,0.44478486367774495,0.4506846754195803,1.2780361608275799,0.4003683434630102,0.4291595941406915,0.4608429146592614,0.495137841177088,0.41119100985492163,0.4404242023477554,1.7515464756014636,2.6068987259883865,0.419593643175589,1.2535939753505838,0.4877974741356722,1.6715743585420044,0.4300008705952185,1.7280257306000002,2.573068386208903,0.4106998280595675,0.4424147336104628,0.4761325247856343,0.49903683642469393,0.42180436636159574,1.3209638489258169,0.5309694371799034,1.1922063336776905,1.1456666343455555,0.4615740738126717,1.2850649763703503,0.4111320290403997,3.8201724852466246,1.1905491651925602,2.90308536950553,0.44478486367774495,1.3209638489258169,2.5753960302338235,0.40032657503273683,1.7018632468885881,0.46084066160171216,2.574052693311056,2.4875511625743334,1.3037970670042744,1.2660444418151509,0.4992761302537936,0.4192004386174584,0.4488233570558474,1.2755484230788743,0.39963497474640175,0.4300008705952185,0.46059595638013273],[0.42288526779023505,0.45081201399012627,0.48393525220731176,0.40100051470014253,1.305571152462267,1.3345760936399518,1.3405584252872638,0.4109240024301441,1.245016760503699,0.47252596501461475,0.4996049769581816,0.4213929915023259,0.45467170295028364,0.48386175378561613,0.4013330554894017,0.43137434654061907,0.46671206102822776,1.3658326105571368,0.41415855493025405,1.324979097719449,0.4804747224975269,0.5037260021967974,0.42506914360703424,0.45292402361682443,0.4835155034513672,0.40184889243081334,0.4350426764376768,0.4598081494889547,1.3787191748578682,0.41183005764170794,1.2646863787174631,0.4731903759623861,0.5030463431120664,0.42182110283512947,0.45033816108246,0.4819323706978115,0.4052411477444726,0.43094961523496833,0.46234494172530977,1.3405584252872638,0.41183005764170794,1.2386535618496899,0.47411809310715386,0.5087530623267181,0.4205024580816943,0.45147339646330786,0.48715398073186733,0.40328185311405557,0.4305379688826411,0.46032593801491556,0.48925360594855466,0.40971209635440076,0.44044165793718265,0.4701485446787116,0.5037260021967974,0.4210178860677103]], 90.05089162598564, ARRAY[0.8874858630316962, 0.05596485992981269, 0.056549277038491136]);
-- batch, K = 2, max_iter = 8, min_df = 2
INSERT INTO lda_ref VALUES ('batch2_mindf2', ARRAY[[0.5060323022295686,1.8256455543455703,2.4954293769117735,0.5077498274006593,4.425924799353316,0.5543154784829017,3.338570037807271,0.6300709147197521,0.5504996362359008,1.8020931859564342,0.5087513731350711,7.495166318745057,0.5118598782176487,6.4659255290966655,4.3161857203436895,0.5060278417363677,0.5069329765624019,2.4921283508721883,0.5087434061338616,1.5238965079904636,2.494822818596613],[3.493967697770421,1.1743544456544064,0.5045706230882164,2.4922501725993307,0.5740752006466712,2.4456845215170855,0.6614299621927131,2.369929085280232,2.449500363764087,2.1979068140435465,2.4912486268649188,0.5048336812549317,2.488140121782341,0.5340744709033227,1.68381427965629,3.4939721582636225,3.4930670234375887,0.5078716491278013,2.491256593866128,1.4761034920095177,0.5051771814033768]], 28.286007890098283, ARRAY[0.8942071000552776, 0.10579289994472228]);
-- components_ to 1e-6 (absolute and relative), perplexity and transform to 1e-6
SELECT r.name,
       (SELECT max(abs(a - b)) FROM unnest(pmkt.topics_components(m.m), r.components) u(a, b)) < 1e-6 AS components_abs,
       (SELECT max(abs(a - b) / b) FROM unnest(pmkt.topics_components(m.m), r.components) u(a, b)) < 1e-6 AS components_rel,
       abs(pmkt.topics_perplexity(m.m, 'SELECT body FROM lda_docs') / r.perplexity - 1) < 1e-6 AS perplexity,
       abs((pmkt.topics_model_info(m.m)->>'perplexity')::float8 / r.perplexity - 1) < 1e-6 AS training_perplexity,
       (SELECT max(abs(a - b)) FROM unnest(pmkt.topic_mixture(m.m, (SELECT body FROM lda_docs WHERE id = 1)), r.mix1) u(a, b)) < 1e-6 AS mixture
FROM lda_ref r JOIN lda_m m USING (name) ORDER BY r.name;

-- seeded training: same seed, same model; another seed, another model
SELECT pmkt.topics_train('SELECT id, body FROM lda_docs ORDER BY id', 3, seed => 7)::text
     = pmkt.topics_train('SELECT id, body FROM lda_docs ORDER BY id', 3, seed => 7)::text AS same_seed_same_model,
       pmkt.topics_train('SELECT id, body FROM lda_docs ORDER BY id', 3, seed => 7)::text
    <> pmkt.topics_train('SELECT id, body FROM lda_docs ORDER BY id', 3, seed => 8)::text AS other_seed_other_model;
-- topic_terms: n per topic, weights = shares of the topic's lambda (hand check:
-- the 2-topic model's weights of all 21 terms sum to 1 per topic)
SELECT topic, count(*) AS terms, round(sum(weight)::numeric, 12) AS weight_sum
FROM lda_m, pmkt.topic_terms(m, 100) WHERE name = 'batch2_mindf2' GROUP BY topic ORDER BY topic;
-- (scikit-learn's components_ rows: late 7.495, packag 6.466, deliveri 4.426;
-- refund 3.4939722, agent 3.4939677, servic 3.4930670)
SELECT topic, rank, term FROM lda_m, pmkt.topic_terms(m, 3) WHERE name = 'batch2_mindf2' ORDER BY topic, rank;
-- topic_mixture: sums to 1; NULL in, NULL out; no known lexeme: equal shares
SELECT round((SELECT sum(x) FROM unnest(pmkt.topic_mixture(m, 'late package')) x)::numeric, 12) AS total,
       pmkt.topic_mixture(m, NULL) IS NULL AS null_text,
       pmkt.topic_mixture(m, '') AS empty_text,
       pmkt.topic_mixture(m, 'the and of') AS stop_words_only
FROM lda_m WHERE name = 'batch2_mindf2';
-- one pass over a table (the decoded model cached per call site): every
-- text's shares sum to 1
SELECT count(*) AS texts,
       count(*) FILTER (WHERE abs((SELECT sum(x) FROM unnest(pmkt.topic_mixture(m, d.body)) x) - 1) < 1e-12) AS sum_to_1
FROM lda_m, lda_docs d WHERE name = 'batch2_mindf2';
-- NULL texts are skipped and counted (NOTICE); a (text)-only query works
SELECT pmkt.topics_model_info(pmkt.topics_train('SELECT body FROM lda_docs UNION ALL SELECT NULL', 2, seed => 1))
       ->> 'skipped_null' AS skipped;
-- exact text round trip, binary round trip, registry
SELECT m::text::pmkt.topicmodel::text = m::text AS text_round_trip FROM lda_m WHERE name = 'online3';
CREATE TABLE lda_bin_in (b bytea);
CREATE TABLE lda_bin_out (m pmkt.topicmodel);
INSERT INTO lda_bin_in SELECT pmkt.topicmodel_send(m) FROM lda_m WHERE name = 'online3';
DO $$
DECLARE f text := '/tmp/pmkt_topics_' || pg_backend_pid() || '.bin';
BEGIN
  EXECUTE format('COPY lda_bin_in TO %L (FORMAT binary)', f);
  EXECUTE format('COPY lda_bin_out FROM %L (FORMAT binary)', f);
  EXECUTE format('COPY (SELECT WHERE false) TO PROGRAM %L', 'rm -f ' || f);  -- leave no file behind
END $$;
SELECT o.m::text = m.m::text AS binary_round_trip FROM lda_bin_out o, lda_m m WHERE m.name = 'online3';
SELECT pmkt.save_model('topics-test', 'lda', m, '{}'::jsonb) AS version FROM lda_m WHERE name = 'batch3';
SELECT (pmkt.latest_model('topics-test')).model::pmkt.topicmodel::text = m::text AS restored
FROM lda_m WHERE name = 'batch3';
-- evaluate_every: perplexity checked every pass, stops once it changes by < perp_tol
SELECT (pmkt.topics_model_info(pmkt.topics_train('SELECT body FROM lda_docs', 2, seed => 1, max_iter => 500,
          evaluate_every => 1, perp_tol => 1e-3))->>'n_iter')::int < 500 AS stopped_early;

-- bad input: SQLSTATEs, never a crash
\set VERBOSITY sqlstate
SELECT pmkt.topics_train('SELECT body FROM lda_docs', 0);                          -- n_topics < 1: 22023
SELECT pmkt.topics_train('SELECT body FROM lda_docs', NULL);                       -- 22004
SELECT pmkt.topics_train('SELECT body FROM lda_docs WHERE false', 2);              -- empty corpus: 22023
SELECT pmkt.topics_train('SELECT NULL::text FROM lda_docs', 2);                    -- only NULL texts: NOTICE, 22023
SELECT pmkt.topics_train('SELECT ''the and of''::text', 2);                         -- only stop words: 22023
SELECT pmkt.topics_train('SELECT body FROM lda_docs', 2, min_df => 100);           -- empty vocabulary: 22023
SELECT pmkt.topics_train('SELECT body FROM lda_docs', 2, config => 'klingon');     -- unknown config: 42704
SELECT pmkt.topics_train('SELECT body FROM lda_docs', 2, config => NULL);          -- 22004
SELECT pmkt.topics_train('SELECT body FROM lda_docs', 2, learning_method => 'x');  -- 22023
SELECT pmkt.topics_train('SELECT body FROM lda_docs', 2, max_df => 0);             -- 22023
SELECT pmkt.topics_train('SELECT body FROM lda_docs', 2, learning_decay => 0.4);   -- 22023
SELECT pmkt.topics_train('SELECT body FROM lda_docs', 2, doc_topic_prior => 'NaN'); -- 22023
SELECT pmkt.topics_train('SELECT id FROM lda_docs', 2);                            -- not text: 42804
SELECT pmkt.topics_train('SELECT id, id, body FROM lda_docs', 2);                  -- 3 columns: 42804
SELECT pmkt.topics_train('SELECT body FROM lda_docs', 2,
  init_components => array_fill('NaN'::float8, ARRAY[2, 56]));                     -- non-finite init: 22023
SELECT pmkt.topics_train('SELECT body FROM lda_docs', 2,
  init_components => array_fill('Infinity'::float8, ARRAY[2, 56]));                -- 22023
SELECT pmkt.topics_train('SELECT body FROM lda_docs', 2,
  init_components => array_fill(0::float8, ARRAY[2, 56]));                         -- not positive: 22023
SELECT pmkt.topics_train('SELECT body FROM lda_docs', 2,
  init_components => array_fill(1::float8, ARRAY[2, 55]));                         -- wrong shape: 2202E
SELECT pmkt.topics_train('SELECT body FROM lda_docs', 2,
  init_components => array_fill(1::float8, ARRAY[3, 56]));                         -- 2202E
SELECT pmkt.topics_train('SELECT body FROM lda_docs', 2,
  init_components => ARRAY[1, NULL]::float8[]);                                    -- 2202E
SELECT pmkt.topics_train('SELECT nope FROM lda_docs', 2);                          -- 42703
SELECT pmkt.topic_terms(m, 0) FROM lda_m WHERE name = 'batch3';                    -- 22023
SELECT pmkt.topics_perplexity(m, 'SELECT body FROM lda_docs WHERE false') FROM lda_m WHERE name = 'batch3';  -- 22023
SELECT pmkt.topics_perplexity(m, 'SELECT ''zzz qqq''::text') FROM lda_m WHERE name = 'batch3';  -- no known word: 22023
SELECT 'abc'::pmkt.topicmodel;                                                     -- 22P02
SELECT '00112233'::pmkt.topicmodel;                                                -- 22P02 (too short)
SELECT overlay(m::text placing 'ff' from 9 for 2)::pmkt.topicmodel FROM lda_m WHERE name = 'batch3';  -- bad magic: 22023
SELECT overlay(m::text placing '000000000000f87f' from 153 for 16)::pmkt.topicmodel FROM lda_m WHERE name = 'batch3'; -- NaN doc_topic_prior: 22023
SELECT overlay(m::text placing '000000000000f87f' from 729 for 16)::pmkt.topicmodel FROM lda_m WHERE name = 'batch3'; -- NaN lambda[1][1]: 22023
SELECT overlay(m::text placing '00' from 3423 for 2)::pmkt.topicmodel FROM lda_m WHERE name = 'batch3'; -- a NUL inside the strings: 22023
SELECT substr(m::text, 1, length(m::text) - 2)::pmkt.topicmodel FROM lda_m WHERE name = 'batch3';  -- wrong size: 22023
SET pmkt.max_train_memory = '64kB';
SELECT pmkt.topics_train('SELECT body FROM lda_docs, generate_series(1, 200)', 2) IS NULL;  -- 3000 texts: 53200
SELECT pmkt.topics_train('SELECT body FROM lda_docs', 1000) IS NULL;               -- 1000 x 56 lambda (3 copies): 53200
RESET pmkt.max_train_memory;
\set VERBOSITY default
SELECT pmkt.topics_train('SELECT body FROM lda_docs', 0);
SELECT pmkt.topics_train('SELECT body FROM lda_docs', 2, min_df => 100);
SELECT pmkt.topics_train('SELECT body FROM lda_docs', 2,
  init_components => array_fill('NaN'::float8, ARRAY[2, 56]));
DELETE FROM pmkt.model_registry WHERE name = 'topics-test';
DROP TABLE lda_docs, lda_m, lda_ref, lda_bin_in, lda_bin_out;
