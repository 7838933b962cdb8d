#!/usr/bin/env bash
# Loyalty benchmark: run by hand (not in CI), loopback only, bounded in time, stops by itself.
#
#   infra/bench/loyalty.sh        # ~3-4 minutes on 2 cores (most of it the build); summary in results/loyalty.md
#
# A throwaway PostgreSQL cluster on a free loopback port and the API (Release) on it; then wrk, one measurement each,
# all in the same run so that the figures are ratios against its baseline (GET of one customer):
#   - GET /v1/customers/{id}/loyalty on the hot customer;
#   - POST …/loyalty/redeem of 1 point on ONE hot account (every request queues on the same account row lock),
#     each with its own Idempotency-Key;
#   - POST …/purchases over many accounts with the programme on (earning, tiers, first-purchase bonus),
#     and the same purchases in a tenant with the programme off, for earning's own cost.
# Afterwards the hot account must hold exactly 1e9 minus the points its entries say were redeemed.
# Knobs: BENCH_WRK_THREADS (2), BENCH_WRK_CONNECTIONS (16), BENCH_WRK_DURATION (10), BENCH_WRK_WARMUP (5),
# BENCH_ACCOUNTS (200), BENCH_TIME_LIMIT (600).
set -Eeuo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
THREADS=${BENCH_WRK_THREADS:-2}
CONNECTIONS=${BENCH_WRK_CONNECTIONS:-16}
DURATION=${BENCH_WRK_DURATION:-10}
WARMUP=${BENCH_WRK_WARMUP:-5}
ACCOUNTS=${BENCH_ACCOUNTS:-200}
TIME_LIMIT=${BENCH_TIME_LIMIT:-600}

RESULTS="$HERE/results"
LOGS="$RESULTS/loyalty-run"
STATE="$LOGS/state"
ARTIFACTS="$HERE/bin/artifacts" # git-ignored, shared with run.sh; apart from anyone's src/*/bin
API_DIR="$ARTIFACTS/bin/Crm.Saas.Api/release"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
STARTED_AT=$EPOCHREALTIME
WORK="" PG_ROOT="" API_PID="" CHILD_PID="" WATCHDOG_PID=""

log() { printf '[loyalty-bench %4.0fs] %s\n' "$(echo "$EPOCHREALTIME - $STARTED_AT" | bc)" "$*"; }
die() { log "FATAL: $*"; exit 1; }
bounded() { # bounded SECONDS CMD...: in the background, so a TERM is handled at once
  local seconds=$1 rc=0
  shift
  timeout --kill-after=10 "$seconds" "$@" &
  CHILD_PID=$!
  wait "$CHILD_PID" || rc=$?
  CHILD_PID=""
  return "$rc"
}
stop_pid() {
  local pid=$1
  [[ -n $pid ]] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}
