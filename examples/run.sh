#!/usr/bin/env bash
# The main job on the bundled sample data: examples/ holds small logs written for this project (synthetic, see
# examples/README.md), not real ones. The first command is the main job (everything at once, plus triage.html);
# the others are the per-area commands, each the CLI twin of a cmdlet; --format json gives JSON Lines.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/VirtDiag.Cli -c Release --nologo -v quiet >/dev/null
virtdiag() { dotnet "src/VirtDiag.Cli/bin/Release/net8.0/virtdiag.dll" "$@"; }
step() { printf '\n$ virtdiag %s\n' "$*"; virtdiag "$@"; }

step triage examples/ --html triage.html
step docs list examples/
step vmotion migrations examples/
step vdsm tasks examples/
step vdsm commands examples/ --failed
step psod show examples/esx-esx-c.lab-2026-11-01--12.00-1003/var/run/log/vmkernel.log
step guest failures examples/guest/messages examples/guest/windows-system-event.txt
step guest bugcheck 0xd1
step clock-skew examples/
step timeline examples/ --estimate-clock-skew --severity Warning
