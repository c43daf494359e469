#!/usr/bin/env bash
# The README's first command runs this after `npm ci`: the platform on the example company,
# examples/northwind, with something on every page. It builds the dashboard, applies the
# workspace, runs the readiness checks, records a benchmark of the mock model server, a
# pilot's KPI history and experiment, the steering committee's sign-offs and two rounds of the
# AI-readiness assessment, then starts the server, sends 90 days of the model services'
# telemetry, records a usage summary per deployed use case and prints the URL and the login. Safe to run again: apply is idempotent
# and the store is kept (each run adds one more readiness run, benchmark and usage summary,
# so the history charts grow).
#
#   TRACTION_ADMIN_PASSWORD   the admin's password (else one is generated and kept in
#                             examples/northwind/.traction/demo-admin-password)
#   TRACTION_DEMO_PORT        port of the server (default 4600)
set -euo pipefail
cd "$(dirname "$0")/.."
WS=examples/northwind
PORT="${TRACTION_DEMO_PORT:-4600}"
STATE="$WS/.traction"
traction() { node bin/traction.js -w "$WS" "$@"; }
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
mkdir -p "$STATE"

step "Building the dashboard"
npm run --silent build:web

step "traction validate && traction apply"
traction validate
traction apply

step "traction data check (the example data carries planted defects: failing checks are expected)"
if traction data check > "$STATE/demo-data-check.txt" 2>&1; then code=0; else code=$?; fi
tail -n 3 "$STATE/demo-data-check.txt"
if [ "$code" -gt 1 ]; then cat "$STATE/demo-data-check.txt"; echo "data check failed to run (exit $code)"; exit "$code"; fi

step "traction bench run against the mock model server (a few seconds)"
MOCK_OUT="$STATE/demo-mock.json"
: > "$MOCK_OUT"
node bin/traction.js --json bench mock --port 0 --latency-ms-p50 120 --tokens-per-second 200 > "$MOCK_OUT" 2>/dev/null &
MOCK_PID=$!
stop_mock() { kill "$MOCK_PID" 2>/dev/null || true; wait "$MOCK_PID" 2>/dev/null || true; }
trap stop_mock EXIT
MOCK_URL=""
for _ in $(seq 1 100); do
  MOCK_URL=$(node -e 'try { const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(j.url) } catch {}' "$MOCK_OUT")
  [ -n "$MOCK_URL" ] && break
  sleep 0.1
done
if [ -z "$MOCK_URL" ]; then echo "the mock model server did not start"; exit 1; fi
timeout 60 node bin/traction.js -w "$WS" bench run --url "$MOCK_URL/v1/chat/completions" --usecase customer-service-assistant \
  --concurrency 8 --duration 3 --output-tokens 64 --slo p95_ms=2000,ttft_p95_ms=500,error_rate=0.01 \
  --price-input-per-1m 0.15 --price-output-per-1m 0.60 > "$STATE/demo-bench.txt" 2>&1 || true
grep -E "^SLO|evidence" "$STATE/demo-bench.txt" || tail -n 3 "$STATE/demo-bench.txt"
stop_mock
trap - EXIT

# The pilot of the customer-service assistant: its KPI history (with baselines) and its
# experiment, recorded as evidence; then the steering committee's sign-offs and rubric
# answers (examples/northwind/seed-evidence.ts), so the gates show every kind of outcome.
# Re-running adds the same values again: the newest value per date counts.
PILOT=customer-service-assistant
if [ -f "$WS/kpis/$PILOT.csv" ]; then
  step "traction kpi import $WS/kpis/$PILOT.csv"
  traction kpi import "$WS/kpis/$PILOT.csv" || echo "(some KPI rows were rejected; the server starts anyway)"
fi
if [ -f "$WS/experiments/$PILOT.csv" ]; then
  step "traction experiment analyze (the pilot's treatment vs control)"
  traction experiment analyze -i "$WS/experiments/$PILOT.csv" -m handle-time -g csat --covariate handle-time=pre_handle_time \
    --margin 0.02 --usecase "$PILOT" > "$STATE/demo-experiment.txt" 2>&1 || true
  grep -E "^verdict|recorded" "$STATE/demo-experiment.txt" || tail -n 3 "$STATE/demo-experiment.txt"
fi
if [ -f "$WS/seed-evidence.ts" ]; then
  step "sign-offs and rubric answers of the steering committee (seed-evidence.ts)"
  node_modules/.bin/tsx "$WS/seed-evidence.ts" -w "$WS" > "$STATE/demo-seed.txt" 2>&1 || true
  tail -n 2 "$STATE/demo-seed.txt"
fi

if [ -f "$WS/assessment/seed-assessment.ts" ]; then
  step "the AI-readiness assessment: two rounds with leadership and staff respondents (assessment/seed-assessment.ts)"
  node_modules/.bin/tsx "$WS/assessment/seed-assessment.ts" -w "$WS" 2>&1 | tail -n 2 || echo "(the assessment was not seeded; the server starts anyway)"
fi

step "traction serve --port $PORT"
if [ -z "${TRACTION_ADMIN_PASSWORD:-}" ]; then
  if [ -s "$STATE/demo-admin-password" ]; then
    TRACTION_ADMIN_PASSWORD=$(cat "$STATE/demo-admin-password")
  else
    TRACTION_ADMIN_PASSWORD=$(node -e 'console.log(require("crypto").randomBytes(12).toString("base64url"))')
    (umask 077 && printf '%s\n' "$TRACTION_ADMIN_PASSWORD" > "$STATE/demo-admin-password")
  fi
