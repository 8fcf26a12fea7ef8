#!/usr/bin/env bash
# The main job on the bundled sample data (examples/ holds small logs written for this project, not real ones).
set -euo pipefail
cd "$(dirname "$0")/.."
virtdiag() { dotnet run --project src/VirtDiag.Cli -c Release --no-launch-profile -- "$@"; }
virtdiag docs list examples/
