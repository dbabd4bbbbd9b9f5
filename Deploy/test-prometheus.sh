#!/usr/bin/env bash
# Runs a real Prometheus (Debian's package) on loopback scraping a running
# readinessd under load, and checks the monitoring material:
#   - the lag and throughput series arrive (Prometheus HTTP API),
#   - `promtool check metrics` finds no problem in /metrics,
#   - Prometheus loads Deploy/prometheus/alerts.yml, `promtool check rules`
#     and `promtool test rules Deploy/prometheus/alerts.test.yml` pass,
#   - every metric the Grafana dashboard and the alerts query exists.
# One PASS/FAIL line per check, then "N passed, N failed"; non-zero exit when
# a check fails.
#
#   Deploy/test-prometheus.sh [BINARY]   (default: .build/release/readinessd, else .build/debug/readinessd)
#
# Installs prometheus and kcat with apt-get when missing (needs root then).
# Everything listens on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

binary=${1:-}
if [ -z "$binary" ]; then
    for candidate in .build/release/readinessd .build/debug/readinessd; do
        if [ -x "$candidate" ]; then binary=$candidate; break; fi
    done
fi
[ -n "$binary" ] && [ -x "$binary" ] || { echo "test-prometheus: no readinessd binary (build it, or pass its path)" >&2; exit 2; }
binary=$(realpath "$binary")

if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null || ! command -v kcat >/dev/null; then
    [ "$(id -u)" = 0 ] || { echo "test-prometheus: needs prometheus, promtool and kcat (apt-get install prometheus kcat)" >&2; exit 2; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus kcat >/dev/null
fi
echo "test-prometheus: $(prometheus --version 2>&1 | head -1)"

# Free loopback ports for the daemon's listener and Prometheus.
free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 20000))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
}
metrics_port=$(free_port)
prometheus_port=$(free_port)
while [ "$prometheus_port" = "$metrics_port" ]; do prometheus_port=$(free_port); done

