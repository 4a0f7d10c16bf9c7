#!/usr/bin/env bash
# Runs Nitrolyte's test suite. Installs the npm report assets first if missing (the HTML report tests need them).
# Tests that use ../shared/testdata skip with a message when that folder is absent.
#
# The CLI tests run against the ReadyToRun-published tool, as users get it from ./nitrolyte: build/cli/Nitrolyte.Cli
# is published (when a source file is newer than it) and NITROLYTE_CLI points the test helper (CliHarness) at it, so
# every CLI test starts that binary as a child process. NITROLYTE_TEST_INPROCESS=1 runs them in-process on the JIT
# build instead (faster while iterating); an NITROLYTE_CLI already set is used as it is.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
if [ ! -d node_modules/plotly.js-dist-min ] || [ ! -d node_modules/3dmol ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ "${NITROLYTE_TEST_INPROCESS:-}" = "1" ]; then
  unset NITROLYTE_CLI
elif [ -z "${NITROLYTE_CLI:-}" ]; then
  R2R_DIR="$ROOT/build/cli"
  R2R_BIN="$R2R_DIR/Nitrolyte.Cli"
  if [ ! -x "$R2R_BIN" ] || [ -n "$(find "$ROOT/src" \( -name '*.cs' -o -name '*.csproj' -o -path '*/Data/*' -o -path '*/wwwroot/*' \) -newer "$R2R_BIN" -print -quit)" ]; then
    echo "test.sh: publishing the CLI ReadyToRun into build/cli..." >&2
    dotnet publish "$ROOT/src/Nitrolyte.Cli/Nitrolyte.Cli.csproj" -c Release -r linux-x64 --self-contained false \
      -p:PublishReadyToRun=true -o "$R2R_DIR" --nologo -v quiet -clp:ErrorsOnly
    touch "$R2R_BIN"
  fi
  export NITROLYTE_CLI="$R2R_BIN"
  echo "test.sh: CLI tests run $NITROLYTE_CLI (NITROLYTE_TEST_INPROCESS=1 runs them in-process)" >&2
fi
dotnet test "$ROOT/Nitrolyte.sln" -c Release --nologo "$@"
