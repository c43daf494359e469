#!/usr/bin/python3
"""Reference values for src/impact, computed with scipy and statsmodels (Debian's
python3-scipy 1.10 and python3-statsmodels 0.13). The TypeScript tests compare to these
to 1e-6. Run: /usr/bin/python3 test/reference/impact/generate.py > test/reference/impact/reference.json
The data sets are drawn here with a fixed seed and written into the fixture, so the
TypeScript side reads the same numbers instead of re-drawing them."""
import json
import math

import numpy as np
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import confint_proportions_2indep, test_proportions_2indep
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

rng = np.random.default_rng(20260101)
ALPHA = 0.05


def r4(a):
    return [round(float(v), 4) for v in a]


def delta_relative(c, t, df, alpha):
    """Relative lift with the delta-method variance (Kohavi et al. 2020 ch. 18; gbstats)."""
    ma, mb = np.mean(c), np.mean(t)
    va, vb = np.var(c, ddof=1) / len(c), np.var(t, ddof=1) / len(t)
    est = (mb - ma) / ma
    var = vb / ma**2 + mb**2 * va / ma**4
    se = math.sqrt(var)
    half = stats.t.ppf(1 - alpha / 2, df) * se
    return est, se, [est - half, est + half], 2 * stats.t.sf(abs(est / se), df)


def welch_case(name, c, t, alpha=ALPHA, margin=0.02):
    c, t = np.array(r4(c)), np.array(r4(t))
    res = stats.ttest_ind(t, c, equal_var=False)
    va, vb = np.var(c, ddof=1) / len(c), np.var(t, ddof=1) / len(t)
    df = (va + vb) ** 2 / (va**2 / (len(c) - 1) + vb**2 / (len(t) - 1))
    cm = CompareMeans(DescrStatsW(t), DescrStatsW(c))
    lo, hi = cm.tconfint_diff(alpha=alpha, usevar="unequal")
    rel, rel_se, rel_ci, rel_p = delta_relative(c, t, df, alpha)
    # Non-inferiority on the relative lift, H0: lift <= -margin (higher is better).
    p_ni_up = stats.t.sf((rel + margin) / rel_se, df)
    p_ni_down = stats.t.cdf((rel - margin) / rel_se, df)
    return {
        "name": name, "alpha": alpha, "margin": margin, "control": list(c), "treatment": list(t),
        "df": df, "absolute": float(np.mean(t) - np.mean(c)), "ci": [lo, hi], "p_value": float(res.pvalue),
        "statistic": float(res.statistic),
        "p_less": float(stats.ttest_ind(t, c, equal_var=False, alternative="less").pvalue),
        "p_greater": float(stats.ttest_ind(t, c, equal_var=False, alternative="greater").pvalue),
        "relative": rel, "relative_se": rel_se, "relative_ci": rel_ci, "relative_p_value": rel_p,
        "p_non_inferiority_up": p_ni_up, "p_non_inferiority_down": p_ni_down,
    }


def welch_cases():
    return [
        welch_case("normal, unequal variances", rng.normal(10, 2, 60), rng.normal(10.8, 3.5, 75)),
        welch_case("small samples", rng.normal(5, 1, 8), rng.normal(6, 1.5, 11), alpha=0.1),
        welch_case("skewed revenue", rng.lognormal(3, 1, 150), rng.lognormal(3.1, 1, 140)),
        welch_case("negative means", rng.normal(-20, 4, 40), rng.normal(-21, 4, 40), margin=0.05),
        welch_case("no effect", rng.normal(100, 15, 200), rng.normal(100, 15, 200)),
    ]


def proportion_case(xa, na, xb, nb, alpha=ALPHA):
    test = test_proportions_2indep(xb, nb, xa, na, method="wald", compare="diff")
    lo, hi = confint_proportions_2indep(xb, nb, xa, na, method="wald", compare="diff", alpha=alpha)
    pa, pb = xa / na, xb / nb
    va, vb = pa * (1 - pa) / na, pb * (1 - pb) / nb
    rel = (pb - pa) / pa
    rel_se = math.sqrt(vb / pa**2 + pb**2 * va / pa**4)
    z = stats.norm.ppf(1 - alpha / 2)
    return {
        "control": [xa, na], "treatment": [xb, nb], "alpha": alpha, "absolute": pb - pa, "ci": [lo, hi],
        "p_value": float(test.pvalue), "relative": rel, "relative_ci": [rel - z * rel_se, rel + z * rel_se],
        "relative_p_value": 2 * stats.norm.sf(abs(rel / rel_se)),
    }


def cuped_case(name, n_c, n_t, effect, rho):
    x = rng.normal(50, 10, n_c + n_t)
    noise = rng.normal(0, 10 * math.sqrt(1 - rho**2) / rho, n_c + n_t)
    treat = np.array([0] * n_c + [1] * n_t)
    y = x + noise + effect * treat
    x, y = np.array(r4(x)), np.array(r4(y))
    ols = sm.OLS(y, sm.add_constant(np.column_stack([treat, x]))).fit()
    theta = float(ols.params[2])
    ycv = y - theta * (x - x.mean())
    c, t = ycv[treat == 0], ycv[treat == 1]
    res = stats.ttest_ind(t, c, equal_var=False)
    lo, hi = CompareMeans(DescrStatsW(t), DescrStatsW(c)).tconfint_diff(alpha=ALPHA, usevar="unequal")
    va, vb = np.var(c, ddof=1) / len(c), np.var(t, ddof=1) / len(t)
    df = (va + vb) ** 2 / (va**2 / (len(c) - 1) + vb**2 / (len(t) - 1))
    rel, _, rel_ci, rel_p = delta_relative(c, t, df, ALPHA)
    yc, yt = y[treat == 0], y[treat == 1]
    raw_var = np.var(yc, ddof=1) / len(yc) + np.var(yt, ddof=1) / len(yt)
    return {
        "name": name, "control_x": list(x[treat == 0]), "control_y": list(yc), "treatment_x": list(x[treat == 1]),
        "treatment_y": list(yt), "theta": theta, "absolute": float(ols.params[1]), "ci": [lo, hi], "p_value": float(res.pvalue),
        "df": df, "relative": rel, "relative_ci": rel_ci, "relative_p_value": rel_p,
        "variance_reduction": 1 - (va + vb) / raw_var,
    }