work=$(mktemp -d)
daemon_pid=""
prometheus_pid=""
load_pid=""
cleanup() {
    local status=$?
    for pid in $load_pid $prometheus_pid $daemon_pid; do
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
            kill -KILL "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

passed=0
failed=0
check() {
    local name=$1
    shift
    if "$@"; then echo "PASS $name"; passed=$((passed + 1)); else echo "FAIL $name"; failed=$((failed + 1)); fi
}
why() { echo "    $*" >&2; return 1; }
wait_for() {
    local seconds=$1
    shift
    local deadline=$((SECONDS + seconds))
    until "$@"; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.2
    done
}
# GET http://127.0.0.1:$1$2, body only (no curl needed).
http_get() {
    local response
    response=$(exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$2" >&3 && cat <&3) || return 1
    printf '%s\n' "${response#*$'\r\n\r\n'}"
}
# A Prometheus instant query; prints the API's JSON.
urlencode() {
    local text=$1 out="" char i
    for ((i = 0; i < ${#text}; i++)); do
        char=${text:i:1}
        case "$char" in [a-zA-Z0-9._~-]) out+=$char ;; *) out+=$(printf '%%%02X' "'$char") ;; esac
    done
    printf '%s' "$out"
}
query() { http_get "$prometheus_port" "/api/v1/query?query=$(urlencode "$1")"; }
has_result() { query "$1" | grep -q '"result":\[{'; }

# --- The daemon (sample configuration, embedded broker) ---------------------
cp -r Config "$work/config"
export READINESSD_HTTP_ADDRESS=127.0.0.1:$metrics_port
export READINESSD_KAFKA_STATISTICS_INTERVAL_MS=1000
export READINESSD_LOG_FORMAT=json
"$binary" run --config "$work/config/readinessd.yaml" >"$work/daemon.log" 2>&1 &
daemon_pid=$!
ready() { http_get "$metrics_port" /readyz 2>/dev/null | grep -q ready; }
if ! wait_for 120 ready; then
    tail -20 "$work/daemon.log" >&2
    echo "test-prometheus: the daemon did not become ready" >&2
    exit 1
fi
broker=$(cat "$work/config/.embedded-bootstrap")

# --- Prometheus --------------------------------------------------------------
cp Deploy/prometheus/alerts.yml "$work/alerts.yml"
cat >"$work/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - $work/alerts.yml
scrape_configs:
  - job_name: readinessd
    static_configs:
      - targets: ["127.0.0.1:$metrics_port"]
EOF
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
    --web.listen-address="127.0.0.1:$prometheus_port" >"$work/prometheus.log" 2>&1 &
prometheus_pid=$!
prometheus_ready() { http_get "$prometheus_port" /-/ready 2>/dev/null | grep -qi ready; }
if ! wait_for 60 prometheus_ready; then
    tail -20 "$work/prometheus.log" >&2
    echo "test-prometheus: Prometheus did not start" >&2
    exit 1
fi

# --- Load: requests through kcat, in the background ---------------------------
awk 'BEGIN { split("tenant-demo tenant-ready tenant-trial tenant-new tenant-legacy tenant-archive", t, " ")
    for (i = 1; i <= 20000; i++) { k = t[i % 6 + 1]
    printf "%s\t{\"schema_version\":\"cavra.saas_control_plane.request.v1\",\"operation\":\"policy_registry_readiness\",\"tenant_id\":\"%s\",\"requested_by\":\"prometheus-test\",\"correlation_id\":\"p-%d\",\"payload\":{}}\n", k, k, i } }' \
    >"$work/requests.tsv"
# Sustained load (a rate needs two scrapes to see consumption): the file again and again until the checks end.
(
    while kcat -b "$broker" -P -t policy-registry-readiness.requests -K '\t' -X message.timeout.ms=5000 -l "$work/requests.tsv"; do
        sleep 0.5
    done
) &
load_pid=$!

check_scraped() { wait_for 60 has_result 'up{job="readinessd"} == 1' || why "target not up: $(query 'up')"; }
check "Prometheus scrapes the daemon (up == 1)" check_scraped

check_throughput() {
    wait_for 60 has_result 'rate(readinessd_requests_consumed_total[10s]) > 0' \
        || why "no consumption rate: $(query 'readinessd_requests_consumed_total')" || return 1
    wait_for 30 has_result 'rate(readinessd_responses_total[10s]) > 0' || why "no response rate"
}
check "throughput series arrive (consumed and responses rates > 0)" check_throughput

check_lag() {
    wait_for 60 has_result 'readinessd_consumer_lag{topic="policy-registry-readiness.requests"}' \
        || why "no readinessd_consumer_lag series" || return 1
    wait_for 30 has_result 'readinessd_consumer_lag_all_partitions' || why "no readinessd_consumer_lag_all_partitions"
    local partitions
    partitions=$(query 'count(readinessd_consumer_lag)' | sed -nE 's/.*"value":\[[0-9.]+,"([0-9]+)"\].*/\1/p')
    echo "    lag series for ${partitions:-?} partitions"
}
check "lag series arrive per partition" check_lag

check_promtool_metrics() {
    local body problems
    body=$(http_get "$metrics_port" /metrics) || why "cannot read /metrics" || return 1
    problems=$(printf '%s\n' "$body" | promtool check metrics 2>&1) || { echo "$problems" | sed 's/^/    /' >&2; return 1; }
    [ -z "$problems" ] || { echo "$problems" | sed 's/^/    /' >&2; return 1; }
}
check "promtool check metrics finds no problem in /metrics" check_promtool_metrics

check_rules_loaded() {
    local rules
    rules=$(http_get "$prometheus_port" /api/v1/rules)
    for alert in ReadinessdInstanceDown ReadinessdConsumerLagGrowing ReadinessdNoProgress ReadinessdProduceFailing \
        ReadinessdIntakeStalled ReadinessdSnapshotReloadFailing ReadinessdOutputTooLarge; do
        echo "$rules" | grep -q "\"name\":\"$alert\"" || why "$alert not loaded" || return 1
    done
    ! echo "$rules" | grep -q '"health":"err' || why "a rule evaluates with an error: $rules"
}
check "Prometheus loads alerts.yml and evaluates every rule without error" check_rules_loaded

check_promtool_rules() {
    promtool check rules Deploy/prometheus/alerts.yml >/dev/null || return 1
    (cd Deploy/prometheus && promtool test rules alerts.test.yml)
}
check "promtool test rules alerts.test.yml passes" check_promtool_rules

# Every readinessd_* metric the alerts and the dashboard use is one the daemon exports
# (output_too_large comes as a reason label; it need not have happened yet).
check_names() {
    local exported missing="" name
    exported=$(http_get "$metrics_port" /metrics | sed -nE 's/^# TYPE (readinessd_[a-z_]+) (histogram|summary).*/\1_bucket\n\1_sum\n\1_count/p; s/^# TYPE (readinessd_[a-z_]+) .*/\1/p' | sort -u)
    for name in $(grep -ohE 'readinessd_[a-z_]+' Deploy/prometheus/alerts.yml Deploy/grafana/readinessd.json | sort -u); do
        echo "$exported" | grep -qx "$name" || missing="$missing $name"
    done
    [ -z "$missing" ] || why "not exported:$missing"
}
check "every metric in alerts.yml and the Grafana dashboard is exported" check_names

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
