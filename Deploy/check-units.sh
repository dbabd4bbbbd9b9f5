#!/usr/bin/env bash
# Checks the systemd units offline: `systemd-analyze verify` and the exposure
# score of `systemd-analyze security --offline=true` (must be ≤ 2.0, "OK").
# Works without a running systemd. Usage: Deploy/check-units.sh [path/to/readinessd]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-$(pwd)/.build/debug/readinessd}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for unit in Deploy/systemd/*.service; do
    name=$(basename "$unit")
    # verify needs the ExecStart binary to exist: point it at the built one.
    sed "s|/usr/local/bin/readinessd|$binary|g" "$unit" >"$work/$name"
    if ! systemd-analyze verify "$work/$name"; then status=1; fi
    score=$(systemd-analyze security --offline=true "$work/$name" 2>/dev/null | sed -n 's/.*Overall exposure level for .*: \([0-9.]*\).*/\1/p')
    echo "$name: exposure $score"
    awk -v s="$score" 'BEGIN { exit !(s != "" && s <= 2.0) }' || { echo "$name: exposure above 2.0" >&2; status=1; }
done
exit $status
