"""Evidence about the roadmap benchmark's optimality gap, with native HiGHS through SciPy.

Not part of the product: it measures how far better formulations and searches get on the
instances of `npm run bench:portfolio`, exported by export-instance.ts. Three experiments:

  compact FILE [--drop BTP] [--seconds S]
      The product's time-indexed MIP (roadmap-mip.ts), optionally without the budget (B),
      team capacity (T) or precedence (P) rows: LP bound, plan, proven bound and gap, to see
      which constraints make the gap.
  dw FILE [--seconds S]
      Dantzig-Wolfe decomposition over whole team schedules (column generation): the master
      chooses a convex combination of schedules per team under the budget and precedence
      rows; pricing finds a team's best schedule by reduced value under its quarterly
      capacity, exactly (a HiGHS MIP). The master's LP at convergence is the Dantzig-Wolfe
      bound, at least as tight as the compact LP (Vanderbeck & Savelsbergh, "A generic view
      of Dantzig-Wolfe decomposition in mixed integer programming", Oper. Res. Lett. 34,
      2006); the Lagrangian bound (master LP + the teams' positive reduced values) is valid
      at every iteration. Ends with the restricted master solved as a MIP (price and branch).
  lns FILE [--seconds S] [--free F]
      Large-neighbourhood search from the exported plan: free a random share F of the use
      cases, fix the rest, solve the sub-MIP for 3 s, keep improvements.
"""
import argparse
import json
import random
import time

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csc_matrix, csr_matrix


class Instance:
    def __init__(self, path):
        raw = json.load(open(path))
        self.items = [i for i in raw["items"] if i["status"] not in ("done", "excluded")]
        self.index = {it["id"]: k for k, it in enumerate(self.items)}
        self.quarters = len(raw["budget"])
        self.budget = raw["budget"]
        self.capacity = {t["id"]: t["capacity"] for t in raw["teams"]}
        self.discount = raw["quarterDiscount"]
        self.plan = {self.index[i]: t for i, t in raw.get("plan", {}).items() if i in self.index}
        # One column per (use case, start quarter) that finishes inside the plan.
        self.var = [(k, t) for k, it in enumerate(self.items) for t in self.starts(k)]
        self.value = np.array([self.items[k]["value"] * self.discount**t for k, t in self.var])
        self.deps = [(b, self.index[a]) for b, it in enumerate(self.items) for a in it["dependsOn"] if a in self.index]

    def starts(self, k):
        it = self.items[k]
        return [0] if it["status"] == "in_progress" else list(range(self.quarters - it["duration"] + 1))

    def active(self, k, t, q):
        return t <= q < t + self.items[k]["duration"]

    def rows(self, drop=""):
        """The compact model's rows as (coefficients by column, upper bound, name)."""
        its, out = self.items, []
        for k in range(len(its)):
            out.append(({j: 1 for j, (kk, _) in enumerate(self.var) if kk == k}, 1, ("one", k)))
        if "B" not in drop:
            for q in range(self.quarters):
                out.append(({j: its[k]["build"] / its[k]["duration"] for j, (k, t) in enumerate(self.var) if self.active(k, t, q)}, self.budget[q], ("budget", q)))
        if "T" not in drop:
            for team, cap in self.capacity.items():
                for q in range(self.quarters):
                    out.append(({j: its[k]["effort"] / its[k]["duration"] for j, (k, t) in enumerate(self.var) if its[k]["team"] == team and self.active(k, t, q)}, cap, ("team", team, q)))
        if "P" not in drop:
            for b, a in self.deps:
                for tt in self.starts(b):
                    coef = {}
                    for j, (k, t) in enumerate(self.var):
                        if k == b and t <= tt:
                            coef[j] = 1
                        elif k == a and t + its[a]["duration"] <= tt:
                            coef[j] = -1
                    out.append((coef, 0, ("after", b, a, tt)))
        return out


def matrix(rows, ncols):
    data, ri, ci = [], [], []
    for r, (coef, _, _) in enumerate(rows):
        for j, v in coef.items():
            ri.append(r)
            ci.append(j)
            data.append(v)
    return csr_matrix((data, (ri, ci)), shape=(len(rows), ncols)), np.array([u for _, u, _ in rows], dtype=float)


def compact(inst, args):
    a, ub = matrix(inst.rows(args.drop), len(inst.var))
    lp = linprog(-inst.value, A_ub=a, b_ub=ub, bounds=(0, 1), method="highs")
    began = time.time()
    r = milp(-inst.value, constraints=LinearConstraint(a, -np.inf, ub), integrality=np.ones(len(inst.var)), bounds=Bounds(0, 1), options={"time_limit": args.seconds, "mip_rel_gap": 1e-6})
    plan, bound = -r.fun, -r.mip_dual_bound
    print(f"compact, dropped {args.drop or 'nothing'}: LP {-lp.fun:,.0f}, plan {plan:,.0f}, bound {bound:,.0f}, gap {100 * (bound - plan) / plan:.3f}%, {r.mip_node_count} nodes, {time.time() - began:.1f} s")


