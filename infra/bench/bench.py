#!/usr/bin/env python3
"""HTTP-side helper of infra/bench/run.sh: sign tenants up, seed customers, write wrk target files, touch tenants,
and turn the run's JSON results into the summary table. Standard library only; talks to 127.0.0.1 only.

Every subcommand reads and writes files in the run's state folder (--state). run.sh owns the processes."""

import argparse
import collections
import concurrent.futures
import http.client
import json
import os
import secrets
import statistics
import sys
import threading
import time
import urllib.parse

TOKEN_REFRESH_AFTER_S = 10 * 60  # access tokens live 15 minutes; refresh well before
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


# ---------------------------------------------------------------- HTTP


class Client:
    """One keep-alive connection per thread to a loopback base URL."""

    def __init__(self, base_url, timeout=60):
        parts = urllib.parse.urlsplit(base_url)
        if parts.hostname not in LOOPBACK:
            raise SystemExit(f"refusing non-loopback target {base_url}")
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self.local = threading.local()

    def _conn(self):
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self.local.conn = conn
        return conn

    def request(self, method, path, body=None, token=None):
        """(status, parsed body or text, elapsed seconds). Retries once on a dropped keep-alive connection."""
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = "Bearer " + token
        for attempt in (1, 2):
            conn = self._conn()
            started = time.perf_counter()
            try:
                conn.request(method, path, body=data, headers=headers)
                response = conn.getresponse()
                raw = response.read()
                elapsed = time.perf_counter() - started
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                conn.close()
                self.local.conn = None
                if attempt == 2:
                    raise
                continue
            text = raw.decode("utf-8", "replace")
            try:
                parsed = json.loads(text) if text else None
            except ValueError:
                parsed = text
            return response.status, parsed, elapsed
        raise AssertionError("unreachable")


