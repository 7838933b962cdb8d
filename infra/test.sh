#!/usr/bin/env bash
# The project's test command (README, CI): makes sure PostgreSQL is installed (the tests start their own
# throwaway cluster from its binaries), then runs every test suite of the solution.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${CRM_TEST_POSTGRES:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "Installing PostgreSQL from Debian's packages…"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq postgresql >/dev/null
fi

server_log="${TMPDIR:-/tmp}/crm-api-tests-server.log"
rm -f "$server_log"
output=$(mktemp)
status=0
dotnet test Crm.Saas.sln -c Release "$@" 2>&1 | tee "$output" || status=$?

# The TypeScript SDK (sdk/typescript): lint the OpenAPI document, check the generated client matches it, and run
# the SDK's flow against the API built above (Release dll, SQLite, a free loopback port). CRM_TEST_SKIP_TS_SDK=1 skips it.
ts_output=$(mktemp)
if [ "${CRM_TEST_SKIP_TS_SDK:-}" != "1" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "Installing Node.js and npm from Debian's packages…"
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq nodejs npm >/dev/null
  fi
  echo "--- TypeScript SDK: npm ci, OpenAPI lint, generated-code check, flow tests ---"
  ( cd sdk/typescript \
    && npm ci --loglevel=error \
    && npm run --silent lint:openapi \
    && npm run --silent check:generated \
    && npm test --silent ) 2>&1 | tee "$ts_output" || status=1
fi

# The documentation's examples (README.md, docs/api-guide.md), run in order as written against the Release build above
# on a fresh SQLite folder: a stale example fails the run. CRM_TEST_SKIP_DOCS=1 skips it.
if [ "${CRM_TEST_SKIP_DOCS:-}" != "1" ]; then
  echo "--- documentation examples ---"
  DOCS_NO_BUILD=1 bash infra/docs-examples.sh 2>&1 | tail -n 25 || status=1
fi

# One plain summary line over all test projects and the TypeScript SDK's tests.
passed=$(grep -oE 'Passed: +[0-9]+' "$output" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$output" | awk '{s+=$2} END {print s+0}')
passed=$((passed + $(grep -oE '^# pass [0-9]+' "$ts_output" | awk '{s+=$3} END {print s+0}')))
failed=$((failed + $(grep -oE '^# fail [0-9]+' "$ts_output" | awk '{s+=$3} END {print s+0}')))
rm -f "$output" "$ts_output"
if [ "$status" -ne 0 ] && [ -s "$server_log" ]; then
  echo "--- server warnings and errors during the run (last 100 lines of $server_log) ---"
  tail -n 100 "$server_log"
fi
echo "tests: $passed passed, $failed failed"
exit "$status"
