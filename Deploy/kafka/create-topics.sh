#!/usr/bin/env bash
# Creates readinessd's topics on a real Kafka cluster with kafka-topics.sh.
#   BOOTSTRAP=broker:9092 [PARTITIONS=12] [REPLICATION=3] Deploy/kafka/create-topics.sh [--command-config client.properties]
#
# Partitions bound the consumer group's parallelism: one readinessd instance
# per partition at most; 12 leaves room to scale out. Keep the three topics
# at the same count so the load spreads the same way.
#
# Retention: a rejection names its input by topic/partition/offset and
# payload digest instead of copying it, so the *requests* topic must keep
# messages at least as long as the dead-letter review window (here 14 days;
# the rejections topic keeps 30 days so that reviews never lose their
# references to an expired input). Responses are consumed quickly: 3 days.
set -euo pipefail
: "${BOOTSTRAP:?set BOOTSTRAP to the broker list}"
PARTITIONS=${PARTITIONS:-12}
REPLICATION=${REPLICATION:-3}
DAY=86400000

EXTRA=("$@")  # e.g. --command-config client.properties (SASL/SSL)

create() { # name retention_ms
    kafka-topics.sh --bootstrap-server "$BOOTSTRAP" "${EXTRA[@]}" --create --if-not-exists --topic "$1" \
        --partitions "$PARTITIONS" --replication-factor "$REPLICATION" \
        --config retention.ms="$2" --config min.insync.replicas=2 --config cleanup.policy=delete
}

create policy-registry-readiness.requests   $((14 * DAY))
create policy-registry-readiness.responses  $((3 * DAY))
create policy-registry-readiness.rejections $((30 * DAY))
