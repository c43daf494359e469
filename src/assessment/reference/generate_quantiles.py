# Reference medians and quartiles of answer samples (levels 1..5) from numpy, the
# independent check of scoring.ts's quantiles (Hyndman & Fan definition 7 = numpy's default
# "linear" method). Run: python3 src/assessment/reference/generate_quantiles.py
import json
import pathlib

import numpy as np

rng = np.random.default_rng(16)
cases = []
for n in list(range(1, 21)) + [31, 50, 101]:
    for _ in range(4):
        xs = rng.integers(1, 6, size=n).tolist()
        cases.append({
            "levels": xs,
            "median": float(np.median(xs)),
            "q1": float(np.percentile(xs, 25)),
            "q3": float(np.percentile(xs, 75)),
        })
out = pathlib.Path(__file__).with_name("quantiles.json")
header = json.dumps("numpy " + np.__version__ + ", np.median and np.percentile (method='linear')")
lines = ",\n  ".join(json.dumps(c) for c in cases)
out.write_text('{"generator": ' + header + ',\n "cases": [\n  ' + lines + "\n ]\n}\n")
