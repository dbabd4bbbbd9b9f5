#!/usr/bin/env bash
# Checks the systemd units offline: `systemd-analyze verify` on every unit
# (services and timers) and the exposure score of
# `systemd-analyze security --offline=true` on every service (must be ≤ 2.0, "OK").
# Works without a running systemd. Usage: Deploy/check-units.sh [path/to/readinessd]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$(realpath -m "${1:-.build/debug/readinessd}")  # systemd needs an absolute ExecStart=
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
# verify needs the ExecStart binary to exist, and a timer its service: check copies side by side.
for unit in Deploy/systemd/*.service Deploy/systemd/*.timer; do
    sed "s|/usr/local/bin/readinessd|$binary|g" "$unit" >"$work/$(basename "$unit")"
done
for unit in "$work"/*.service "$work"/*.timer; do
    name=$(basename "$unit")
    if ! systemd-analyze verify "$unit"; then status=1; fi
    case "$name" in *.timer) echo "$name: verified"; continue ;; esac
    score=$(systemd-analyze security --offline=true "$unit" 2>/dev/null | sed -n 's/.*Overall exposure level for .*: \([0-9.]*\).*/\1/p')
    echo "$name: exposure $score"
    awk -v s="$score" 'BEGIN { exit !(s != "" && s <= 2.0) }' || { echo "$name: exposure above 2.0" >&2; status=1; }
done
exit $status
