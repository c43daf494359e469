#!/usr/bin/env python3
"""Reference values for src/readiness/distribution-tests.ts, computed with scipy 1.17 and
numpy (python3 with both installed). Run:
  python3 test/reference/ge/ge-distributions.py > test/reference/ge/ge-distributions.json
The samples are drawn here with a fixed seed and written into the fixture, so the TypeScript
side reads the same numbers. Functions used: scipy.stats.kstest (method='auto': kstwo.sf for
n <= 10000, kstwobign.sf beyond), scipy.stats.{norm,uniform,expon,gamma,beta,chi2}.cdf,
scipy.stats.chisquare, scipy.stats.chi2.sf, scipy.stats.entropy, scipy.stats.chi2_contingency."""
import json
import math

import numpy as np
from scipy import stats

rng = np.random.default_rng(20261202)


def f(v):
    return float(v)


DISTS = [
    ("norm", {"mean": 0.5, "std_dev": 2}, stats.norm(0.5, 2), lambda n: rng.normal(0.5, 2, n)),
    ("uniform", {"loc": -5, "scale": 11}, stats.uniform(-5, 11), lambda n: rng.uniform(-5, 6, n)),
    ("expon", {"loc": 4.2, "scale": 10}, stats.expon(4.2, 10), lambda n: 4.2 + rng.exponential(10, n)),
    ("gamma", {"alpha": 2, "loc": 20, "scale": 3}, stats.gamma(2, 20, 3), lambda n: 20 + rng.gamma(2, 3, n)),
    ("beta", {"alpha": 0.5, "beta": 10, "loc": 5, "scale": 11}, stats.beta(0.5, 10, 5, 11), lambda n: 5 + 11 * rng.beta(0.5, 10, n)),
    ("chi2", {"df": 30, "loc": 3, "scale": 5}, stats.chi2(30, 3, 5), lambda n: 3 + 5 * rng.chisquare(30, n)),
]

ks = []
for name, params, dist, draw in DISTS:
    for n, shift in [(40, 0.0), (500, 0.0), (500, 0.15)]:
        x = draw(n)
        x = x + shift * float(np.std(x))
        r = stats.kstest(x, dist.cdf)
        ks.append({"distribution": name, "params": params, "values": [f(v) for v in x], "statistic": f(r.statistic), "p_value": f(r.pvalue)})

cdfs = []
for name, params, dist, draw in DISTS:
    xs = [f(v) for v in draw(5)]
    cdfs.append({"distribution": name, "params": params, "x": xs, "cdf": [f(dist.cdf(v)) for v in xs]})

# The exact and limiting distributions of D_n over a grid (kstwo.sf, kstwobign.sf).
kstwo = [{"d": d, "n": n, "sf": f(stats.kstwo.sf(d, n))} for n in [5, 20, 100, 1000, 10000] for d in [0.01, 0.03, 0.08, 0.2, 0.45]]
kstwobign = [{"x": x, "sf": f(stats.kstwobign.sf(x))} for x in [0.4, 0.8, 1.0, 1.36, 2.0]]

chisq = []
for observed, expected in [([540, 320, 140], [540, 320, 140]), ([1000, 0, 0], [1000 / 3] * 3), ([30, 25, 20, 25], [25, 25, 25, 25]), ([12, 7, 3, 2], [9, 8, 4, 3])]:
    r = stats.chisquare(observed, expected)
    chisq.append({"observed": observed, "expected": expected, "statistic": f(r.statistic), "p_value": f(r.pvalue)})

entropy = []
for pk, qk in [([0.54, 0.32, 0.14], [1 / 3] * 3), ([2, 1, 1], [0.6, 0.4 * 0.9, 0.1]), ([0.1, 0.2, 0.3, 0.4], [0.25] * 4), ([0, 3, 1], [0.2, 0.5, 0.3])]:
    entropy.append({"pk": pk, "qk": qk, "kl": f(stats.entropy(pk, qk))})

phi = []
for table in [[[10, 0], [0, 10]], [[12, 5], [7, 9]], [[3, 1, 4], [1, 5, 9], [2, 6, 5]], [[5, 5, 5], [5, 5, 5]]]:
    t = np.array(table)
    chi2 = stats.chi2_contingency(t)[0]
    phi.append({"table": table, "phi": f(max(min(math.sqrt(chi2 / t.sum() / (min(t.shape) - 1)), 1), 0))})

print(json.dumps({"ks": ks, "cdf": cdfs, "kstwo": kstwo, "kstwobign": kstwobign, "chisquare": chisq, "entropy": entropy, "cramers_phi": phi}, indent=1))
