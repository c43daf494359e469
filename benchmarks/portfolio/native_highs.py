"""Solves a roadmap MIP, exported by bench.ts as JSON, with native HiGHS through SciPy.

A peer for the benchmark, not part of the product: it tells whether a roadmap target is
missed because HiGHS runs as WebAssembly or because of the model itself. Prints one JSON
line: status, objective, dual bound, gap, nodes, seconds.
Usage: python3 native_highs.py MODEL.json TIME_LIMIT_SECONDS
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix


def main() -> None:
    m = json.load(open(sys.argv[1]))
    a = csr_matrix((m["values"], m["indices"], m["starts"]), shape=(m["numRows"], m["numCols"]))
    lower = np.array([-np.inf if x is None else x for x in m["rowLower"]], dtype=float)
    upper = np.array(m["rowUpper"], dtype=float)
    began = time.time()
    # The model maximises; milp minimises.
    r = milp(
        -np.array(m["colCost"], dtype=float),
        constraints=LinearConstraint(a, lower, upper),
        integrality=np.ones(m["numCols"]),
        bounds=Bounds(np.array(m["colLower"], dtype=float), np.array(m["colUpper"], dtype=float)),
        options={"time_limit": float(sys.argv[2]), "mip_rel_gap": float(m["relGap"])},
    )
    objective = -r.fun if r.x is not None else None
    bound = -r.mip_dual_bound if getattr(r, "mip_dual_bound", None) is not None else None
    gap = (bound - objective) / abs(objective) if objective and bound is not None else None
    print(json.dumps({"status": r.message, "objective": objective, "bound": bound, "gap": gap, "nodes": getattr(r, "mip_node_count", None), "seconds": time.time() - began}))


main()
