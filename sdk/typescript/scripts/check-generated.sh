#!/usr/bin/env bash
# Fails when src/schema.ts or src/operations.ts is not what the committed document generates (run sdk/regenerate.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
npx --no-install openapi-typescript ../../openapi/crm.v1.json --output "$out/schema.ts" >/dev/null
node scripts/operations.mjs "$out/operations.ts" >/dev/null
for f in schema.ts operations.ts; do
  if ! diff -q "src/$f" "$out/$f" >/dev/null; then
    echo "sdk/typescript/src/$f is stale: openapi/crm.v1.json changed. Run sdk/regenerate.sh and commit." >&2
    exit 1
  fi
done
echo "generated TypeScript is up to date with openapi/crm.v1.json"
