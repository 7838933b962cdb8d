#!/usr/bin/env bash
# Runs the documentation's examples as a new user would: every ```sh block of README.md, then of docs/api-guide.md,
# in order, in one shell, against a freshly built API on SQLite in a throwaway data folder. Fails on the first
# command that fails or gets an HTTP status it should not: any 4xx/5xx, unless the line ends in a comment naming
# the status the text promises (`# 409 ...`). ```bash blocks (starting servers, running tests) are not run.
#
#   infra/docs-examples.sh                 # builds (Release), runs, stops the server
#   DOCS_NO_BUILD=1 infra/docs-examples.sh # reuse the last Release build
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
files=(README.md docs/api-guide.md)
started=$SECONDS

if [[ -z "${DOCS_NO_BUILD:-}" ]]; then
  dotnet build src/Crm.Saas.Api -c Release -nologo -v q >/dev/null || { echo "docs-examples: build failed" >&2; exit 1; }
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
work=$(mktemp -d /tmp/docs-examples.XXXXXX)
server_pid=
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The examples name http://localhost:5137 (what `dotnet run` listens on); this run uses its own free port.
dotnet run --project src/Crm.Saas.Api -c Release --no-build -- \
  --Database:DataDirectory="$work/data" --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  command curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { echo "docs-examples: the API did not start:" >&2; tail -30 "$work/server.log" >&2; exit 1; }
  sleep 0.5
done

export DOCS_FAILS="$work/fails" DOCS_EXPECT=""
: >"$DOCS_FAILS"

# Every curl of the examples goes through this: the answer goes to stdout as usual, its status is checked here
# (also inside $(...) and pipelines, which run in subshells, hence the file).
curl() {
  local body status
  body=$(mktemp "$work/body.XXXXXX")
  if ! status=$(command curl -o "$body" -w '%{http_code}' "$@"); then
    echo "curl itself failed (exit $?)" >>"$DOCS_FAILS"
  fi
  cat "$body"
  rm -f "$body"
  if [[ -n "$DOCS_EXPECT" ]]; then
    [[ "$status" == "$DOCS_EXPECT" ]] || echo "HTTP $status, the text promises $DOCS_EXPECT" >>"$DOCS_FAILS"
  elif [[ ! "$status" =~ ^[123] ]]; then
    echo "HTTP $status" >>"$DOCS_FAILS"
  fi
  echo "   [HTTP $status]" >&2
}

# Logical commands of the ```sh blocks: lines joined at trailing backslashes, blank lines dropped.
commands() {
  awk '
    /^```sh[[:space:]]*$/ { inblock = 1; next }
    /^```/ { if (inblock && pending != "") { print pending; pending = "" } inblock = 0; next }
    inblock {
      line = $0
      if (line ~ /^[[:space:]]*$/) next
      if (line ~ /\\$/) { sub(/\\$/, "", line); pending = pending line; next }
      print pending line; pending = ""
    }' "$1"
}

count=0
for file in "${files[@]}"; do
  echo "== $file" >&2
  while IFS= read -r -u 3 cmd; do
    count=$((count + 1))
    cmd=${cmd//http:\/\/localhost:5137/http://127.0.0.1:$port}
    DOCS_EXPECT=""
    if [[ "$cmd" =~ \#[[:space:]]*([1-5][0-9][0-9])([^0-9]|$) ]]; then DOCS_EXPECT=${BASH_REMATCH[1]}; fi
    echo "\$ ${cmd:0:160}" >&2
    eval "$cmd" </dev/null >"$work/out"
    rc=$?
    head -c 400 "$work/out" >&2
    echo >&2
    if [[ $rc -ne 0 || -s "$DOCS_FAILS" ]]; then
      echo "docs-examples: FAILED in $file, command $count: $(cat "$DOCS_FAILS") (exit $rc)" >&2
      echo "   $cmd" >&2
      exit 1
    fi
  done 3< <(commands "$file")
done

echo "docs-examples: all $count commands ran as documented in $((SECONDS - started)) s" >&2
