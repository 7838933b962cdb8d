#!/usr/bin/env bash
# Crm.Saas benchmark suite: run by hand (not in CI), loopback only, bounded in time, stops by itself.
#
#   infra/bench/run.sh            # ~6-10 minutes on 2 cores; summary in infra/bench/results/latest.md
#
# One run: a throwaway PostgreSQL cluster on a free loopback port, the API (Release) and the raw-Npgsql baseline
# built and started, tenants signed up, then (a) GET throughput API vs baseline with wrk, (b) RSS of a fresh API
# after touching 10 and all tenants, plus sign-up latency, (c) `migrate` time for every tenant after undoing the
# latest tenant migration. Every process it starts is stopped on exit, and the cluster is removed.
# Knobs (environment): see README.md.
set -Eeuo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

TENANTS=${BENCH_TENANTS:-1000}
WRK_TENANTS=${BENCH_WRK_TENANTS:-50}
PER_TENANT=${BENCH_PER_TENANT:-20}
SIGNUP_CONCURRENCY=${BENCH_SIGNUP_CONCURRENCY:-4}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
WRK_CONNECTIONS=${BENCH_WRK_CONNECTIONS:-16}
WRK_DURATION=${BENCH_WRK_DURATION:-15}
WRK_WARMUP=${BENCH_WRK_WARMUP:-5}
WRK_FIRST_WARMUP=${BENCH_WRK_FIRST_WARMUP:-30}
WIDE=${BENCH_WIDE:-1}
SIGNUP_SEQUENTIAL=${BENCH_SIGNUP_SEQUENTIAL:-20}
ROUNDS=${BENCH_ROUNDS:-2}
TIME_LIMIT=${BENCH_TIME_LIMIT:-1200}
SMALL=10 # tenants touched before the first memory reading

RESULTS="$HERE/results"
LOGS="$RESULTS/last-run"
STATE="$LOGS/state"
ARTIFACTS="$HERE/bin/artifacts" # bin/ is git-ignored; keeps this build apart from anyone's src/*/bin
API_DIR="$ARTIFACTS/bin/Crm.Saas.Api/release"
BASE_DIR="$ARTIFACTS/bin/Crm.Saas.Bench.Baseline/release"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"

STARTED_AT=$EPOCHREALTIME
WORK=""
PG_ROOT=""
API_PID=""
BASE_PID=""
CHILD_PID=""
WATCHDOG_PID=""
PROBLEMS=()
REPORTED=""

log() { printf '[bench %5.0fs] %s\n' "$(echo "$EPOCHREALTIME - $STARTED_AT" | bc)" "$*"; }
problem() { log "PROBLEM: $*"; PROBLEMS+=("$*"); }
die() { log "FATAL: $*"; exit 1; }

# ------------------------------------------------------------------ process handling

# bounded SECONDS CMD...: runs CMD in the background and waits, so a TERM (watchdog, Ctrl-C) is handled at once.
bounded() {
  local seconds=$1
  shift
  timeout --kill-after=10 "$seconds" "$@" &
  CHILD_PID=$!
  local rc=0
  wait "$CHILD_PID" || rc=$?
  CHILD_PID=""
  return "$rc"
}

