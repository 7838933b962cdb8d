#!/usr/bin/env bash
# Regenerates the partner contract and what is generated from it, after endpoints changed (or after a merge):
#   1. openapi/crm.v1.json, from the build (the drift test writes it),
#   2. the TypeScript SDK's types (sdk/typescript/src/schema.ts), from that document,
# then lints the document and type-checks the TypeScript SDK. The C# SDK is written against the document; its
# contract test (ClientContractTests) says which client method no longer matches. Commit everything it changes.
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet build Crm.Saas.sln -c Release -nologo -v q
UPDATE_OPENAPI=1 dotnet test tests/Crm.Saas.Api.Tests -c Release --no-build \
  --filter "FullyQualifiedName~OpenApiDocumentTests" -v q

cd sdk/typescript
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run --silent generate
npm run --silent lint:openapi
npm run --silent build
echo "Regenerated openapi/crm.v1.json and sdk/typescript/src/schema.ts; review with git diff, add a CHANGELOG.md line, commit."