def srm_cases():
    cases = [([5000, 5100], [1, 1]), ([2010, 7990], [0.2, 0.8]), ([1000, 1000, 2200], [1, 1, 2]), ([4800, 5200], [50, 50])]
    out = []
    for observed, weights in cases:
        total = sum(observed)
        f_exp = [total * w / sum(weights) for w in weights]
        res = stats.chisquare(observed, f_exp)
        out.append({"observed": observed, "weights": weights, "chi_square": float(res.statistic), "p_value": float(res.pvalue)})
    return out


def multiple_testing_cases():
    sets = [[0.01, 0.04, 0.03, 0.005, 0.55, 0.6], [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205], [0.2, 0.2, 0.01]]
    return [{"p": p, "holm": list(multipletests(p, method="holm")[1]), "bh": list(multipletests(p, method="fdr_bh")[1])} for p in sets]


def power_cases():
    out = []
    for effect, ratio, alpha, power, alt in [(0.2, 1, 0.05, 0.8, "two-sided"), (0.1, 2, 0.05, 0.9, "two-sided"),
                                              (0.05, 1, 0.01, 0.8, "larger"), (0.35, 0.5, 0.1, 0.8, "two-sided")]:
        n = NormalIndPower().solve_power(effect_size=effect, nobs1=None, alpha=alpha, power=power, ratio=ratio, alternative=alt)
        out.append({"effect_size": effect, "ratio": ratio, "alpha": alpha, "power": power, "alternative": alt, "nobs1": float(n)})
    for nobs1, ratio, alpha, power in [(500, 1, 0.05, 0.8), (1234, 3, 0.05, 0.9)]:
        es = NormalIndPower().solve_power(effect_size=None, nobs1=nobs1, alpha=alpha, power=power, ratio=ratio)
        pw = NormalIndPower().power(effect_size=0.1, nobs1=nobs1, alpha=alpha, ratio=ratio)
        out.append({"nobs1": nobs1, "ratio": ratio, "alpha": alpha, "power": power, "alternative": "two-sided",
                    "effect_size": float(es), "power_at_0.1": float(pw)})
    return out


def sequential_cases():
    """Waudby-Smith et al. 2023 Thm 2.2 written out independently of the TypeScript code."""
    out = []
    for variance, n, alpha, tuning in [(0.01, 1000, 0.05, 5000), (2.5e-4, 20000, 0.05, 5000), (0.3, 200, 0.1, 1000)]:
        rho = math.sqrt((-2 * math.log(alpha) + math.log(-2 * math.log(alpha) + 1)) / tuning)
        s2 = variance * n
        half = math.sqrt(s2) * math.sqrt(2 * (n * rho**2 + 1) / (n**2 * rho**2) * math.log(math.sqrt(n * rho**2 + 1) / alpha))
        out.append({"variance": variance, "n": n, "alpha": alpha, "tuning_n": tuning, "half_width": half})
    return out


def distribution_cases():
    return {
        "t_cdf": [[x, df, float(stats.t.cdf(x, df))] for x, df in [(1.5, 10.3), (-2.2, 3), (0.3, 1234.5), (4, 2.5)]],
        "t_ppf": [[p, df, float(stats.t.ppf(p, df))] for p, df in [(0.975, 10.3), (0.95, 3), (0.995, 57.2), (0.9, 1e5)]],
        "norm_ppf": [[p, float(stats.norm.ppf(p))] for p in [0.975, 0.8, 0.9995, 0.001]],
        "chi2_cdf": [[x, k, float(stats.chi2.cdf(x, k))] for x, k in [(3.84, 1), (10.2, 2), (0.5, 3)]],
    }


def trend_case():
    days = np.array([0, 14, 31, 45, 59, 73, 90, 104, 120])
    values = np.array(r4(12 - 0.02 * days + rng.normal(0, 0.3, len(days))))
    res = stats.linregress(days, values)
    return {"days": [int(d) for d in days], "values": list(values), "slope_per_day": float(res.slope), "intercept": float(res.intercept)}


print(json.dumps({
    "generated_by": "test/reference/impact/generate.py (scipy %s, statsmodels %s)" % (__import__("scipy").__version__, sm.__version__),
    "welch": welch_cases(),
    "proportions": [proportion_case(120, 1000, 150, 1000), proportion_case(37, 410, 29, 395, alpha=0.1), proportion_case(900, 10000, 1010, 10200)],
    "cuped": [cuped_case("strong covariate", 120, 130, 2.0, 0.8), cuped_case("weak covariate", 90, 90, 1.0, 0.3)],
    "srm": srm_cases(),
    "multiple_testing": multiple_testing_cases(),
    "power": power_cases(),
    "sequential": sequential_cases(),
    "distributions": distribution_cases(),
    "trend": trend_case(),
}, indent=1))
