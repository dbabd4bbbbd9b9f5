import KafkaClient
import ReadinessContract
import Testing
@testable import ReadinessWorker
@testable import readinessd

/// `/readyz` and `/healthz` decisions.
@Suite("health probes")
struct ProbeVerdictTests {
    let limit = Duration.seconds(60)

    @Test func readyOnlyWithSnapshotJoinAndAssignment() {
        #expect(ProbeVerdict.readiness(revision: nil, health: nil, produceFailureLimit: limit)
                == ProbeVerdict(isUp: false, reason: "registry snapshot not loaded yet"))
        #expect(!ProbeVerdict.readiness(revision: "r1", health: nil, produceFailureLimit: limit).isUp)
        let health = PipelineHealth()
        #expect(ProbeVerdict.readiness(revision: "r1", health: health, produceFailureLimit: limit).reason
                == "not joined the consumer group yet")
        let partition = TopicPartition(topic: "requests", partition: 0)
        health.assigned([partition])
        #expect(ProbeVerdict.readiness(revision: "r1", health: health, produceFailureLimit: limit)
                == ProbeVerdict(isUp: true, reason: "ready: 1 partitions assigned, registry revision r1"))
        health.revoked([partition])
        #expect(ProbeVerdict.readiness(revision: "r1", health: health, produceFailureLimit: limit)
                == ProbeVerdict(isUp: false, reason: "no input partitions assigned"))
    }

    @Test func persistentProduceFailureMakesItUnready() {
        let health = PipelineHealth()
        health.assigned([TopicPartition(topic: "requests", partition: 0)])
        let start = ContinuousClock.now
        health.produceFailed(at: start)
        health.produceFailed(at: start + .seconds(30))  // keeps the first failure's time
        #expect(ProbeVerdict.readiness(revision: "r1", health: health, produceFailureLimit: limit, now: start + .seconds(59)).isUp)
        let failing = ProbeVerdict.readiness(revision: "r1", health: health, produceFailureLimit: limit, now: start + .seconds(61))
        #expect(!failing.isUp)
        #expect(failing.reason.hasPrefix("producing outputs has failed for 61 s"))
        health.produceSucceeded()
        #expect(ProbeVerdict.readiness(revision: "r1", health: health, produceFailureLimit: limit, now: start + .seconds(61)).isUp)
    }

    @Test func stalledIntakeMakesItUnreadyUntilItRecovers() {
        let health = PipelineHealth()
        let partitions = [TopicPartition(topic: "requests", partition: 0), TopicPartition(topic: "requests", partition: 3)]
        health.assigned(partitions)
        let start = ContinuousClock.now
        health.intakeStalled(.init(since: start, partitions: partitions, waiting: 42))
        let stalled = ProbeVerdict.readiness(revision: "r1", health: health, produceFailureLimit: limit, now: start + .seconds(75))
        #expect(stalled == ProbeVerdict(isUp: false, reason: "intake stalled: 42 requests wait on 2 assigned partitions and nothing was consumed for 75 s; fetching was resumed, see the log"))
        health.intakeRecovered()
        #expect(ProbeVerdict.readiness(revision: "r1", health: health, produceFailureLimit: limit, now: start + .seconds(76)).isUp)
    }

    @Test func livenessFollowsPipelineProgress() {
        #expect(ProbeVerdict.liveness(health: nil, progressTimeout: .seconds(30)).isUp)
        let health = PipelineHealth()
        health.beganWaiting()
        #expect(ProbeVerdict.liveness(health: health, progressTimeout: .seconds(30)).isUp)
        health.handledEvent()  // busy with a batch from now on
        #expect(ProbeVerdict.liveness(health: health, progressTimeout: .seconds(30)).isUp)
        #expect(!ProbeVerdict.liveness(health: health, progressTimeout: .zero).isUp)
    }
}

/// The per-lane outcome counts handed to the metrics once per batch.
@Suite("processing tally")
struct ProcessingTallyTests {
    @Test func countsByStatusAndReason() {
        var tally = ProcessingTally()
        tally.countResponse(.degraded)
        tally.countResponse(.degraded)
        tally.countResponse(.ready)
        tally.countRejection(.sensitiveMaterial)
        #expect(tally.responses == [1, 0, 2, 0])
        #expect(tally.rejections(.sensitiveMaterial) == 1)
        #expect(tally.rejections(.oversized) == 0)
        #expect(tally.rejections.reduce(0, +) == 1)
    }
}