as_postgres() { (cd /tmp && runuser -u postgres -- "$@"); }
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  set +e
  [[ -n $CHILD_PID ]] && kill -TERM "$CHILD_PID" 2>/dev/null && wait "$CHILD_PID" 2>/dev/null
  stop_pid "$API_PID"
  if [[ -n $PG_ROOT && -d $PG_ROOT ]]; then
    [[ -f $PG_ROOT/data/postmaster.pid ]] && as_postgres "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -m immediate -w stop >/dev/null 2>&1
    cp "$PG_ROOT/server.log" "$LOGS/postgres.log" 2>/dev/null
    rm -rf "$PG_ROOT"
  fi
  [[ -n $WORK ]] && rm -rf "$WORK"
  rm -f "$STATE"/*.tsv "$STATE/tenant.json" # throwaway tokens of a cluster that no longer exists
  if [[ -n $WATCHDOG_PID ]]; then kill -TERM "$WATCHDOG_PID" 2>/dev/null; wait "$WATCHDOG_PID" 2>/dev/null; fi
  log "cleaned up (exit $rc); logs in ${LOGS#"$ROOT"/}"
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated (time limit ${TIME_LIMIT}s or signal)"; exit 124' TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

[[ $(id -u) -eq 0 ]] || die "run as root (PostgreSQL runs as the postgres user through runuser)"
[[ -n $PG_BIN && -x $PG_BIN/initdb ]] || die "PostgreSQL is not installed (apt-get install postgresql)"
command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"

rm -rf "$LOGS"
mkdir -p "$STATE"
WORK="$(mktemp -d /tmp/crm-loyalty-bench-XXXXXX)"
( trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM; sleep "$TIME_LIMIT" & sleeper=$!; wait "$sleeper"; kill -TERM $$ ) &
WATCHDOG_PID=$!

log "building the API (Release)"
bounded 600 dotnet build -c Release "$ROOT/src/Crm.Saas.Api" --artifacts-path "$ARTIFACTS" -nologo -v q >"$LOGS/build.log" 2>&1 \
  || die "API build failed; see $LOGS/build.log"

PG_ROOT="$(mktemp -d /tmp/crm-loyalty-pg-XXXXXX)"
chown postgres:postgres "$PG_ROOT"
PG_PORT="$(free_port)"
as_postgres "$PG_BIN/initdb" -D "$PG_ROOT/data" -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 >"$LOGS/initdb.log" 2>&1 || die "initdb failed"
as_postgres "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -l "$PG_ROOT/server.log" -w -t 60 \
  -o "-p $PG_PORT -k $PG_ROOT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=128MB" \
  start >"$LOGS/pg_ctl.log" 2>&1 || die "PostgreSQL did not start"
psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "CREATE DATABASE crm_bench" >/dev/null
API_PORT="$(free_port)"
API="http://127.0.0.1:$API_PORT"
env -C "$API_DIR" Database__Provider=Postgres "Database__Catalog=Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=crm_bench" \
  "Database__DataDirectory=$WORK/data" RateLimits__AnonymousPerMinute=1000000 RateLimits__PerTenantPerMinute=100000000 \
  RateLimits__PerApiKeyPerMinute=100000000 Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production DOTNET_CLI_TELEMETRY_OPTOUT=1 \
  dotnet Crm.Saas.Api.dll --urls "$API" >"$LOGS/api.log" 2>&1 &
API_PID=$!
for _ in $(seq 1 600); do curl -s -o /dev/null --max-time 2 "$API/health/live" && break; kill -0 "$API_PID" || die "API died; see $LOGS/api.log"; sleep 0.2; done
log "API up on $API, PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"

bounded 300 python3 "$HERE/loyalty.py" setup --api "$API" --state "$STATE" --accounts "$ACCOUNTS" >"$LOGS/setup.txt" 2>&1 || die "setup failed: $(cat "$LOGS/setup.txt")"
python3 - "$STATE/meta.json" <<PY
import json, sys, datetime
json.dump({"started": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
  "commit": "$(git -C "$ROOT" rev-parse --short HEAD)", "cores": $(nproc), "postgres": "$("$PG_BIN/postgres" --version | awk '{print $3}')",
  "threads": $THREADS, "connections": $CONNECTIONS, "duration": $DURATION, "warmup": $WARMUP, "accounts": $ACCOUNTS,
  "loadavg": "$(cut -d' ' -f1-3 /proc/loadavg)"}, open(sys.argv[1], "w"))
PY

measure() { # measure NAME: warm-up, then the measured wrk run, its BENCH_JSON kept as NAME.json
  local name=$1
  BENCH_TARGETS="$STATE/$name.tsv" bounded $((WARMUP + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 5s -s "$HERE/loyalty.lua" "$API" >"$LOGS/wrk-$name-warmup.txt" 2>&1 || true
  BENCH_TARGETS="$STATE/$name.tsv" bounded $((DURATION + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s -s "$HERE/loyalty.lua" "$API" >"$LOGS/wrk-$name.txt" 2>&1 \
    || log "wrk $name failed"
  sed -n 's/^BENCH_JSON //p' "$LOGS/wrk-$name.txt" >"$STATE/$name.json"
  log "$name: $(cat "$STATE/$name.json")"
}
for name in get summary redeem earn purchase; do measure "$name"; done

bounded 120 python3 "$HERE/loyalty.py" check --api "$API" --state "$STATE" >"$STATE/check.json" || log "ledger check found problems"
python3 "$HERE/loyalty.py" report --state "$STATE" --check --out "$RESULTS/loyalty.md"
