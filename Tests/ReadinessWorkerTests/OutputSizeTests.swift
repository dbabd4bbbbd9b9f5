import KafkaClient
import Logging
import Testing
@testable import ReadinessWorker

/// Contract §9.3: the size compared with `message.max.bytes` is never below librdkafka's own figure,
/// so an output that passes the check is never refused by the producer for its size.
@Suite(.timeLimit(.minutes(1)))
struct OutputSizeTests {
    static let limit = 2_000

    /// The headers of a rejection, values as long as the pipeline's.
    static let headers = [
        KafkaHeader(name: "x-correlation-id", string: "correlation-0001"),
        KafkaHeader(name: "x-source-topic", string: "policy-registry-readiness.requests"),
        KafkaHeader(name: "x-source-partition", string: "3"),
        KafkaHeader(name: "x-source-offset", string: "1234567"),
        KafkaHeader(name: "x-rejection-reason", string: "sensitive_material"),
    ]

    @Test func everyOutputWithinTheBoundIsAcceptedByTheProducerAndTheBoundIsTight() async throws {
        var logger = Logger(label: "output-size-tests")
        logger.logLevel = .critical
        // Never connects: messages only have to be enqueued (librdkafka checks the size at enqueue).
        let producer = try KafkaProducer(
            configuration: KafkaConfiguration(["bootstrap.servers": "127.0.0.1:9", "message.max.bytes": "\(Self.limit)"]),
            options: KafkaProducerOptions(closeFlushTimeout: .milliseconds(10)), logger: logger, onDeliveryReports: { _ in })
        #expect(producer.maximumMessageBytes == Self.limit, "the limit is read from the producer's configuration")
        let key = Array("tenant-a".utf8)
        let headerBytes = Self.headers.reduce(0) { $0 + ($1.value?.count ?? 0) }
        var largestAccepted = 0
        var refusedWithinBound = 0
        for valueCount in 1_500...2_000 {
            let bound = OutputSize.bound(payloadBytes: key.count + valueCount + headerBytes, headerCount: Self.headers.count)
            let value = [UInt8](repeating: 0x61, count: valueCount)
            let result = Result { () throws(KafkaError) in
                try producer.produce(topic: "responses", key: key, value: value, headers: Self.headers, token: UInt64(valueCount))
            }
            let accepted = (try? result.get()) != nil
            if case .failure(let error) = result {
                #expect(error.code == .messageSizeTooLarge, "only refused for its size: \(error)")
            }
            if accepted { largestAccepted = max(largestAccepted, valueCount) }
            if bound <= Self.limit && !accepted { refusedWithinBound += 1 }
        }
        #expect(refusedWithinBound == 0, "an output within the bound was refused for its size")
        let largestWithinBound = Self.limit - OutputSize.bound(payloadBytes: key.count + headerBytes, headerCount: Self.headers.count)
        #expect(largestAccepted > largestWithinBound, "librdkafka refuses some larger outputs, so this test can fail")
        #expect(largestAccepted - largestWithinBound <= Self.headers.count * 18 + 10, "the bound is within the header names' slack")
        await producer.close()
    }

    @Test func theDefaultLimitIsLibrdkafkasDefault() async throws {
        var logger = Logger(label: "output-size-tests")
        logger.logLevel = .critical
        let producer = try KafkaProducer(configuration: KafkaConfiguration(["bootstrap.servers": "127.0.0.1:9"]), logger: logger,
                                         onDeliveryReports: { _ in })
        #expect(producer.maximumMessageBytes == 1_000_000)
        await producer.close()
    }
}
