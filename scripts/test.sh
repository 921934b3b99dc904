#!/usr/bin/env bash
# Runs Kiln's test suite: builds the solution once, then runs each test project and sums the results.
#   scripts/test.sh            everything (unit tests, engine tests, local-cluster tests, Kubernetes tests on a real control plane)
#   scripts/test.sh unit       the fast tests only (no Kubernetes control plane, no executor processes)
#   scripts/test.sh cluster    the local-cluster tests only (real executor processes, kill -9 faults, TPC-H on a cluster,
#                              a real Prometheus scraping the driver: Debian's prometheus, installed here if missing)
#   scripts/test.sh k8s        the Kubernetes integration tests only
#   scripts/test.sh browser    the web UI in a real browser (Playwright driving Debian's Chromium, installed here if missing)
# Ends with one line "N passed, N failed[, N skipped]" and exits non-zero when anything failed.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
part="${1:-all}"

unit=(
  tests/Kiln.Common.Tests
  tests/Kiln.Plan.Tests
  tests/Kiln.DataSources.Tests
  tests/Kiln.Execution.Tests
  tests/Kiln.Scheduler.Tests
  tests/Kiln.Sql.Tests
  tests/Kiln.Tests
  tests/Kiln.Kubernetes.Tests
  tests/Kiln.Cluster.Kubernetes.Tests
  tests/Kiln.Network.Tests
  tests/Kiln.Staging.Tests
  "tests/Kiln.TpcH.Tests::FullyQualifiedName!~ClusterQueryOracleTests"
)
# An entry may end in ::FILTER (a dotnet test --filter expression) to run part of a project.
cluster=(tests/Kiln.Cluster.Tests "tests/Kiln.TpcH.Tests::FullyQualifiedName~ClusterQueryOracleTests")
k8s=(tests/Kiln.Kubernetes.IntegrationTests tests/Kiln.Cluster.Kubernetes.IntegrationTests)
browser=(tests/Kiln.Browser.Tests)

case "$part" in
  unit) projects=("${unit[@]}") ;;
  cluster) projects=("${cluster[@]}") ;;
  k8s) projects=("${k8s[@]}") ;;
  browser) projects=("${browser[@]}") ;;
  all) projects=("${unit[@]}" "${cluster[@]}" "${k8s[@]}" "${browser[@]}") ;;
  *) echo "usage: scripts/test.sh [unit|cluster|k8s|browser|all]" >&2; exit 2 ;;
esac

echo "== building"
if ! dotnet build Kiln.sln -c Debug --nologo -v quiet -clp:ErrorsOnly; then
  echo "0 passed, 1 failed"
  exit 1
fi

# The TPC-H oracle tests compare with DuckDB for Node, installed once into bench/node_modules.
if [[ " ${projects[*]} " == *" tests/Kiln.TpcH.Tests::"* ]] && [ ! -d bench/node_modules/@duckdb/node-api ]; then
  echo "== installing DuckDB for Node into bench/node_modules (TPC-H oracle)"
  if ! command -v node >/dev/null || ! (cd bench && npm install --no-audit --no-fund --silent); then
    echo "could not install DuckDB for Node (is node/npm installed?); the TPC-H oracle tests will fail" >&2
  fi
fi

# The browser tests drive Debian's Chromium (Playwright's own browser downloads are not used); install it once.
if [[ " ${projects[*]} " == *" tests/Kiln.Browser.Tests "* ]] && [ -z "${KILN_CHROMIUM:-}" ] && ! command -v chromium >/dev/null; then
  echo "== installing Debian's chromium (browser tests)"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; then
    echo "could not install chromium (apt-get as root); the browser tests will fail" >&2
  fi
fi

# The cluster part's scrape test runs a real Prometheus server from Debian's package; install it once.
if [[ " ${projects[*]} " == *" tests/Kiln.Cluster.Tests "* ]] && [ -z "${KILN_PROMETHEUS:-}" ] && [ ! -x /usr/bin/prometheus ]; then
  echo "== installing Debian's prometheus (metrics scrape test)"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null; }; then
    echo "could not install prometheus (apt-get as root); the Prometheus scrape test will fail" >&2
  fi
fi

passed=0; failed=0; skipped=0; broken=0
log="$(mktemp)"
for entry in "${projects[@]}"; do
  p="${entry%%::*}"
  filter=()
  [ "$entry" != "$p" ] && filter=(--filter "${entry#*::}")
  if [ ! -f "$p/$(basename "$p").csproj" ]; then
    echo "== $entry: no such test project ($p/$(basename "$p").csproj); counted as a failure" >&2
    failed=$((failed + 1)); broken=1
    continue
  fi
  echo "== $entry"
  dotnet test "$p" --no-build --nologo "${filter[@]}" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  line="$(grep -E 'Failed: +[0-9]+, Passed: +[0-9]+' "$log" | tail -n 1)"
  if [ -n "$line" ]; then
    f=$(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$line")
    s=$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$line")
    k=$(sed -E 's/.*Skipped: +([0-9]+).*/\1/' <<<"$line")
    passed=$((passed + s)); failed=$((failed + f)); skipped=$((skipped + k))
  fi
  if [ "$status" -ne 0 ] && ! grep -q "No test is available" "$log"; then
    [ -z "$line" ] && failed=$((failed + 1))
    broken=1
  fi
done
rm -f "$log"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$broken" -eq 0 ]
