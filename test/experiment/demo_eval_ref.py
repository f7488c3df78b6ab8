#!/usr/bin/python3
"""Reference values for sql/experiment/evaluation.sql (issue 15, point 5).

Reads the demo's experiment_units rows (CSV with a header: unit_id,
experiment, variant, spend, visits, pre_spend) as exported by
  \\copy (SELECT unit_id, experiment, variant, spend, visits, pre_spend
          FROM exp_eval.experiment_units ORDER BY unit_id) TO 'units.csv' CSV HEADER
after SELECT pmkt.generate_demo('exp_eval', 10000, 7), and computes every
figure of pmkt.evaluation_experiment independently of pmkt's sums: scipy
chisquare (SRM), ttest_ind(equal_var=False) (Welch), CUPED by hand (theta =
cov(x, y) / var(x) over the experiment's pooled units with a pre_spend; Welch
on y - theta (x - mean x)) checked against OLS y ~ arm + x, the delta-method
ratio, statsmodels multipletests (Holm over an experiment's rows).
Run: /usr/bin/python3 test/experiment/demo_eval_ref.py units.csv
"""
import sys
import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.multitest import multipletests
import statsmodels.api as sm

Z = stats.norm.ppf(0.975)
df = pd.read_csv(sys.argv[1])


def welch(yv, yc):
    t = stats.ttest_ind(yv, yc, equal_var=False)
    vv, vc = yv.var(ddof=1) / len(yv), yc.var(ddof=1) / len(yc)
    dfree = (vv + vc) ** 2 / (vv ** 2 / (len(yv) - 1) + vc ** 2 / (len(yc) - 1))
    q = stats.t.ppf(0.975, dfree)
    se = np.sqrt(vv + vc)
    mv, mc = yv.mean(), yc.mean()
    rvar = vv / mc ** 2 + mv ** 2 * vc / mc ** 4
    rel = mv / mc - 1
    return dict(nv=len(yv), nc=len(yc), mv=mv, mc=mc, lift=mv - mc, lo=mv - mc - q * se, hi=mv - mc + q * se,
                p=t.pvalue, rel=rel, rlo=rel - Z * np.sqrt(rvar), rhi=rel + Z * np.sqrt(rvar), se=se)


def ratio(yv, dv, yc, dc):
    def arm(y, d):
        my, md = y.mean(), d.mean()
        C = np.cov(y, d)
        return y.sum() / d.sum(), (C[0, 0] / md ** 2 - 2 * my * C[0, 1] / md ** 3 + my ** 2 * C[1, 1] / md ** 4) / len(y)
    rv, vv = arm(yv, dv)
    rc, vc = arm(yc, dc)
    se = np.sqrt(vv + vc)
    return dict(nv=len(yv), nc=len(yc), mv=rv, mc=rc, lift=rv - rc, rel=rv / rc - 1,
                p=2 * stats.norm.sf(abs((rv - rc) / se)))


for exp, e in df.groupby('experiment'):
    names = sorted(e.variant.unique())
    control = 'control'
    counts = [int((e.variant == v).sum()) for v in names]
    # the report orders the split control first, then the variants by name
    order = [control] + [v for v in names if v != control]
    cnt = [int((e.variant == v).sum()) for v in order]
    srm = stats.chisquare(cnt).pvalue
    print('-- %s: units %s, SRM chisquare p %.15g (flagged: %s)' % (exp, dict(zip(order, cnt)), srm, srm < 0.001))
    ok = e.pre_spend.notna()
    x, y = e.pre_spend[ok].to_numpy(), e.spend[ok].to_numpy()
    theta = np.cov(x, y)[0, 1] / x.var(ddof=1)
    adj = y - theta * (x - x.mean())
    var_ok = e.variant[ok].to_numpy()
    rows = []
    for v in order[1:]:
        r = welch(adj[var_ok == v], adj[var_ok == control])
        raw = y[var_ok == v].var(ddof=1) / (var_ok == v).sum() + y[var_ok == control].var(ddof=1) / (var_ok == control).sum()
        r['vr'] = 1 - r['se'] ** 2 / raw
        X = np.column_stack([np.ones(len(y))] + [(var_ok == w).astype(float) for w in order[1:]] + [x])
        ols = sm.OLS(y, X).fit()
        r['ols'] = ols.params[order[1:].index(v) + 1]
        rows.append(('spend', v, r))
        rows.append(('visits', v, welch(e.visits[e.variant == v].to_numpy(float), e.visits[e.variant == control].to_numpy(float))))
        rows.append(('spend_per_visit', v, ratio(e.spend[e.variant == v].to_numpy(), e.visits[e.variant == v].to_numpy(float),
                                                 e.spend[e.variant == control].to_numpy(), e.visits[e.variant == control].to_numpy(float))))
    rows.sort(key=lambda t: (t[0], t[1]))
    holm = multipletests([r['p'] for _, _, r in rows], method='holm')[1]
    print('--   CUPED theta %.12g over %d units with pre_spend' % (theta, ok.sum()))
    for (m, v, r), h in zip(rows, holm):
        extra = ''
        if m == 'spend':
            extra = ', CUPED lift %.10g [%.10g, %.10g], variance reduction %.10g, OLS y ~ arm + x lift %.10g' % (
                r['lift'], r['lo'], r['hi'], r['vr'], r['ols'])
        print('--   %s %s: n %d / %d, means %.10g / %.10g, relative lift %.10g, p %.10g, holm %.10g%s' % (
            m, v, r['nv'], r['nc'], r['mv'], r['mc'], r['rel'], r['p'], h, extra))