def dw(inst, args):
    its, teams = inst.items, list(inst.capacity)
    rows = [r for r in inst.rows("T") if r[2][0] != "one"]  # budget and precedence stay in the master
    coupling, _ = matrix(rows, len(inst.var))
    coupling = csc_matrix(coupling)
    rhs = np.concatenate([np.ones(len(teams)), [u for _, u, _ in rows]])
    columns, values, members = [], [], []  # master columns: coefficients, value, (team, var indices)

    def add(team, chosen):
        x = np.zeros(len(inst.var))
        x[chosen] = 1
        conv = np.zeros(len(teams))
        conv[teams.index(team)] = 1
        columns.append(np.concatenate([conv, coupling @ x]))
        values.append(float(inst.value @ x))
        members.append((team, tuple(chosen)))

    for team in teams:
        add(team, [])
        add(team, [j for j, (k, t) in enumerate(inst.var) if inst.plan.get(k) == t and its[k]["team"] == team])
    # Pricing: one team's best schedule under its quarterly capacity, by reduced value.
    pricing = {}
    for team in teams:
        cols = [j for j, (k, _) in enumerate(inst.var) if its[k]["team"] == team]
        ks = sorted({inst.var[j][0] for j in cols})
        one = [[1 if inst.var[j][0] == k else 0 for j in cols] for k in ks]
        cap = [[its[inst.var[j][0]]["effort"] / its[inst.var[j][0]]["duration"] if inst.active(*inst.var[j], q) else 0 for j in cols] for q in range(inst.quarters)]
        pricing[team] = (cols, LinearConstraint(np.array(one + cap), 0, [1] * len(ks) + [inst.capacity[team]] * inst.quarters))
    began, lagrangian = time.time(), np.inf
    for iteration in range(10_000):
        a = np.array(columns).T
        lp = linprog(-np.array(values), A_ub=a, b_ub=rhs, bounds=(0, None), method="highs")
        duals = -lp.ineqlin.marginals
        reduced = inst.value - coupling.T @ duals[len(teams):]
        positive = 0.0
        for ti, team in enumerate(teams):
            cols, cons = pricing[team]
            r = milp(-reduced[cols], constraints=cons, integrality=np.ones(len(cols)), bounds=Bounds(0, 1), options={"mip_rel_gap": 1e-9})
            gain = -r.fun - duals[ti]
            if gain > 1e-6 * abs(lp.fun):
                positive += gain
                add(team, [cols[i] for i in np.flatnonzero(r.x > 0.5)])
        lagrangian = min(lagrangian, -lp.fun + positive)
        done = positive == 0 or time.time() - began > args.seconds
        if iteration % 10 == 0 or done:
            print(f"iteration {iteration}: {len(columns)} columns, master LP {-lp.fun:,.0f}, Lagrangian bound {lagrangian:,.0f}, {time.time() - began:.0f} s", flush=True)
        if done:
            break
    converged = positive == 0
    a = np.array(columns).T
    r = milp(-np.array(values), constraints=LinearConstraint(a, -np.inf, rhs), integrality=np.ones(len(values)), bounds=Bounds(0, 1), options={"time_limit": 120})
    print(f"Dantzig-Wolfe bound {'(converged)' if converged else '(Lagrangian, not converged)'}: {(-lp.fun if converged else lagrangian):,.0f}; restricted master MIP plan {-r.fun:,.0f}")


def lns(inst, args):
    a, ub = matrix(inst.rows(), len(inst.var))
    cons, rng, plan = LinearConstraint(a, -np.inf, ub), random.Random(1), dict(inst.plan)
    best = sum(inst.items[k]["value"] * inst.discount**t for k, t in plan.items())
    began, rounds = time.time(), 0
    print(f"start {best:,.0f}")
    while time.time() - began < args.seconds:
        rounds += 1
        free = {k for k in range(len(inst.items)) if rng.random() < args.free}
        lo = np.array([1.0 if k not in free and plan.get(k) == t else 0.0 for k, t in inst.var])
        hi = np.array([1.0 if k in free or plan.get(k) == t else 0.0 for k, t in inst.var])
        r = milp(-inst.value, constraints=cons, integrality=np.ones(len(inst.var)), bounds=Bounds(lo, hi), options={"time_limit": 3})
        if r.x is not None and -r.fun > best * (1 + 1e-9):
            best, plan = -r.fun, {k: t for j, (k, t) in enumerate(inst.var) if r.x[j] > 0.5}
            print(f"{time.time() - began:.0f} s: {best:,.0f}", flush=True)
    print(f"large-neighbourhood search: {rounds} sub-MIPs in {time.time() - began:.0f} s, best plan {best:,.0f}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("experiment", choices=["compact", "dw", "lns"])
    p.add_argument("file")
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--drop", default="")
    p.add_argument("--free", type=float, default=0.35)
    args = p.parse_args()
    {"compact": compact, "dw": dw, "lns": lns}[args.experiment](Instance(args.file), args)


main()