stop_pid() { # stop_pid PID: TERM, up to 10 s, then KILL
  local pid=$1
  [[ -n $pid ]] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

as_postgres() { (cd /tmp && runuser -u postgres -- "$@"); }

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  exec 1>&3 2>&4 # a signal may arrive inside a step whose output goes to a log file
  set +e
  [[ -n $CHILD_PID ]] && kill -TERM "$CHILD_PID" 2>/dev/null && wait "$CHILD_PID" 2>/dev/null
  stop_pid "$API_PID"
  stop_pid "$BASE_PID"
  if [[ -n $PG_ROOT && -d $PG_ROOT ]]; then
    log "stopping PostgreSQL and removing the cluster ($(du -sm "$PG_ROOT" 2>/dev/null | cut -f1) MB)"
    [[ -f $PG_ROOT/data/postmaster.pid ]] && as_postgres "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -m immediate -w stop >/dev/null 2>&1
    cp "$PG_ROOT/server.log" "$LOGS/postgres.log" 2>/dev/null
    rm -rf "$PG_ROOT"
  fi
  [[ -n $WORK ]] && rm -rf "$WORK"
  if [[ -z $REPORTED && -d $STATE ]]; then
    [[ $rc -ne 0 ]] && PROBLEMS+=("the run stopped early (exit $rc); figures below are partial")
    write_report || true
  fi
  rm -f "$STATE/tenants.json" "$STATE"/*_targets.tsv # throwaway credentials of a cluster that no longer exists
  if [[ -n $WATCHDOG_PID ]]; then kill -TERM "$WATCHDOG_PID" 2>/dev/null; wait "$WATCHDOG_PID" 2>/dev/null; fi
  log "cleaned up (exit $rc); logs in ${LOGS#"$ROOT"/}"
  exit "$rc"
}
exec 3>&1 4>&2 # the console, for the traps
trap cleanup EXIT
trap 'log "interrupted" >&3; exit 130' INT
trap 'log "terminated (time limit ${TIME_LIMIT}s or signal)" >&3; exit 124' TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# wait_http URL PID SECONDS: until the URL answers at all (any status), while PID lives
wait_http() {
  local url=$1 pid=$2 seconds=$3 deadline=$((SECONDS + $3))
  while ((SECONDS < deadline)); do
    kill -0 "$pid" 2>/dev/null || return 1
    curl -s -o /dev/null --max-time 2 "$url" && return 0
    sleep 0.2
  done
  return 1
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
mb() { echo "scale=1; $1 / 1024" | bc; }

psql_q() { psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d crm_bench "$@"; }
psql_file() { # psql_file SECONDS FILE: one session, stops at the first error
  bounded "$1" psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d crm_bench -f "$2"
}

# step NAME SECONDS CMD...: a bounded step whose output goes to last-run/NAME.txt and is shown after it.
step() {
  local name=$1 seconds=$2 rc=0
  shift 2
  bounded "$seconds" "$@" >"$LOGS/$name.txt" 2>&1 || rc=$?
  cat "$LOGS/$name.txt"
  return "$rc"
}

start_api() { # start_api NAME: a fresh API process; sets API_PID
  local name=$1
  # env execs dotnet, so the PID is the server's own (VmRSS is read from it). Working directory: the build output, as deployed.
  env -C "$API_DIR" "${API_ENV[@]}" dotnet Crm.Saas.Api.dll --urls "http://127.0.0.1:$API_PORT" >"$LOGS/api-$name.log" 2>&1 3>&- 4>&- &
  API_PID=$!
  wait_http "http://127.0.0.1:$API_PORT/health/live" "$API_PID" 180 || die "the API ($name) did not start; see $LOGS/api-$name.log"
  log "API ($name) up: pid $API_PID, port $API_PORT"
}

stop_api() { stop_pid "$API_PID"; API_PID=""; }

meta_set() { # meta_set KEY JSON-VALUE
  python3 -c 'import json, sys; p = sys.argv[1]; m = json.load(open(p)); m[sys.argv[2]] = json.loads(sys.argv[3]); json.dump(m, open(p, "w"), indent=1)' \
    "$STATE/meta.json" "$1" "$2"
}

write_report() {
  META_PROBLEMS="$(printf '%s\n' "${PROBLEMS[@]+"${PROBLEMS[@]}"}")" META_ELAPSED="$(echo "$EPOCHREALTIME - $STARTED_AT" | bc)" \
    python3 - "$STATE/meta.json" <<'PY'
import json, os, sys
path = sys.argv[1]
meta = json.load(open(path)) if os.path.exists(path) else {}
meta["problems"] = [p for p in os.environ.get("META_PROBLEMS", "").splitlines() if p]
meta["elapsed_s"] = float(os.environ["META_ELAPSED"])
import datetime
meta["finished"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
json.dump(meta, open(path, "w"), indent=1)
PY
  python3 "$HERE/bench.py" report --state "$STATE" --logs "$LOGS" --out "$RESULTS/latest.md"
  REPORTED=1
}

# CPU time (ms) of one process, and of the whole PostgreSQL cluster (postmaster, its live children, and the
# children it already reaped), so each measurement also says where the CPU went per request.
CLK_TCK=$(getconf CLK_TCK)
cpu_ms() { awk -v hz="$CLK_TCK" '{printf "%d\n", ($14 + $15) * 1000 / hz}' "/proc/$1/stat"; }
pg_cpu_ms() {
  local postmaster total child
  postmaster=$(head -n 1 "$PG_ROOT/data/postmaster.pid")
  total=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$postmaster/stat")
  for child in $(pgrep -P "$postmaster"); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$child/stat" 2>/dev/null || echo 0)))
  done
  echo $((total * 1000 / CLK_TCK))
}
loadavg() { cut -d' ' -f1 /proc/loadavg; }
# children_cpu_ms VAR: CPU ms used so far by every child this shell has waited for (and by their waited-for
# children), from `times`; run in this shell (a $(...) subshell would count its own children only).
children_cpu_ms() {
  times >"$WORK/times"
  printf -v "$1" '%s' "$(tail -n 1 "$WORK/times" | awk '{
    total = 0
    for (i = 1; i <= 2; i++) { split($i, p, "m"); sub("s", "", p[2]); total += p[1] * 60000 + p[2] * 1000 }
    printf "%d", total }')"
}

# ------------------------------------------------------------------ 0. set-up

[[ $(id -u) -eq 0 ]] || die "run as root (PostgreSQL runs as the postgres user through runuser)"
[[ -n $PG_BIN && -x $PG_BIN/initdb ]] || die "PostgreSQL is not installed (apt-get install postgresql)"
command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
command -v bc >/dev/null || die "bc is not installed (apt-get install bc)"

rm -rf "$LOGS"
mkdir -p "$STATE"
WORK="$(mktemp -d /tmp/crm-bench-XXXXXX)"
( trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM; sleep "$TIME_LIMIT" & sleeper=$!; wait "$sleeper"; kill -TERM $$ ) 3>&- 4>&- &
WATCHDOG_PID=$!

python3 - "$STATE/meta.json" <<PY
import json, sys, datetime
json.dump({
  "started": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
  "commit": "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)",
  "dirty": $([[ -n "$(git -C "$ROOT" status --porcelain -- src 2>/dev/null)" ]] && echo True || echo False),
  "cores": $(nproc), "os": "$(. /etc/os-release && echo "$PRETTY_NAME")",
  "postgres": "$("$PG_BIN/postgres" --version | awk '{print $3}')", "dotnet": "$(cd "$ROOT" && dotnet --version)",
  "tenants": $TENANTS, "wrk_tenants": $WRK_TENANTS, "per_tenant": $PER_TENANT, "signup_concurrency": $SIGNUP_CONCURRENCY,
  "wrk_threads": $WRK_THREADS, "wrk_connections": $WRK_CONNECTIONS, "wrk_duration": $WRK_DURATION,
  "wrk_warmup": $WRK_WARMUP, "wrk_first_warmup": $WRK_FIRST_WARMUP, "rounds": $ROUNDS, "wide": $WIDE,
  "signup_sequential": $SIGNUP_SEQUENTIAL, "loadavg_start": $(loadavg),
}, open(sys.argv[1], "w"), indent=1)
PY
log "run folder $WORK; time limit ${TIME_LIMIT}s; $TENANTS tenants"

# ------------------------------------------------------------------ 1. build

log "building the API and the baseline (Release)"
bounded 600 dotnet build -c Release "$ROOT/src/Crm.Saas.Api" --artifacts-path "$ARTIFACTS" -nologo -v q >"$LOGS/build.log" 2>&1 \
  || die "API build failed; see $LOGS/build.log"
bounded 600 dotnet build -c Release "$HERE/Baseline" --artifacts-path "$ARTIFACTS" -nologo -v q >>"$LOGS/build.log" 2>&1 \
  || die "baseline build failed; see $LOGS/build.log"
[[ -f $API_DIR/Crm.Saas.Api.dll && -f $BASE_DIR/Crm.Saas.Bench.Baseline.dll ]] || die "build output not found under $ARTIFACTS"

# The tenant migrations, and the down script of the latest one (generated now, from the code as it is).
# The EF tool reads the same artifacts layout (MSBuild takes these two properties from the environment).
ef() {
  bounded 300 env -C "$ROOT" UseArtifactsOutput=true ArtifactsPath="$ARTIFACTS" \
    dotnet ef "$@" --context PostgresTenantDbContext --project src/Crm.Saas.Api --configuration Release --no-build
}
bounded 300 env -C "$ROOT" dotnet tool restore >"$LOGS/ef.log" 2>&1 || die "dotnet tool restore failed; see $LOGS/ef.log"
mapfile -t MIGRATIONS < <(ef migrations list --no-connect --prefix-output 2>>"$LOGS/ef.log" | sed -n 's/^data: *//p')
((${#MIGRATIONS[@]} > 0)) || die "no tenant migrations listed; see $LOGS/ef.log"
LATEST="${MIGRATIONS[-1]}"
PREVIOUS="0"
((${#MIGRATIONS[@]} > 1)) && PREVIOUS="${MIGRATIONS[-2]}"
ef migrations script "$LATEST" "$PREVIOUS" --output "$WORK/down.sql" >>"$LOGS/ef.log" 2>&1 || die "down script failed; see $LOGS/ef.log"
cp "$WORK/down.sql" "$LOGS/down.sql"
log "latest tenant migration $LATEST (previous: $PREVIOUS); down script generated"

# ------------------------------------------------------------------ 2. PostgreSQL

PG_ROOT="$(mktemp -d /tmp/crm-bench-pg-XXXXXX)"
chown postgres:postgres "$PG_ROOT"
PG_PORT="$(free_port)"
as_postgres "$PG_BIN/initdb" -D "$PG_ROOT/data" -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 >"$LOGS/initdb.log" 2>&1 \
  || die "initdb failed; see $LOGS/initdb.log"
# Tuned like the tests' throwaway cluster: durability off, it is deleted at the end.
as_postgres "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -l "$PG_ROOT/server.log" -w -t 60 \
  -o "-p $PG_PORT -k $PG_ROOT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400 -c shared_buffers=128MB" \
  start >"$LOGS/pg_ctl.log" 2>&1 || die "PostgreSQL did not start; see $LOGS/pg_ctl.log"
psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "CREATE DATABASE crm_bench" >/dev/null
CATALOG_CS="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=crm_bench"
API_ENV=(Database__Provider=Postgres "Database__Catalog=$CATALOG_CS" "Database__DataDirectory=$WORK/data"
  RateLimits__AnonymousPerMinute=1000000 RateLimits__PerTenantPerMinute=100000000 RateLimits__PerApiKeyPerMinute=100000000
  Billing__Plans__free__Limits__RequestsPerMinute=100000000 Billing__Plans__free__Limits__Customers=100000000 Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production
  DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1)
# shellcheck disable=SC2206 # word splitting wanted: "A=1 B=2"
API_ENV+=(${BENCH_API_ENV:-}) # extra settings for an experiment, e.g. BENCH_API_ENV="Jobs__Server=false"
log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"

API_PORT="$(free_port)"
BASE_PORT="$(free_port)"
API="http://127.0.0.1:$API_PORT"
BASE="http://127.0.0.1:$BASE_PORT"

# ------------------------------------------------------------------ 3. tenants

start_api first
log "signing up $TENANTS tenants, $SIGNUP_CONCURRENCY at a time"
step signup 900 python3 "$HERE/bench.py" signup --api "$API" --state "$STATE" --count "$TENANTS" --concurrency "$SIGNUP_CONCURRENCY" \
  --sequential-first "$SIGNUP_SEQUENTIAL" \
  || problem "some sign-ups failed (see last-run/signup.txt)"
[[ -s $STATE/tenants.json ]] || die "no tenant was signed up"
CREATED=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$STATE/tenants.json")
((CREATED >= WRK_TENANTS)) || die "only $CREATED tenants signed up"
meta_set tenants_created "$CREATED"

log "creating customers: $PER_TENANT in each of the first $WRK_TENANTS tenants, 1 in every other"
step customers 600 python3 "$HERE/bench.py" customers --api "$API" --state "$STATE" --wrk-tenants "$WRK_TENANTS" --per-tenant "$PER_TENANT" \
  || problem "some customer creations failed (see last-run/customers.txt)"

# ------------------------------------------------------------------ 4. (a) throughput: API vs baseline

env -C "$BASE_DIR" "Baseline__Postgres=$CATALOG_CS" Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
  DOTNET_CLI_TELEMETRY_OPTOUT=1 dotnet Crm.Saas.Bench.Baseline.dll --urls "$BASE" >"$LOGS/baseline.log" 2>&1 3>&- 4>&- &
BASE_PID=$!
wait_http "$BASE/" "$BASE_PID" 60 || die "the baseline did not start; see $LOGS/baseline.log"
log "baseline up: pid $BASE_PID, port $BASE_PORT"

step targets 300 python3 "$HERE/bench.py" targets --api "$API" --state "$STATE" --wrk-tenants "$WRK_TENANTS" \
  || die "could not write the wrk targets"
step verify 120 python3 "$HERE/bench.py" verify-baseline --api "$API" --baseline "$BASE" --state "$STATE" --wrk-tenants "$WRK_TENANTS" \
  || problem "the API and the baseline disagree on the rows read (see last-run/verify.txt)"

run_wrk() { # run_wrk SIDE TARGETS PHASE SECONDS RESULT: wrk on the API or the baseline; RESULT names the JSON kept
  local side=$1 targets=$2 phase=$3 seconds=$4 result=$5 url pid out load cpu0 pg0 cpu1 pg1
  if [[ $side == api ]]; then url=$API pid=$API_PID; else url=$BASE pid=$BASE_PID; fi
  out="$LOGS/wrk-${result%.json}-$phase.txt"
  load=$(loadavg)
  cpu0=$(cpu_ms "$pid")
  pg0=$(pg_cpu_ms)
  bounded $((seconds + 60)) env BENCH_TARGETS="$STATE/$targets" \
    wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${seconds}s" --timeout 5s -s "$HERE/get.lua" "$url" >"$out" 2>&1 \
    || problem "wrk against $side failed ($result, $phase); see ${out#"$LOGS"/}"
  cpu1=$(cpu_ms "$pid")
  pg1=$(pg_cpu_ms)
  [[ $phase == measure ]] || return 0
  SERVER_CPU_MS=$((cpu1 - cpu0)) PG_CPU_MS=$((pg1 - pg0)) LOAD_BEFORE=$load python3 - "$out" "$STATE/$result" <<'PY'
import json, os, sys
result, bad = None, []
for line in open(sys.argv[1]):
    if line.startswith("BENCH_JSON "):
        result = json.loads(line[len("BENCH_JSON "):])
    elif line.startswith("BENCH_BAD "):
        bad.append(line[len("BENCH_BAD "):].strip())
if result is None:
    sys.exit(f"no BENCH_JSON line in {sys.argv[1]}")
result["bad_samples"] = bad
n = max(1, result["requests"])
result["server_cpu_us_per_req"] = round(int(os.environ["SERVER_CPU_MS"]) * 1000 / n, 1)
result["pg_cpu_us_per_req"] = round(int(os.environ["PG_CPU_MS"]) * 1000 / n, 1)
result["loadavg_before"] = float(os.environ["LOAD_BEFORE"])
json.dump(result, open(sys.argv[2], "w"), indent=1)
PY
  log "$(printf '%-8s %-13s %s' "$side" "${result%.json}" \
    "$(python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(f\"{r['rps']:.0f} req/s, p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms, non-2xx {r['non2xx']}, socket errors {r['errors_connect']+r['errors_read']+r['errors_write']+r['errors_timeout']}; CPU/req: server {r['server_cpu_us_per_req']} us, PostgreSQL {r['pg_cpu_us_per_req']} us\")" "$STATE/$result")")"
}

# Both servers get one long warm-up first: .NET's tiered JIT and the GC's heap sizing (DATAS) take tens of seconds
# of load to settle, and a server measured cold is measured unfairly low.
log "warming each server up for ${WRK_FIRST_WARMUP}s"
run_wrk api api_targets.tsv warmup "$WRK_FIRST_WARMUP" first
run_wrk baseline baseline_targets.tsv warmup "$WRK_FIRST_WARMUP" first

log "throughput: $ROUNDS round(s) of wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${WRK_DURATION}s (after ${WRK_WARMUP}s warm-up) on each"
for round in $(seq 1 "$ROUNDS"); do
  order=(api baseline)
  ((round % 2 == 0)) && order=(baseline api) # alternate who goes first
  for side in "${order[@]}"; do
    ((WRK_WARMUP > 0)) && run_wrk "$side" "${side}_targets.tsv" warmup "$WRK_WARMUP" "wrk_${side}_r${round}.json"
    run_wrk "$side" "${side}_targets.tsv" measure "$WRK_DURATION" "wrk_${side}_r${round}.json"
  done
done

if [[ $WIDE == 1 ]]; then
  # Every tenant at once (one customer each): more tenants than automatic preparation has slots for.
  step targets-wide 300 python3 "$HERE/bench.py" targets --api "$API" --state "$STATE" --wrk-tenants "$CREATED" --only-first --suffix _wide \
    || die "could not write the wide wrk targets"
  log "throughput over all $CREATED tenants: one round"
  for side in api baseline; do
    ((WRK_WARMUP > 0)) && run_wrk "$side" "${side}_targets_wide.tsv" warmup "$WRK_WARMUP" "wrk_${side}_wide.json"
    run_wrk "$side" "${side}_targets_wide.tsv" measure "$WRK_DURATION" "wrk_${side}_wide.json"
  done
fi
stop_pid "$BASE_PID"
BASE_PID=""
stop_api

# ------------------------------------------------------------------ 5. (b) memory of a fresh API

start_api memory
sleep 2
RSS_START=$(rss_kb "$API_PID")
touch_step() { # touch_step START STOP TIMES OUT
  step "${4%.json}" 600 python3 "$HERE/bench.py" touch --api "$API" --state "$STATE" --start "$1" --stop "$2" --times "$3" --out "$4" \
    || problem "touching tenants [$1, $2) got answers other than 200 (see last-run/${4%.json}.txt)"
  sleep 2
}
touch_step 0 "$SMALL" 1 touch_10.json
RSS_SMALL=$(rss_kb "$API_PID")
# Control: as many more requests as the next step sends, but on the same 10 tenants. What the next step adds
# beyond this is what the extra tenants cost, not what serving requests costs.
CONTROL_TIMES=$(((CREATED - SMALL + SMALL - 1) / SMALL))
touch_step 0 "$SMALL" "$CONTROL_TIMES" touch_control.json
RSS_CONTROL=$(rss_kb "$API_PID")
touch_step "$SMALL" "$CREATED" 1 touch_1000.json
RSS_ALL=$(rss_kb "$API_PID")
HWM=$(hwm_kb "$API_PID")
python3 - "$STATE/memory.json" <<PY
import json, sys
kb = dict(start=$RSS_START, small=$RSS_SMALL, control=$RSS_CONTROL, all=$RSS_ALL, hwm=$HWM)
mb = {k: round(v / 1024, 1) for k, v in kb.items()}
json.dump({"touched": $CREATED, "control_requests": $CONTROL_TIMES * $SMALL,
           "rss_start_mb": mb["start"], "rss_10_mb": mb["small"], "rss_control_mb": mb["control"],
           "rss_all_mb": mb["all"], "hwm_mb": mb["hwm"],
           "growth_mb": round((kb["all"] - kb["small"]) / 1024, 1),
           "tenant_growth_mb": round((kb["all"] - kb["control"]) / 1024, 1)}, open(sys.argv[1], "w"), indent=1)
PY
log "memory: start $(mb "$RSS_START") MB, 10 tenants $(mb "$RSS_SMALL") MB, control $(mb "$RSS_CONTROL") MB, $CREATED tenants $(mb "$RSS_ALL") MB"
stop_api

# ------------------------------------------------------------------ 6. (c) fleet migration

log "undoing $LATEST in every tenant schema"
mapfile -t SCHEMAS < <(psql_q -c "SELECT location FROM platform.tenants WHERE provider = 'Postgres' AND status = 'active' ORDER BY created_at")
FIRST="${SCHEMAS[0]}"
HISTORY_COLUMN=$(psql_q -c "SELECT column_name FROM information_schema.columns WHERE table_schema = '$FIRST' AND table_name = '__EFMigrationsHistory' ORDER BY ordinal_position LIMIT 1")
[[ -n $HISTORY_COLUMN ]] || die "no __EFMigrationsHistory table in $FIRST"
{
  for schema in "${SCHEMAS[@]}"; do
    [[ $schema =~ ^t_[0-9a-f]{32}$ ]] || die "unexpected tenant location '$schema'"
    echo "SET search_path TO $schema;"
    sed '1s/^\xEF\xBB\xBF//' "$WORK/down.sql" # the EF tool writes a byte-order mark
    echo "DELETE FROM $schema.\"__EFMigrationsHistory\" WHERE \"$HISTORY_COLUMN\" = '$LATEST';"
  done
  echo "RESET search_path;"
  if [[ $PREVIOUS == 0 ]]; then
    echo "UPDATE platform.tenants SET schema_version = NULL WHERE status = 'active';"
  else
    echo "UPDATE platform.tenants SET schema_version = '$PREVIOUS' WHERE status = 'active';"
  fi
} >"$WORK/undo.sql"
UNDO_START=$EPOCHREALTIME
psql_file 600 "$WORK/undo.sql" >"$LOGS/undo.log" 2>&1 || die "undoing the migration failed; see $LOGS/undo.log"
UNDO_SECONDS=$(echo "$EPOCHREALTIME - $UNDO_START" | bc)
BEHIND=$(psql_q -c "SELECT count(*) FROM platform.tenants WHERE schema_version IS DISTINCT FROM '$LATEST'")
log "undone in ${UNDO_SECONDS}s; $BEHIND tenants behind"

log "timing: dotnet Crm.Saas.Api.dll migrate"
MIGRATE_LOAD=$(loadavg)
MIGRATE_START=$EPOCHREALTIME
children_cpu_ms MIGRATE_CPU0
MIGRATE_PG0=$(pg_cpu_ms)
MIGRATE_RC=0
bounded 900 env -C "$API_DIR" "${API_ENV[@]}" dotnet Crm.Saas.Api.dll migrate >"$LOGS/migrate.log" 2>&1 || MIGRATE_RC=$?
MIGRATE_SECONDS=$(echo "$EPOCHREALTIME - $MIGRATE_START" | bc)
children_cpu_ms MIGRATE_CPU1
MIGRATE_CPU_MS=$((MIGRATE_CPU1 - MIGRATE_CPU0))
MIGRATE_PG_MS=$(($(pg_cpu_ms) - MIGRATE_PG0))
SUMMARY_LINE=$(grep -E '^tenants: ' "$LOGS/migrate.log" | tail -n 1 || true)
MIGRATED=$(sed -nE 's/^tenants: ([0-9]+) migrated.*/\1/p' <<<"$SUMMARY_LINE")
AT_LATEST=$(psql_q -c "SELECT count(*) FROM platform.tenants WHERE schema_version = '$LATEST'")
WITH_TABLE=$(psql_q -c "SELECT count(*) FROM information_schema.tables WHERE table_name = 'customers' AND table_schema ~ '^t_[0-9a-f]{32}$'")
MIGRATE_OK=False
[[ $MIGRATE_RC -eq 0 && ${MIGRATED:-0} -eq ${#SCHEMAS[@]} ]] && MIGRATE_OK=True
[[ $MIGRATE_OK == True ]] || problem "migrate: exit code $MIGRATE_RC, summary '$SUMMARY_LINE' (expected ${#SCHEMAS[@]} migrated); see last-run/migrate.log"
PER_TENANT_MS=$(python3 "$HERE/bench.py" migrate-stats --log "$LOGS/migrate.log")
SUMMARY_LINE="$SUMMARY_LINE" python3 - "$STATE/migrate.json" <<PY
import json, os, sys
json.dump({"tenants": ${#SCHEMAS[@]}, "latest": "$LATEST", "previous": "$PREVIOUS", "undo_seconds": round($UNDO_SECONDS, 1),
           "seconds": round($MIGRATE_SECONDS, 1), "exit_code": $MIGRATE_RC, "summary": os.environ["SUMMARY_LINE"],
           "migrated": ${MIGRATED:-0}, "ok": $MIGRATE_OK, "at_latest": $AT_LATEST, "schemas_with_table": $WITH_TABLE,
           "per_tenant_ms": $PER_TENANT_MS, "client_cpu_s": round($MIGRATE_CPU_MS / 1000, 1),
           "pg_cpu_s": round($MIGRATE_PG_MS / 1000, 1), "loadavg_before": $MIGRATE_LOAD}, open(sys.argv[1], "w"), indent=1)
PY
log "migrate: ${MIGRATE_SECONDS}s, exit $MIGRATE_RC, '$SUMMARY_LINE'; CPU used: migrate process $((MIGRATE_CPU_MS / 1000)) s, PostgreSQL $((MIGRATE_PG_MS / 1000)) s"

# ------------------------------------------------------------------ 7. report

log "done; summary:"
echo
write_report