def percentile(values, p):
    """Nearest-rank percentile of a list of numbers (None when empty)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, int(-(-p * len(ordered) // 100)))  # ceil(p/100 * n)
    return ordered[min(rank, len(ordered)) - 1]


def latency_stats(seconds):
    ms = [s * 1000 for s in seconds]
    if not ms:
        return {}
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 50), 1),
        "p95_ms": round(percentile(ms, 95), 1),
        "p99_ms": round(percentile(ms, 99), 1),
        "max_ms": round(max(ms), 1),
        "mean_ms": round(statistics.fmean(ms), 1),
    }


def load(state, name):
    with open(os.path.join(state, name)) as f:
        return json.load(f)


def save(state, name, value):
    path = os.path.join(state, name)
    with open(path + ".tmp", "w") as f:
        json.dump(value, f, indent=1)
    os.replace(path + ".tmp", path)


def short(value, n=300):
    text = value if isinstance(value, str) else json.dumps(value)
    return text[:n]


def refresh_tokens(client, tenants, concurrency=4):
    """Re-issue tokens older than TOKEN_REFRESH_AFTER_S through POST /v1/auth/token. Returns how many were refreshed."""
    stale = [t for t in tenants if time.time() - t["tokenAt"] > TOKEN_REFRESH_AFTER_S]

    def one(t):
        status, body, _ = client.request("POST", "/v1/auth/token",
                                         {"tenant": t["slug"], "email": t["email"], "password": t["password"]})
        if status != 200:
            raise SystemExit(f"token refresh for {t['slug']} failed: {status} {short(body)}")
        t["token"], t["tokenAt"] = body["accessToken"], time.time()

    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, stale))
    return len(stale)


# ---------------------------------------------------------------- subcommands


def cmd_signup(args):
    client = Client(args.api)
    run = secrets.token_hex(3)
    results = [None] * args.count

    def one(i):
        slug = f"bench-{run}-{i:05d}"
        email = f"owner{i:05d}-{run}@bench.example"
        password = "Pw" + secrets.token_hex(8) + "9x"
        body = {"companyName": f"Bench Company {i}", "slug": slug, "ownerEmail": email, "ownerPassword": password}
        try:
            status, reply, elapsed = client.request("POST", "/v1/signup", body)
        except Exception as e:  # noqa: BLE001 - recorded as a failure, reported in the summary
            results[i] = {"i": i, "slug": slug, "status": 0, "error": repr(e), "elapsed": None}
            return
        record = {"i": i, "slug": slug, "email": email, "password": password, "status": status, "elapsed": elapsed}
        if status == 201:
            record.update(tenantId=reply["tenantId"], schema="t_" + reply["tenantId"].replace("-", ""),
                          token=reply["accessToken"], tokenAt=time.time())
        else:
            record["error"] = short(reply)
        results[i] = record

    # The first few one at a time: provisioning's own latency, with no queueing behind other sign-ups.
    sequential = min(args.sequential_first, args.count)
    for i in range(sequential):
        one(i)
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(args.concurrency) as pool:
        list(pool.map(one, range(sequential, args.count)))
    wall = time.perf_counter() - started
    concurrent_ok = [r for r in results[sequential:] if r["status"] == 201]
    sequential_ok = [r for r in results[:sequential] if r["status"] == 201]

    ok = [r for r in results if r["status"] == 201]
    failed = [r for r in results if r["status"] != 201]
    save(args.state, "tenants.json", ok)
    summary = {
        "requested": args.count,
        "created": len(ok),
        "failed": len(failed),
        "failures_sample": [f"{r['status']} {r.get('error', '')}" for r in failed[:5]],
        "concurrency": args.concurrency,
        "concurrent_count": len(concurrent_ok),
        "wall_s": round(wall, 1),
        "per_second": round(len(concurrent_ok) / wall, 1) if wall else None,
        # Latency of successful concurrent sign-ups (a failure's latency says nothing about provisioning).
        "latency": latency_stats([r["elapsed"] for r in concurrent_ok]),
        # One at a time (the first ones, so a cold process and an empty catalog).
        "sequential_count": len(sequential_ok),
        "sequential_latency": latency_stats([r["elapsed"] for r in sequential_ok]),
        # The first 10% against the last 10% of the concurrent ones: does provisioning slow down as tenants grow?
        "first_decile": latency_stats([r["elapsed"] for r in concurrent_ok[: max(1, len(concurrent_ok) // 10)]]),
        "last_decile": latency_stats([r["elapsed"] for r in concurrent_ok[-max(1, len(concurrent_ok) // 10):]]),
    }
    save(args.state, "signup.json", summary)
    lat = summary["latency"]
    seq = summary["sequential_latency"]
    print(f"signup: {len(ok)}/{args.count} created; {sequential} one at a time: p50 {seq.get('p50_ms')} ms; "
          f"then {len(concurrent_ok)} at concurrency {args.concurrency} in {wall:.1f}s: "
          f"p50 {lat.get('p50_ms')} ms, p95 {lat.get('p95_ms')} ms; {len(failed)} failed")
    for line in summary["failures_sample"]:
        print("  failure:", line)
    return 0 if not failed else 1


def cmd_customers(args):
    client = Client(args.api)
    tenants = load(args.state, "tenants.json")
    refresh_tokens(client, tenants)
    jobs = []  # (tenant index, customer number)
    for ti, t in enumerate(tenants):
        t.setdefault("customers", [])
        count = args.per_tenant if ti < args.wrk_tenants else 1
        jobs.extend((ti, n) for n in range(len(t["customers"]), count))
    created, failures, lock = [], [], threading.Lock()

    def one(job):
        ti, n = job
        t = tenants[ti]
        body = {"kind": "person", "name": f"Customer {n} of {t['slug']}", "email": f"c{n}@customer{ti}.example"}
        status, reply, elapsed = client.request("POST", "/v1/customers", body, token=t["token"])
        with lock:
            if status == 201:
                created.append(elapsed)
                t["customers"].append(reply["id"])
            else:
                failures.append(f"{status} {short(reply)}")

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(args.concurrency) as pool:
        list(pool.map(one, jobs))
    wall = time.perf_counter() - started
    save(args.state, "tenants.json", tenants)
    summary = {"created": len(created), "failed": len(failures), "failures_sample": failures[:5],
               "wall_s": round(wall, 1), "latency": latency_stats(created)}
    save(args.state, "customers.json", summary)
    print(f"customers: {len(created)} created in {wall:.1f}s ({len(failures)} failed); "
          f"POST p50 {summary['latency'].get('p50_ms')} ms")
    for line in failures[:5]:
        print("  failure:", line)
    return 0 if not failures else 1


def cmd_targets(args):
    """wrk target files for the first --wrk-tenants tenants: the same rows for the API and for the baseline."""
    client = Client(args.api)
    tenants = load(args.state, "tenants.json")
    chosen = [t for t in tenants[: args.wrk_tenants] if t.get("customers")]
    refreshed = refresh_tokens(client, chosen)
    save(args.state, "tenants.json", tenants)
    api_lines, baseline_lines = [], []
    for t in chosen:
        for cid in t["customers"][:1] if args.only_first else t["customers"]:
            api_lines.append(f"/v1/customers/{cid}\t{t['token']}")
            baseline_lines.append(f"/customers/{t['schema']}/{cid}")
    with open(os.path.join(args.state, f"api_targets{args.suffix}.tsv"), "w") as f:
        f.write("\n".join(api_lines) + "\n")
    with open(os.path.join(args.state, f"baseline_targets{args.suffix}.tsv"), "w") as f:
        f.write("\n".join(baseline_lines) + "\n")
    print(f"targets: {len(api_lines)} rows over {len(chosen)} tenants ({refreshed} tokens refreshed)")
    return 0


def cmd_verify_baseline(args):
    """Both servers must return the same row for the same target: the comparison is only fair if they do."""
    api, baseline = Client(args.api), Client(args.baseline)
    tenants = load(args.state, "tenants.json")[: args.wrk_tenants]
    checked, problems = 0, []
    for t in tenants[:: max(1, len(tenants) // 10)]:
        cid = t["customers"][-1]
        s1, a, _ = api.request("GET", f"/v1/customers/{cid}", token=t["token"])
        s2, b, _ = baseline.request("GET", f"/customers/{t['schema']}/{cid}")
        checked += 1
        if s1 != 200 or s2 != 200:
            problems.append(f"{t['slug']}: api {s1}, baseline {s2}: {short(a)} / {short(b)}")
            continue
        for key in ("id", "kind", "name", "email", "lifecycleStage", "consent", "tags"):
            if a.get(key) != b.get(key):
                problems.append(f"{t['slug']}: {key} differs: api {a.get(key)!r}, baseline {b.get(key)!r}")
    # A cross-tenant read must fail on the API: tenant A's token with tenant B's customer id.
    if len(tenants) >= 2:
        s, body, _ = api.request("GET", f"/v1/customers/{tenants[1]['customers'][0]}", token=tenants[0]["token"])
        if s != 404:
            problems.append(f"cross-tenant read answered {s} (expected 404): {short(body)}")
    print(f"verify: {checked} rows compared between API and baseline; {len(problems)} problem(s)")
    for p in problems:
        print("  problem:", p)
    return 0 if not problems else 1


def cmd_touch(args):
    """GET one customer of each tenant in [start, stop), --times passes; every answer must be 200."""
    client = Client(args.api)
    tenants = load(args.state, "tenants.json")
    chosen = [t for t in tenants[args.start: args.stop] if t.get("customers")]
    skipped = len(tenants[args.start: args.stop]) - len(chosen)  # no customer to read: its creation failed earlier
    refreshed = refresh_tokens(client, chosen)
    if refreshed:
        save(args.state, "tenants.json", tenants)
    bad, elapsed = [], []
    for _ in range(args.times):
        for t in chosen:
            status, body, took = client.request("GET", f"/v1/customers/{t['customers'][0]}", token=t["token"])
            elapsed.append(took)
            if status != 200:
                bad.append(f"{t['slug']}: {status} {short(body)}")
    stats = latency_stats(elapsed)
    print(f"touch: tenants [{args.start}, {args.stop}) x{args.times}: {len(elapsed)} GETs, {len(bad)} not 200; "
          f"p50 {stats.get('p50_ms')} ms, max {stats.get('max_ms')} ms")
    if skipped:
        print(f"  skipped {skipped} tenant(s) without a customer")
    for line in bad[:5]:
        print("  failure:", line)
    if args.out:
        save(args.state, args.out, {"requests": len(elapsed), "non200": len(bad), "failures_sample": bad[:5],
                                    "latency": stats})
    return 0 if not bad else 1


# ---------------------------------------------------------------- report


def fmt(value, digits=1, unit=""):
    if value is None:
        return "n/a"
    if isinstance(value, (int, float)):
        return f"{value:,.{digits}f}{unit}"
    return str(value)


def verdict(ok):
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def cmd_report(args):
    state = args.state
    have = lambda name: os.path.exists(os.path.join(state, name))  # noqa: E731
    meta = load(state, "meta.json") if have("meta.json") else {}
    rounds = meta.get("rounds", 0)
    wrk = {side: [load(state, f"wrk_{side}_r{r}.json") for r in range(1, rounds + 1) if have(f"wrk_{side}_r{r}.json")]
           for side in ("api", "baseline")}
    wide = {side: load(state, f"wrk_{side}_wide.json") for side in ("api", "baseline") if have(f"wrk_{side}_wide.json")}
    signup = load(state, "signup.json") if have("signup.json") else {}
    customers = load(state, "customers.json") if have("customers.json") else {}
    memory = load(state, "memory.json") if have("memory.json") else {}
    migrate = load(state, "migrate.json") if have("migrate.json") else {}
    touches = [load(state, n) for n in ("touch_10.json", "touch_control.json", "touch_1000.json") if have(n)]
    all_wrk = [r for side in wrk.values() for r in side] + list(wide.values())

    def agg(side, key):
        return median([r.get(key) for r in wrk[side]])

    def sockets(r):
        return sum(r.get(k, 0) for k in ("errors_connect", "errors_read", "errors_write", "errors_timeout"))

    api_rps, base_rps = agg("api", "rps"), agg("baseline", "rps")
    ratio = api_rps / base_rps if api_rps and base_rps else None
    wide_ratio = wide["api"]["rps"] / wide["baseline"]["rps"] if len(wide) == 2 and wide["baseline"]["rps"] else None
    bad_http = sum(r.get("non2xx", 0) for r in all_wrk)
    bad_socket = sum(sockets(r) for r in all_wrk)
    touch_bad = sum(t.get("non200", 0) for t in touches)
    invalid = []
    if bad_http:
        invalid.append(f"{bad_http} non-2xx answers under wrk")
    if bad_socket:
        invalid.append(f"{bad_socket} socket errors/timeouts under wrk")
    if touch_bad:
        invalid.append(f"{touch_bad} non-200 answers while touching tenants")
    if signup.get("failed"):
        invalid.append(f"{signup['failed']} failed sign-ups")
    if customers.get("failed"):
        invalid.append(f"{customers['failed']} failed customer creations")
    if migrate and not migrate.get("ok"):
        invalid.append("migrate did not exit 0 with every tenant migrated")
    for problem in meta.get("problems", []):
        invalid.append(problem)

    growth = memory.get("growth_mb")
    lat = signup.get("latency", {})
    seq = signup.get("sequential_latency", {})
    n_tenants = meta.get("tenants")
    cpu = lambda side, key: agg(side, key)  # noqa: E731
    rows = [
        ("API `GET /v1/customers/{id}` req/s", fmt(api_rps), "", ""),
        ("Baseline (raw Npgsql) req/s", fmt(base_rps), "", ""),
        ("**Ratio API / baseline**", fmt(ratio, 2), "≥ 0.50", verdict(None if ratio is None else ratio >= 0.5)),
        ("API latency p50 / p99", f"{fmt(agg('api', 'p50_ms'), 2)} / {fmt(agg('api', 'p99_ms'), 2)} ms", "", ""),
        ("Baseline latency p50 / p99",
         f"{fmt(agg('baseline', 'p50_ms'), 2)} / {fmt(agg('baseline', 'p99_ms'), 2)} ms", "", ""),
        ("CPU per request, API: server + PostgreSQL",
         f"{fmt(cpu('api', 'server_cpu_us_per_req'), 0)} + {fmt(cpu('api', 'pg_cpu_us_per_req'), 0)} µs", "", ""),
        ("CPU per request, baseline: server + PostgreSQL",
         f"{fmt(cpu('baseline', 'server_cpu_us_per_req'), 0)} + {fmt(cpu('baseline', 'pg_cpu_us_per_req'), 0)} µs", "", ""),
    ]
    if wide:
        rows.append((f"Over all {meta.get('tenants_created', n_tenants)} tenants: API / baseline req/s",
                     f"{fmt(wide.get('api', {}).get('rps'))} / {fmt(wide.get('baseline', {}).get('rps'))} "
                     f"(ratio {fmt(wide_ratio, 2)})", "", ""))
    rows += [
        ("API RSS after touching 10 tenants", fmt(memory.get("rss_10_mb"), 1, " MB"), "", ""),
        (f"API RSS after touching {memory.get('touched', n_tenants)} tenants",
         fmt(memory.get("rss_all_mb"), 1, " MB"), "", ""),
        ("**RSS growth 10 → all tenants**", fmt(growth, 1, " MB"), "≤ 50 MB",
         verdict(None if growth is None else growth <= 50)),
        (f"Provisioning (sign-up) p50 / p95, {signup.get('concurrency', '?')} at a time",
         f"{fmt(lat.get('p50_ms'), 0)} / {fmt(lat.get('p95_ms'), 0)} ms", "p50 ≤ 500 ms",
         verdict(None if lat.get("p50_ms") is None else lat["p50_ms"] <= 500)),
        (f"Provisioning p50 / p95, one at a time (first {signup.get('sequential_count', 0)})",
         f"{fmt(seq.get('p50_ms'), 0)} / {fmt(seq.get('p95_ms'), 0)} ms", "", ""),
        (f"`migrate` {migrate.get('tenants', n_tenants)} tenant schemas (one migration each)",
         fmt(migrate.get("seconds"), 1, " s"), "≤ 60 s",
         verdict(None if migrate.get("seconds") is None else migrate["seconds"] <= 60 and migrate.get("ok"))),
    ]
    out = []
    out.append(f"# Crm.Saas benchmark — {meta.get('finished', meta.get('started', ''))}")
    out.append("")
    out.append(f"Commit `{meta.get('commit', '?')}`{' (src/ had uncommitted changes)' if meta.get('dirty') else ''}; "
               f"{meta.get('cores', '?')} cores, {meta.get('os', '')}; PostgreSQL {meta.get('postgres', '?')}, "
               f".NET SDK {meta.get('dotnet', '?')}; run took {fmt(meta.get('elapsed_s'), 0)} s. "
               f"Load average before the run: {meta.get('loadavg_start', '?')}"
               f"{' — the machine was busy with other work: expect noise' if (meta.get('loadavg_start') or 0) > 1.0 else ''}.")
    out.append("")
    out.append(f"wrk `-t{meta.get('wrk_threads')} -c{meta.get('wrk_connections')} -d{meta.get('wrk_duration')}s` "
               f"after a {meta.get('wrk_first_warmup')} s warm-up per server, then {rounds} round(s) alternating who goes "
               f"first, each after a {meta.get('wrk_warmup')} s warm-up; medians of the rounds shown. "
               f"{meta.get('wrk_tenants')} tenants × {meta.get('per_tenant')} customers, random row per request.")
    out.append("")
    out.append("**VALID**: no errors." if not invalid else "**INVALID RUN**: " + "; ".join(invalid) + ".")
    out.append("")
    out.append("| Measure | Value | Target | |")
    out.append("|---|---:|---|---|")
    for name, value, target, ok in rows:
        out.append(f"| {name} | {value} | {target} | {ok} |")
    out.append("")

    out.append("## Throughput runs")
    out.append("")
    out.append("| Run | Server | req/s | p50 ms | p90 ms | p99 ms | max ms | requests | non-2xx | socket errors "
               "| server CPU µs/req | PostgreSQL CPU µs/req | load avg before |")
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")

    def line(label, side, w):
        return (f"| {label} | {side} | {fmt(w['rps'])} | {fmt(w['p50_ms'], 2)} | {fmt(w['p90_ms'], 2)} | "
                f"{fmt(w['p99_ms'], 2)} | {fmt(w['max_ms'], 1)} | {w['requests']:,} | {w['non2xx']} | {sockets(w)} | "
                f"{fmt(w.get('server_cpu_us_per_req'), 0)} | {fmt(w.get('pg_cpu_us_per_req'), 0)} | "
                f"{fmt(w.get('loadavg_before'), 2)} |")

    for r in range(rounds):
        for side in ("api", "baseline"):
            if r < len(wrk[side]):
                out.append(line(f"round {r + 1}", side, wrk[side][r]))
        if r < min(len(wrk["api"]), len(wrk["baseline"])):
            out.append(f"| round {r + 1} | **ratio** | {wrk['api'][r]['rps'] / wrk['baseline'][r]['rps']:.2f} "
                       "| | | | | | | | | | |")
    for side, w in wide.items():
        out.append(line(f"all {meta.get('tenants_created', n_tenants)} tenants", side, w))
    if wide_ratio is not None:
        out.append(f"| all tenants | **ratio** | {wide_ratio:.2f} | | | | | | | | | | |")
    out.append("")

    if memory:
        out.append("## Memory (VmRSS of a freshly started API)")
        out.append("")
        out.append("| Point | VmRSS MB |")
        out.append("|---|---:|")
        for key, label in (("rss_start_mb", "started, nothing served"),
                           ("rss_10_mb", "after 1 GET on each of 10 tenants"),
                           ("rss_control_mb", f"control: {memory.get('control_requests', '?')} more GETs on the same 10 tenants"),
                           ("rss_all_mb", f"after 1 GET on each of {memory.get('touched', '?')} tenants"),
                           ("hwm_mb", "peak (VmHWM)")):
            if key in memory:
                out.append(f"| {label} | {fmt(memory[key])} |")
        out.append("")
        out.append(f"Growth 10 → {memory.get('touched', '?')} tenants: **{fmt(growth)} MB**; of which not explained by the "
                   f"same number of requests on 10 tenants (all − control): {fmt(memory.get('tenant_growth_mb'))} MB.")
        out.append("")

    if signup:
        out.append("## Provisioning")
        out.append("")
        out.append(f"{signup.get('created')} of {signup.get('requested')} sign-ups succeeded. The first "
                   f"{signup.get('sequential_count', 0)} one at a time: p50 {fmt(seq.get('p50_ms'), 0)} ms, "
                   f"p95 {fmt(seq.get('p95_ms'), 0)} ms, max {fmt(seq.get('max_ms'), 0)} ms. The other "
                   f"{signup.get('concurrent_count', '?')} at concurrency {signup.get('concurrency')} in "
                   f"{fmt(signup.get('wall_s'))} s ({fmt(signup.get('per_second'))}/s): "
                   f"p50 {fmt(lat.get('p50_ms'), 0)} ms, p95 {fmt(lat.get('p95_ms'), 0)} ms, "
                   f"p99 {fmt(lat.get('p99_ms'), 0)} ms, max {fmt(lat.get('max_ms'), 0)} ms; "
                   f"first 10% p50 {fmt(signup.get('first_decile', {}).get('p50_ms'), 0)} ms, "
                   f"last 10% p50 {fmt(signup.get('last_decile', {}).get('p50_ms'), 0)} ms.")
        for text in signup.get("failures_sample", []):
            out.append(f"- failure: `{text}`")
        out.append("")

    if migrate:
        out.append("## Fleet migration")
        out.append("")
        out.append(f"Undid `{migrate.get('latest')}` (down to `{migrate.get('previous')}`) in {migrate.get('tenants')} "
                   f"tenant schemas in {fmt(migrate.get('undo_seconds'))} s, then `Crm.Saas.Api.dll migrate` took "
                   f"**{fmt(migrate.get('seconds'))} s**, exit code {migrate.get('exit_code')}. "
                   f"Summary line: `{migrate.get('summary', '')}`. After it: {migrate.get('at_latest')} tenants recorded "
                   f"at the latest migration, {migrate.get('schemas_with_table')} schemas have `customers` again.")
        if migrate.get("client_cpu_s") is not None:
            out.append(f"CPU used meanwhile: {fmt(migrate['client_cpu_s'])} s by the `migrate` process, "
                       f"{fmt(migrate.get('pg_cpu_s'))} s by PostgreSQL (tenants are migrated one after another, so on an "
                       f"idle machine the wall time is roughly their sum plus round trips); load average before: "
                       f"{fmt(migrate.get('loadavg_before'), 2)}.")
        if migrate.get("per_tenant_ms"):
            pt = migrate["per_tenant_ms"]
            out.append(f"Per-tenant times the command printed: p50 {fmt(pt.get('p50'), 0)} ms, "
                       f"p95 {fmt(pt.get('p95'), 0)} ms, max {fmt(pt.get('max'), 0)} ms.")
        out.append("")

    errors = log_errors(args.logs) if args.logs else {}
    if errors:
        out.append("## Error lines in the servers' logs")
        out.append("")
        out.append("Not counted against validity (the answers were right), but each is something an operator would see:")
        out.append("")
        out.append("| Log | Count | Category and first message line |")
        out.append("|---|---:|---|")
        for (name, what), count in sorted(errors.items(), key=lambda kv: -kv[1]):
            out.append(f"| {name} | {count} | `{what[:200]}` |")
        out.append("")

    if invalid:
        out.append("## Problems")
        out.append("")
        out.extend(f"- {p}" for p in invalid)
        for label, w in [(f"{side} round {r + 1}", x) for side in wrk for r, x in enumerate(wrk[side])] + \
                        [(f"{side} all tenants", x) for side, x in wide.items()]:
            for sample in w.get("bad_samples", [])[:2]:
                out.append(f"- {label} sample: `{sample[:400]}`")
        out.append("")

    text = "\n".join(out)
    with open(args.out, "w") as f:
        f.write(text + "\n")
    print(text)
    return 0


def log_errors(folder):
    """Counts fail:/crit: entries of the .NET console logger in the run's server logs, by category and message."""
    import re
    counts = collections.Counter()
    for name in sorted(os.listdir(folder)):
        if not (name.startswith("api-") or name.startswith("baseline") or name.startswith("migrate")):
            continue
        lines = open(os.path.join(folder, name), errors="replace").read().splitlines()
        for i, text in enumerate(lines):
            if text.startswith(("fail: ", "crit: ")):
                category = text.split(" ", 1)[1]
                message = " ".join(line.strip() for line in lines[i + 1: i + 4] if line.startswith("      "))
                message = re.sub(r"\(\d+ms\)", "(…ms)", message)
                message = re.sub(r"t_[0-9a-f]{32}", "t_…", message)
                counts[(name, f"{category}: {message}")] += 1
    return counts


