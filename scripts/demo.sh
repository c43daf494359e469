#!/usr/bin/env bash
# The README's first command runs this after `npm ci`: a walk through the platform on the
# example company, examples/northwind.
set -euo pipefail
cd "$(dirname "$0")/.."
WS=examples/northwind
traction() { node bin/traction.js -w "$WS" "$@"; }
step() { printf '\n\033[1m$ traction %s\033[0m\n' "$*"; }

step validate; traction validate
step apply; traction apply
step status; traction status
