#!/usr/bin/python3
"""Reference values for sql/experiment/experiment.sql (issue 15).

Independent of pmkt's sums: every figure is computed from the unit rows
(numpy arrays) with scipy / statsmodels, the sequential and Bayesian figures
by numerical integration (scipy.integrate.quad) of the mixture likelihood
ratio and of the posterior.  Run: /usr/bin/python3 test/experiment/experiment_ref.py
"""
import numpy as np
from scipy import stats, integrate, optimize
from statsmodels.stats.proportion import proportions_ztest, confint_proportions_2indep
from statsmodels.stats.multitest import multipletests
import statsmodels.api as sm

g = np.arange(1, 601)
variant = np.where(g % 3 == 0, 'control', np.where(g % 3 == 1, 'a', 'b'))
u1 = ((g * 2654435761) % 1000003) / 1000003.0
u2 = ((g * 40503) % 65521) / 65521.0
xfull = 10 + 5 * u1 + (g % 7)
pre = np.where(g % 50 == 0, np.nan, xfull)
spend = 0.8 * xfull + 3 * u2 + np.where(variant == 'a', 0.5, 0.0)
visits = (1 + g % 4).astype(float)
conv = (u2 < 0.3 + np.where(variant == 'a', 0.08, 0.0)).astype(float)
ALPHA = 0.05
Z = stats.norm.ppf(1 - ALPHA / 2)


def welch(yv, yc):
    t = stats.ttest_ind(yv, yc, equal_var=False)
    vv, vc = yv.var(ddof=1) / len(yv), yc.var(ddof=1) / len(yc)
    df = (vv + vc) ** 2 / (vv ** 2 / (len(yv) - 1) + vc ** 2 / (len(yc) - 1))
    d = yv.mean() - yc.mean()
    q = stats.t.ppf(1 - ALPHA / 2, df)
    se = np.sqrt(vv + vc)
    mv, mc = yv.mean(), yc.mean()
    vr = vv / mc ** 2 + mv ** 2 * vc / mc ** 4
    rel = mv / mc - 1
    return dict(mv=mv, mc=mc, lift=d, lo=d - q * se, hi=d + q * se, t=t.statistic, df=df, p=t.pvalue,
                rel=rel, rlo=rel - Z * np.sqrt(vr), rhi=rel + Z * np.sqrt(vr), se=se, relvar=vr)


def show(title, rows, keys):
    print('--', title)
    for name, r in rows:
        print('--  %s: %s' % (name, ', '.join('%s %.10g' % (k, r[k]) for k in keys)))


# plain Welch
res = {v: welch(spend[variant == v], spend[variant == 'control']) for v in ('a', 'b')}
ps = [res[v]['p'] for v in ('a', 'b')]
holm = multipletests(ps, method='holm')[1]
bh = multipletests(ps, method='fdr_bh')[1]
for i, v in enumerate(('a', 'b')):
    res[v]['holm'], res[v]['bh'] = holm[i], bh[i]
show('Welch (scipy ttest_ind equal_var=False; statsmodels multipletests holm / fdr_bh)', res.items(),
     ['mv', 'mc', 'lift', 'lo', 'hi', 'rel', 'rlo', 'rhi', 't', 'df', 'p', 'holm', 'bh'])

# CUPED: theta from the pooled covariate rows, Welch on adjusted values
ok = ~np.isnan(pre)
theta = np.cov(pre[ok], spend[ok])[0, 1] / pre[ok].var(ddof=1)
adj = spend - theta * (pre - pre[ok].mean())
cup = {}
for v in ('a', 'b'):
    sv, sc = ok & (variant == v), ok & (variant == 'control')
    r = welch(adj[sv], adj[sc])
    raw = spend[sv].var(ddof=1) / sv.sum() + spend[sc].var(ddof=1) / sc.sum()
    r['vr'] = 1 - r['se'] ** 2 / raw
    r['nv'], r['nc'] = sv.sum(), sc.sum()
    # OLS with the covariate and arm dummies, for comparison (within-arm slope)
    X = np.column_stack([np.ones(ok.sum()), (variant[ok] == 'a'), (variant[ok] == 'b'), pre[ok]]).astype(float)
    ols = sm.OLS(spend[ok], X).fit()
    r['ols'] = ols.params[1 if v == 'a' else 2]
    r['ols_se'] = ols.bse[1 if v == 'a' else 2]
    cup[v] = r
print('-- CUPED theta %.12g (pooled covariate rows, %d of 600 units)' % (theta, ok.sum()))
show('CUPED: Welch on y - theta (x - mean x); OLS y ~ arm + x for comparison', cup.items(),
     ['nv', 'nc', 'lift', 'lo', 'hi', 't', 'df', 'p', 'vr', 'ols', 'ols_se'])

# sequential: normal mixture, by numerical integration of the likelihood ratio
EXPN = 1000
la = -2 * np.log(ALPHA)
rho2 = (la + np.log(la + 1)) / EXPN


def mixture_lambda(est, se, N):
    tau2 = se ** 2 * N * rho2         # mixing variance of the effect
    f = lambda th: stats.norm.pdf(est, th, se) / stats.norm.pdf(est, 0, se) * stats.norm.pdf(th, 0, np.sqrt(tau2))
    s = np.sqrt(tau2)
    return integrate.quad(f, -12 * s, 12 * s, points=[est], limit=200)[0]


