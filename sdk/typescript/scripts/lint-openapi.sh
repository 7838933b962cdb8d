#!/usr/bin/env bash
# Lints openapi/crm.v1.json with Spectral (.spectral.yaml) and Redocly's recommended ruleset (redocly.yaml): any error
# or warning fails, since each one is something a partner's generator or linter trips on.
set -euo pipefail
cd "$(dirname "$0")/.."
contract=../../openapi/crm.v1.json
npx --no-install spectral lint "$contract" --ruleset ../../openapi/.spectral.yaml --fail-severity=warn
report=$(npx --no-install redocly lint "$contract" --config ../../openapi/redocly.yaml --format=json 2>/dev/null || true)
node -e '
  const report = JSON.parse(process.argv[1]);
  const { errors, warnings, ignored } = report.totals;
  for (const p of report.problems) console.error(`${p.severity} ${p.ruleId}: ${p.message} (${p.location?.[0]?.pointer ?? ""})`);
  console.log(`Redocly (recommended): ${errors} errors, ${warnings} warnings, ${ignored} reviewed and ignored`);
  process.exit(errors + warnings > 0 ? 1 : 0);
' "$report"
