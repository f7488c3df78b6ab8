#!/usr/bin/python3
"""pmkt_digamma (src/text/lda.c) against scipy.special.psi: compiles the
function alone with gcc and compares on 40 003 points in [1e-8, 1e8].
Result (2026-12-04): max |pmkt - scipy| / max(|psi|, 1) = 1.2e-15.
Run: /usr/bin/python3 test/text/lda_digamma.py"""
import os, re, subprocess, tempfile
import numpy as np
from scipy.special import psi

src = open(os.path.join(os.path.dirname(__file__), '../../src/text/lda.c')).read()
body = re.search(r'^pmkt_digamma\(double x\)\n\{.*?^\}', src, re.S | re.M).group(0)
prog = ('#include <stdio.h>\n#include <math.h>\n#define get_float8_nan() NAN\ndouble\n' + body +
        '\nint main(void){double x; while (scanf("%lf", &x) == 1) printf("%.17g\\n", pmkt_digamma(x)); return 0;}\n')
with tempfile.TemporaryDirectory() as d:
    open(d + '/dg.c', 'w').write(prog)
    subprocess.run(['gcc', '-O2', '-o', d + '/dg', d + '/dg.c', '-lm'], check=True)
    xs = np.concatenate([np.logspace(-8, 8, 20000), np.linspace(0.01, 20, 20000),
                         [1.4616321449683622, 1e-300, 1e300]])
    out = subprocess.run([d + '/dg'], input='\n'.join(repr(float(x)) for x in xs),
                         capture_output=True, text=True, check=True).stdout.split()
mine = np.array([float(v) for v in out])
err = np.abs(mine - psi(xs)) / np.maximum(np.abs(psi(xs)), 1)
print('max |pmkt - scipy| / max(|psi|, 1) = %.2g at x = %r' % (err.max(), xs[err.argmax()]))
assert err.max() < 1e-14