seq = {}
for v in ('a', 'b'):
    r = res[v]
    N = 400
    lam = mixture_lambda(r['lift'], r['se'], N)
    # always-valid interval: the effects theta0 not rejected (Lambda(est - theta0) < 1/alpha)
    g0 = lambda th0: mixture_lambda(r['lift'] - th0, r['se'], N) - 1 / ALPHA
    lo = optimize.brentq(g0, r['lift'] - 20 * r['se'], r['lift'])
    hi = optimize.brentq(g0, r['lift'], r['lift'] + 20 * r['se'])
    # Bayesian, flat prior: posterior of the relative lift N(rel, relvar)
    mu, sd = r['rel'], np.sqrt(r['relvar'])
    pbeat = integrate.quad(lambda l: stats.norm.pdf(l, mu, sd), 0, mu + 40 * sd)[0]
    loss = integrate.quad(lambda l: -l * stats.norm.pdf(l, mu, sd), mu - 40 * sd, 0)[0]
    mde = (Z + stats.norm.ppf(0.8)) * r['se']
    seq[v] = dict(seq_lo=lo, seq_hi=hi, seq_p=min(1, 1 / lam), pbeat=pbeat, loss=loss,
                  cr_lo=mu - Z * sd, cr_hi=mu + Z * sd, mde=mde)
show('sequential (expected_n 1000: mixture LR by quadrature) and Bayesian flat prior (quadrature)', seq.items(),
     ['seq_lo', 'seq_hi', 'seq_p', 'pbeat', 'loss', 'cr_lo', 'cr_hi', 'mde'])

# Bayesian with prior N(0, 0.05^2) on the relative lift: posterior by quadrature
bay = {}
for v in ('a', 'b'):
    r = res[v]
    like = lambda l: stats.norm.pdf(r['rel'], l, np.sqrt(r['relvar'])) * stats.norm.pdf(l, 0, 0.05)
    Zn = integrate.quad(like, -1, 1, limit=200)[0]
    m1 = integrate.quad(lambda l: l * like(l), -1, 1, limit=200)[0] / Zn
    m2 = integrate.quad(lambda l: l * l * like(l), -1, 1, limit=200)[0] / Zn
    sd = np.sqrt(m2 - m1 ** 2)
    pbeat = integrate.quad(like, 0, 1, limit=200)[0] / Zn
    loss = integrate.quad(lambda l: -l * like(l), -1, 0, limit=200)[0] / Zn
    bay[v] = dict(pbeat=pbeat, loss=loss, cr_lo=m1 - Z * sd, cr_hi=m1 + Z * sd)
show('Bayesian, prior N(0, 0.05^2): posterior by quadrature', bay.items(), ['pbeat', 'loss', 'cr_lo', 'cr_hi'])

# two proportions
pr = {}
for v in ('a', 'b'):
    cv, cc = conv[variant == v], conv[variant == 'control']
    z, p = proportions_ztest([cv.sum(), cc.sum()], [len(cv), len(cc)])
    lo, hi = confint_proportions_2indep(cv.sum(), len(cv), cc.sum(), len(cc), method='wald')
    pr[v] = dict(pv=cv.mean(), pc=cc.mean(), z=z, p=p, lo=lo, hi=hi)
show('two proportions (statsmodels proportions_ztest, confint_proportions_2indep wald)', pr.items(),
     ['pv', 'pc', 'z', 'p', 'lo', 'hi'])

# ratio metric spend / visits by the delta method (formula on unit arrays)
rat, allp = {}, []
for v in ('a', 'b'):
    def arm(m):
        y, d = spend[m], visits[m]
        n = len(y)
        my, md = y.mean(), d.mean()
        C = np.cov(y, d)
        var = (C[0, 0] / md ** 2 - 2 * my * C[0, 1] / md ** 3 + my ** 2 * C[1, 1] / md ** 4) / n
        return y.sum() / d.sum(), var
    rv, vv = arm(variant == v)
    rc, vc = arm(variant == 'control')
    se = np.sqrt(vv + vc)
    z = (rv - rc) / se
    rat[v] = dict(mv=rv, mc=rc, lift=rv - rc, lo=rv - rc - Z * se, hi=rv - rc + Z * se, z=z,
                  p=2 * stats.norm.sf(abs(z)))
    dnum = welch(spend[variant == v], spend[variant == 'control'])
    dden = welch(visits[variant == v], visits[variant == 'control'])
    allp += [dnum['p'], dden['p'], rat[v]['p']]
show('ratio spend / visits, delta method', rat.items(), ['mv', 'mc', 'lift', 'lo', 'hi', 'z', 'p'])
print('-- ratio report p-values (a num, den, ratio, b num, den, ratio):', ['%.12f' % p for p in allp])
print('--   holm:', ['%.12f' % p for p in multipletests(allp, method='holm')[1]])
print('--   bh:  ', ['%.12f' % p for p in multipletests(allp, method='fdr_bh')[1]])

# SRM
keep = ~((variant == 'b') & (g % 3 == 2) & (g % 9 < 4))
cnt = [np.sum(keep & (variant == v)) for v in ('control', 'a', 'b')]
print('-- SRM counts', cnt, 'chisquare p %.15g' % stats.chisquare(cnt).pvalue)
print('-- SRM split 2:1:1 p %.15g' % stats.chisquare([200, 200, 200], [300, 150, 150]).pvalue)

# GROUP BY unit % 2
for h in (0, 1):
    m = g % 2 == h
    print('-- half %d lifts:' % h, ['%.10f' % (spend[m & (variant == v)].mean() - spend[m & (variant == 'control')].mean())
                                   for v in ('a', 'b')])

pp = [0.01, 0.04, 0.03, 0.005]
print('-- p_adjust holm', multipletests(pp, method='holm')[1], 'bh', multipletests(pp, method='fdr_bh')[1])
