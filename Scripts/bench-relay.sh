#!/usr/bin/env bash
# Measures readinessd against the C relay (the physical limit) with
# ../shared/bench/run-limit.sh, in one invocation on the same backlog.
#
#   Scripts/bench-relay.sh [run-limit.sh options…]
#     e.g. Scripts/bench-relay.sh -n 1000000 -r 1 --only c,worker
#
# Environment: BENCH_DIR (default ../shared/bench), READINESSD_BENCH_PREFETCH
# ("speed", the default, "relay" (the C relay's tuned prefetch), "balanced", "memory", or "custom" with
# READINESSD_BENCH_MIN_MESSAGES and READINESSD_BENCH_KBYTES) picks the consumer
# prefetch settings; READINESSD_BENCH_WRAPPER prefixes the daemon's command line
# (e.g. "heaptrack -o /tmp/readinessd.heap" to see what holds memory at its peak).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BENCH_DIR=${BENCH_DIR:-$ROOT/../shared/bench}
WORK=$(mktemp -d /tmp/readinessd-bench-XXXXXX)

swift build -c release --product readinessd >/dev/null
python3 Scripts/bench-registry.py "$WORK" 1000

case "${READINESSD_BENCH_PREFETCH:-speed}" in
speed) PREFETCH='queued.min.messages: 200000
    queued.max.messages.kbytes: 131072' ;;
relay) PREFETCH='queued.min.messages: 2000000
    queued.max.messages.kbytes: 2097151' ;;
balanced) PREFETCH='queued.min.messages: 50000
    queued.max.messages.kbytes: 65536' ;;
memory) PREFETCH='queued.min.messages: 20000
    queued.max.messages.kbytes: 16384' ;;
custom) PREFETCH="queued.min.messages: ${READINESSD_BENCH_MIN_MESSAGES:?custom needs READINESSD_BENCH_MIN_MESSAGES}
    queued.max.messages.kbytes: ${READINESSD_BENCH_KBYTES:?custom needs READINESSD_BENCH_KBYTES}" ;;
*) echo "READINESSD_BENCH_PREFETCH must be speed, relay, balanced, memory or custom" >&2; exit 2 ;;
esac

cat >"$WORK/bench.yaml" <<YAML
kafka:
  bootstrap_servers: set-by-environment
  consumer_properties:
    $PREFETCH
    fetch.wait.max.ms: 100
registry:
  snapshot: registry.json
processing:
  batch_size: 2000
  max_in_flight: 50000
log:
  level: warning
http:
  address: 127.0.0.1:0   # any free port (logged), so benchmark runs never collide with a running daemon
YAML

cat >"$WORK/worker.sh" <<SH
#!/usr/bin/env bash
# Maps run-limit.sh's variables onto readinessd's environment overrides.
export READINESSD_KAFKA_BOOTSTRAP_SERVERS=\$BROKERS READINESSD_KAFKA_GROUP_ID=\$GROUP
export READINESSD_KAFKA_TOPICS_REQUESTS=\$IN_TOPIC READINESSD_KAFKA_TOPICS_RESPONSES=\$OUT_TOPIC
export READINESSD_KAFKA_TOPICS_REJECTIONS=\$REJ_TOPIC
[ -n "\${FETCH_WAIT_MS:-}" ] && export READINESSD_KAFKA_CONSUMER_PROPERTIES_FETCH_WAIT_MAX_MS=\$FETCH_WAIT_MS
exec ${READINESSD_BENCH_WRAPPER:-} "$ROOT/.build/release/readinessd" run --config "$WORK/bench.yaml"
SH
chmod +x "$WORK/worker.sh"

# run-limit.sh builds its tools and writes results next to itself: work on a copy.
cp -r "$BENCH_DIR" "$WORK/bench"
cd "$WORK/bench"
echo "bench work folder: $WORK"
./run-limit.sh --worker-name readinessd --worker "$WORK/worker.sh" "$@"
