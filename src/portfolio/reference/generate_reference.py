#!/usr/bin/env python3
"""Independent reference values for src/portfolio tests, computed with plain Python and SciPy.

Run:  python3 src/portfolio/reference/generate_reference.py
Writes finance-cases.json and distributions.json next to this script (committed).
Needs Debian's python3-scipy. Nothing here imports or mirrors the TypeScript code.
"""
import json
import math
import os

from scipy import optimize, stats

HERE = os.path.dirname(os.path.abspath(__file__))


def npv(rate, flows):
    # Spreadsheet NPV: the first flow is discounted by one period.
    return math.fsum(f / (1 + rate) ** (i + 1) for i, f in enumerate(flows))


def irr(flows, lo, hi):
    return optimize.brentq(lambda r: npv(r, flows), lo, hi, xtol=1e-16, rtol=4 * 2.220446049250313e-16, maxiter=500)


def payback(flows):
    cum, neg = 0.0, False
    for i, f in enumerate(flows):
        cum += f
        if cum < 0:
            neg = True
        elif neg:
            return i + 1
    return None if neg else 0


def monthly(annual):
    return (1 + annual) ** (1 / 12) - 1


def business_case(build, run, value, per_pred, volume, ramp, duration_q, horizon):
    """The documented timing model, written out month by month."""
    b = min(horizon, 3 * duration_q)
    flows = []
    for m in range(1, horizon + 1):
        if m <= b:
            flows.append(-build / b)
        else:
            k = m - b
            a = min(1.0, k / ramp) if ramp > 0 else 1.0
            flows.append(a * (value - per_pred * volume) - run)
    return flows


def finance_cases():
    cases = []

    def add(name, rate, flows, bracket=None, source="plain formula / scipy.optimize.brentq"):
        case = {"name": name, "rate": rate, "flows": flows, "npv": npv(rate, flows), "payback": payback(flows), "source": source}
        case["irr"] = irr(flows, *bracket) if bracket else None
        cases.append(case)

    # Microsoft Excel documentation examples (NPV function; IRR function), periodic rates.
    add("excel-npv-doc", 0.10, [-10000, 3000, 4200, 6800], (-0.5, 1), "Excel NPV docs: 1,188.44")
    add("excel-irr-doc-5y", 0.10, [-70000, 12000, 15000, 18000, 21000, 26000], (-0.5, 1), "Excel IRR docs: 8.66%")
    add("excel-irr-doc-4y", 0.10, [-70000, 12000, 15000, 18000, 21000], (-0.5, 1), "Excel IRR docs: -2.12%")
    r = monthly(0.10)
    add("level-36", r, [-50000] + [2000] * 35, (-0.5, 1))
    add("annuity-only", monthly(0.08), [1000.0] * 24)
    add("late-loss", monthly(0.12), [-1000.0] * 6 + [-200.0] * 6)
    add("ramp-up", monthly(0.10), [-20000.0, -20000.0, -20000.0] + [500.0 * min(1, k / 6) * 12 for k in range(1, 34)], (-0.5, 1))
    add("zero-rate", 0.0, [-100.0, 30.0, 40.0, 50.0], (-0.5, 1))
    add("high-rate", monthly(0.5), [-5000.0] + [900.0] * 11, (-0.5, 1))
    add("never-repaid", monthly(0.1), [-10000.0] + [100.0] * 23, (-0.5, 0.5))
    add("payback-exact", monthly(0.07), [-300.0, 100.0, 100.0, 100.0, 50.0], (-0.5, 1))
    for name, args in {
        "bc-invoice": dict(build=80000, run=1500, value=11400, per_pred=0, volume=0, ramp=6, duration_q=1, horizon=36),
        "bc-churn": dict(build=150000, run=3000, value=25000, per_pred=0.02, volume=200000, ramp=9, duration_q=2, horizon=48),
        "bc-no-ramp": dict(build=40000, run=500, value=3000, per_pred=0.5, volume=1000, ramp=0, duration_q=1, horizon=24),
    }.items():
        flows = business_case(**args)
        add(name, monthly(0.10), flows, (-0.5, 1), "documented timing model, month by month")
        cases[-1]["business_case"] = args
    return cases


def distributions():
    out = []
    for low, likely, high in [(0, 1, 4), (10, 12, 20), (-5, 0, 5), (100, 100, 200), (0, 0.9, 1), (3, 7, 8)]:
        xs = [low + (high - low) * q for q in (0.05, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 0.95)]
        span = high - low
        a, b = 1 + 4 * (likely - low) / span, 1 + 4 * (high - likely) / span
        pert = stats.beta(a, b, loc=low, scale=span)
        tri = stats.triang((likely - low) / span, loc=low, scale=span)
        out.append({
            "low": low, "likely": likely, "high": high, "x": xs,
            "pert_cdf": [float(pert.cdf(x)) for x in xs], "pert_median": float(pert.median()), "pert_mean": float(pert.mean()),
            "triangular_cdf": [float(tri.cdf(x)) for x in xs], "triangular_median": float(tri.median()),
        })
    return out


if __name__ == "__main__":
    with open(os.path.join(HERE, "finance-cases.json"), "w") as f:
        json.dump({"generated_by": "generate_reference.py", "cases": finance_cases()}, f, indent=1)
    with open(os.path.join(HERE, "distributions.json"), "w") as f:
        json.dump({"generated_by": "generate_reference.py (scipy.stats.beta, scipy.stats.triang)", "cases": distributions()}, f, indent=1)
