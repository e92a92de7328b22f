#!/usr/bin/env bash
# The suite under any timing (issue 14): a clean clone of HEAD, `npm ci`, then `npm test` three
# times in a row on the quiet machine and once beside two CPU hogs (`yes > /dev/null`, started
# and stopped here by PID). Prints each run's summary line and duration; exits non-zero if any
# run failed. Usage: bash scripts/soak.sh [runs=3]  (needs ../shared beside the clone's parent)
set -uo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-3}"
dir="$(mktemp -d /tmp/soak-XXXXXX)"
git clone -q "$src" "$dir/main"
ln -s "$src/../shared" "$dir/shared"
cd "$dir/main"
npm ci --no-audit --no-fund > "$dir/npm-ci.log" 2>&1 || { echo "npm ci failed (see $dir/npm-ci.log)"; exit 1; }
status=0
one() {
  local label="$1" t0 t1 line
  t0=$(date +%s)
  npm test > "$dir/$label.log" 2>&1 || status=1
  t1=$(date +%s)
  line=$(grep -E '^tests: ' "$dir/$label.log" | tail -1)
  echo "$label: ${line:-no summary line} in $((t1 - t0)) s, load after: $(cut -d' ' -f1-3 /proc/loadavg) (log $dir/$label.log)"
}
for i in $(seq 1 "$runs"); do one "quiet-$i"; done
yes > /dev/null & h1=$!
yes > /dev/null & h2=$!
one "hogs"
kill "$h1" "$h2"
wait "$h1" "$h2" 2> /dev/null
exit "$status"