fi
export TRACTION_ADMIN_PASSWORD
export TRACTION_LOG_LEVEL="${TRACTION_LOG_LEVEL:-warn}"
node bin/traction.js -w "$WS" serve --port "$PORT" &
SERVER_PID=$!
trap 'kill -TERM "$SERVER_PID" 2>/dev/null || true' INT TERM
# Waits for readiness, then logs in (a store kept from an earlier run may have an admin with
# another password) and gives each sign-off role holder of traction.yaml an approver account
# with the same password, so the gates' sign-off buttons can be tried.
login=$(node -e '
  const [port, password] = process.argv.slice(1);
  const base = `http://127.0.0.1:${port}`;
  const post = (path, body, headers = {}) => fetch(base + path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  (async () => {
    for (let i = 0; i < 150; i++) {
      if (await fetch(`${base}/api/ready`).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const r = await post("/api/auth/login", { username: "admin", password }).catch(() => undefined);
    if (!r || r.status !== 200) return console.log(r ? r.status : "no answer");
    const headers = { cookie: r.headers.get("set-cookie").split(";")[0], "x-csrf-token": (await r.json()).csrf_token };
    const ws = await (await fetch(`${base}/api/workspace`, { headers })).json();
    const holders = new Map();
    for (const [role, people] of Object.entries(ws.roles ?? {})) for (const p of people) holders.set(p, [...(holders.get(p) ?? []), role.replace(/_/g, " ")]);
    const made = [];
    for (const [person, roles] of holders) {
      const c = await post("/api/users", { username: person, display_name: `${person.split("@")[0]} (${roles.join(", ")})`, role: "approver", password }, headers);
      if (c.status === 201 || c.status === 409) made.push(`${person} (${roles.join(", ")})`);
    }
    console.log(["200", ...made].join("\n"));
  })();
' "$PORT" "$TRACTION_ADMIN_PASSWORD")
if ! kill -0 "$SERVER_PID" 2>/dev/null; then wait "$SERVER_PID"; exit 1; fi
# 90 days of the deployed use cases' telemetry (examples/northwind/simulate-usage.ts), sent as
# OTLP/HTTP JSON through POST /v1/traces with an ingest token, as an OpenTelemetry Collector
# would. Sent once per store: a kept store that already has usage is left as it is.
if [ "$(printf '%s\n' "$login" | head -n 1)" = "200" ]; then
  step "90 days of model-service telemetry through POST /v1/traces (simulate-usage.ts)"
  token=$(node -e '
    const [port, password] = process.argv.slice(1);
    const base = `http://127.0.0.1:${port}`;
    (async () => {
      const r = await fetch(base + "/api/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password }) });
      const headers = { cookie: r.headers.get("set-cookie").split(";")[0], "x-csrf-token": (await r.json()).csrf_token, "content-type": "application/json" };
      const usage = await (await fetch(base + "/api/usage", { headers })).json();
      if ((usage.use_cases ?? []).some((u) => u.requests_30d > 0)) return console.log("has-usage");
      const t = await fetch(base + "/api/tokens", { method: "POST", headers, body: JSON.stringify({ name: "demo telemetry", scope: "ingest", expires_in_days: 1 }) });
      const body = await t.json();
      console.log(t.status === 201 ? body.token : `no-token ${t.status} ${body.error?.message ?? ""}`);
    })().catch((e) => console.log(`no-token ${e.message}`));
  ' "$PORT" "$TRACTION_ADMIN_PASSWORD")
  case "$token" in
    has-usage) echo "this store already has usage; not sent again" ;;
    trc_*) node_modules/.bin/tsx "$WS/simulate-usage.ts" --url "http://127.0.0.1:$PORT" --token "$token" 2>&1 | tail -n 2 || echo "(the usage simulation did not complete; the server runs anyway)" ;;
    *) echo "(no ingest token: $token; the usage pages stay empty)" ;;
  esac
  step "traction usage --record (usage_summary evidence, which the usage gate criteria read)"
  traction usage --record || echo "(no usage summary recorded)"
  step "traction gate product-data-enrichment (production -> scaled on its measured use: adoption, cost, latency)"
  traction gate product-data-enrichment || true
  step "this month's pulse survey on two deployed use cases, answered through links (seed-pulse.ts)"
  node_modules/.bin/tsx "$WS/seed-pulse.ts" -w "$WS" --url "http://127.0.0.1:$PORT" 2>&1 | tail -n 3 || echo "(the pulse was not seeded; the server runs anyway)"
fi
printf '\n\033[1mOpen http://127.0.0.1:%s and log in as admin with the password %s\033[0m\n' "$PORT" "$TRACTION_ADMIN_PASSWORD"
if [ "$(printf '%s\n' "$login" | head -n 1)" != "200" ]; then
  echo "(login check answered $login: this store's admin was created earlier with another password; use that one, or delete $STATE to start over)"
elif [ "$(printf '%s\n' "$login" | wc -l)" -gt 1 ]; then
  echo "Approvers who can sign off gates (same password):"
  printf '%s\n' "$login" | tail -n +2 | sed 's/^/  /'
fi
echo "Ctrl-C stops the server."
wait "$SERVER_PID"
