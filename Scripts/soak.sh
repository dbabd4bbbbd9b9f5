#!/usr/bin/env bash
# Soak run of the fault-injection suite: every scenario at 200,000 requests
# (scenario 7: 5,000 per phase, scenario 8: 20,000) with more fault rounds
# (15 SIGKILLs, 3 rounds of broker outages and of every injected error).
# Prints the per-scenario `fault-figures` lines at the end.
# Usage: Scripts/soak.sh [log-file]
set -euo pipefail
cd "$(dirname "$0")/.."
log=${1:-soak-$(date -u +%Y%m%dT%H%M%SZ).log}
READINESSD_SOAK=1 swift test --filter 'IntegrationTests/Fault' 2>&1 | tee "$log"
echo "--- figures ($log)"
grep -E '^fault-(figures|round)' "$log"
