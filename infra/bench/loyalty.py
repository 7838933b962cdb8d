#!/usr/bin/env python3
"""HTTP side of infra/bench/loyalty.sh: set up tenants, customers and balances, write wrk targets, check the ledger
afterwards and write the summary. Standard library only."""
import argparse
import json
import sys
import urllib.request
import uuid


def call(api, method, path, body=None, token=None, key=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(api + path, data=data, method=method)
    request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", "Bearer " + token)
    if key:
        request.add_header("idempotency-key", key)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")[:300]


def must(expected, result, what):
    status, body = result
    if status != expected:
        sys.exit(f"{what}: expected {expected}, got {status}: {body}")
    return body


PROGRAM = {"enabled": True, "pointsPerUnit": 1, "unitAmount": 100, "rounding": "down", "firstPurchaseBonus": 50,
           "birthdayBonus": 0, "validityMonths": 24, "minimumRedemption": 1, "tierBasis": "points",
           "tiers": [{"name": "Silver", "threshold": 1000, "multiplier": 1.5}, {"name": "Gold", "threshold": 10000, "multiplier": 2}]}


def signup(api, name):
    slug = f"{name}-{uuid.uuid4().hex[:8]}"
    body = must(201, call(api, "POST", "/v1/signup", {"companyName": slug, "slug": slug, "ownerEmail": f"owner@{slug}.example.com",
                                                      "ownerPassword": "Quiet-harbour-2026"}), "signup")
    return body["accessToken"]


def customers(api, token, count):
    ids = []
    for i in range(count):
        body = must(201, call(api, "POST", "/v1/customers", {"kind": "person", "name": f"Customer {i}"}, token), "customer")
        ids.append(body["id"])
    return ids


def setup(args):
    api = args.api
    loyal = signup(api, "loyal")
    must(200, call(api, "PUT", "/v1/loyalty/program", PROGRAM, loyal), "programme")
    plain = signup(api, "plain")  # programme off: the same purchases without earning, for the earning's own cost
    hot = customers(api, loyal, 1)[0]
    must(201, call(api, "POST", f"/v1/customers/{hot}/loyalty/adjust", {"points": 1_000_000_000, "reason": "Bench float"}, loyal, "float"), "float")
    many = customers(api, loyal, args.accounts)
    plain_many = customers(api, plain, args.accounts)
    purchase = json.dumps({"amount": 2500, "currency": "EUR", "occurredAt": "2026-01-15T10:00:00Z", "channel": "store"})
    redeem = json.dumps({"points": 1, "reason": "Bench"})
    with open(f"{args.state}/get.tsv", "w") as f:
        f.write(f"GET\t/v1/customers/{hot}\t{loyal}\t\t\n")
    with open(f"{args.state}/summary.tsv", "w") as f:
        f.write(f"GET\t/v1/customers/{hot}/loyalty\t{loyal}\t\t\n")
    with open(f"{args.state}/redeem.tsv", "w") as f:
        f.write(f"POST\t/v1/customers/{hot}/loyalty/redeem\t{loyal}\t{redeem}\tkey\n")
    with open(f"{args.state}/earn.tsv", "w") as f:
        f.writelines(f"POST\t/v1/customers/{c}/purchases\t{loyal}\t{purchase}\t\n" for c in many)
    with open(f"{args.state}/purchase.tsv", "w") as f:
        f.writelines(f"POST\t/v1/customers/{c}/purchases\t{plain}\t{purchase}\t\n" for c in plain_many)
    json.dump({"token": loyal, "hot": hot, "many": many}, open(f"{args.state}/tenant.json", "w"))


def check(args):
    """After the load: the hot account lost exactly one point per redemption recorded, and every earn account is consistent."""
    state = json.load(open(f"{args.state}/tenant.json"))
    api, token = args.api, state["token"]
    problems = []
    summary = must(200, call(api, "GET", f"/v1/customers/{state['hot']}/loyalty", token=token), "hot summary")
    redeemed = 0
    cursor = None
    while True:
        page = must(200, call(api, "GET", f"/v1/customers/{state['hot']}/loyalty/entries?limit=200" + (f"&cursor={cursor}" if cursor else ""), token=token), "entries")
        redeemed += sum(-e["points"] for e in page["data"] if e["kind"] == "redeem")
        cursor = page.get("nextCursor")
        if not cursor:
            break
    if summary["balance"] != 1_000_000_000 - redeemed:
        problems.append(f"hot account: balance {summary['balance']} but {redeemed} points redeemed from 1e9")
    for customer in state["many"][:20]:
        s = must(200, call(api, "GET", f"/v1/customers/{customer}/loyalty", token=token), "summary")
        if s["balance"] < 0 or s["shortfall"] != 0:
            problems.append(f"earn account {customer}: {s}")
    print(json.dumps({"redeemed": redeemed, "hot_balance": summary["balance"], "problems": problems}))
    return 1 if problems else 0


def report(args):
    results = {}
    for name in ["get", "summary", "redeem", "earn", "purchase"]:
        try:
            results[name] = json.load(open(f"{args.state}/{name}.json"))
        except FileNotFoundError:
            pass
    meta = json.load(open(f"{args.state}/meta.json"))
    check_result = json.load(open(f"{args.state}/check.json")) if args.check else {}
    base = results.get("get", {}).get("rps") or 1
    lines = [
        "# Loyalty benchmark", "",
        f"{meta['started']}, commit {meta['commit']}, {meta['cores']} cores, PostgreSQL {meta['postgres']} on loopback, "
        f"wrk -t{meta['threads']} -c{meta['connections']} -d{meta['duration']}s after {meta['warmup']}s warm-up; load average before: {meta['loadavg']}.",
        "", "| measurement | req/s | × GET customer | p50 ms | p99 ms | non-2xx | socket errors |", "|---|---|---|---|---|---|---|",
    ]
    labels = {"get": "GET /v1/customers/{id} (baseline)", "summary": "GET …/loyalty (balance, tier, expiring)",
              "redeem": "POST …/loyalty/redeem, one hot account", "earn": f"POST purchases, programme on, {meta['accounts']} accounts",
              "purchase": f"POST purchases, programme off, {meta['accounts']} accounts"}
    invalid = []
    for name, label in labels.items():
        r = results.get(name)
        if not r:
            lines.append(f"| {label} | – | – | – | – | – | – |")
            invalid.append(f"{name} missing")
            continue
        errors = r["errors_connect"] + r["errors_read"] + r["errors_timeout"]
        if r["non2xx"] or errors:
            invalid.append(f"{name}: {r['non2xx']} non-2xx, {errors} socket errors")
        lines.append(f"| {label} | {r['rps']:.0f} | {r['rps'] / base:.2f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['non2xx']} | {errors} |")
    if "earn" in results and "purchase" in results:
        lines += ["", f"Earning's own cost: purchases with the programme on run at {results['earn']['rps'] / results['purchase']['rps']:.2f}× "
                      "the rate of the same purchases with it off (lock + tier read + entry, lot and timeline rows)."]
    if check_result:
        lines += ["", f"Ledger check after the load: {check_result['redeemed']} points redeemed on the hot account, balance "
                      f"{check_result['hot_balance']} (= 1e9 − redeemed: {'yes' if not check_result['problems'] else 'NO'})."]
        invalid += check_result["problems"]
    lines += ["", "**INVALID RUN**: " + "; ".join(invalid) if invalid else "Valid run: every answer 2xx, no socket errors, ledger consistent."]
    text = "\n".join(lines) + "\n"
    open(args.out, "w").write(text)
    print(text)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["setup", "check", "report"])
    parser.add_argument("--api")
    parser.add_argument("--state", required=True)
    parser.add_argument("--accounts", type=int, default=200)
    parser.add_argument("--out")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    sys.exit({"setup": setup, "check": check, "report": report}[args.command](args) or 0)
