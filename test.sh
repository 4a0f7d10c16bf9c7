#!/usr/bin/env bash
# Runs Nitrolyte's test suite. Installs the npm report assets first if missing (the HTML report tests need them).
# Tests that use ../shared/testdata skip with a message when that folder is absent.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
if [ ! -d node_modules/plotly.js-dist-min ] || [ ! -d node_modules/3dmol ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
dotnet test "$ROOT/Nitrolyte.sln" -c Release --nologo "$@"