def cmd_migrate_stats(args):
    """Per-tenant durations from the migrate command's progress lines ("... migrated to X in N ms")."""
    import re
    times = []
    with open(args.log) as f:
        for line in f:
            m = re.search(r"migrated to \S+ in (\d+) ms", line)
            if m:
                times.append(int(m.group(1)))
    if times:
        print(json.dumps({"p50": percentile(times, 50), "p95": percentile(times, 95), "max": max(times),
                          "n": len(times)}))
    else:
        print("{}")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("signup")
    p.add_argument("--api", required=True)
    p.add_argument("--state", required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--concurrency", type=int, default=4)
    p.add_argument("--sequential-first", type=int, default=0)
    p.set_defaults(run=cmd_signup)

    p = sub.add_parser("customers")
    p.add_argument("--api", required=True)
    p.add_argument("--state", required=True)
    p.add_argument("--wrk-tenants", type=int, required=True)
    p.add_argument("--per-tenant", type=int, required=True)
    p.add_argument("--concurrency", type=int, default=4)
    p.set_defaults(run=cmd_customers)

    p = sub.add_parser("targets")
    p.add_argument("--api", required=True)
    p.add_argument("--state", required=True)
    p.add_argument("--wrk-tenants", type=int, required=True)
    p.add_argument("--only-first", action="store_true", help="one customer per tenant")
    p.add_argument("--suffix", default="")
    p.set_defaults(run=cmd_targets)

    p = sub.add_parser("verify-baseline")
    p.add_argument("--api", required=True)
    p.add_argument("--baseline", required=True)
    p.add_argument("--state", required=True)
    p.add_argument("--wrk-tenants", type=int, required=True)
    p.set_defaults(run=cmd_verify_baseline)

    p = sub.add_parser("touch")
    p.add_argument("--api", required=True)
    p.add_argument("--state", required=True)
    p.add_argument("--start", type=int, required=True)
    p.add_argument("--stop", type=int, required=True)
    p.add_argument("--times", type=int, default=1)
    p.add_argument("--out")
    p.set_defaults(run=cmd_touch)

    p = sub.add_parser("migrate-stats")
    p.add_argument("--log", required=True)
    p.set_defaults(run=cmd_migrate_stats)

    p = sub.add_parser("report")
    p.add_argument("--state", required=True)
    p.add_argument("--logs")
    p.add_argument("--out", required=True)
    p.set_defaults(run=cmd_report)

    args = parser.parse_args()
    sys.exit(args.run(args))


if __name__ == "__main__":
    main()
