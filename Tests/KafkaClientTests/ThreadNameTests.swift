import Foundation
import KafkaClient
import Testing

/// The clients' own threads carry names an operator can find in `top -H` or `ps -L`
/// (Linux ignores names longer than 15 bytes, so these must be short).
@Suite("thread names", .timeLimit(.minutes(1)))
struct ThreadNameTests {
    /// Names of this process's threads, from `/proc/self/task/*/comm`.
    static func threadNames() -> Set<String> {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return Set(tasks.compactMap { task in
            (try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
        })
    }

    @Test func pollAndControlThreadsAreNamed() async throws {
        let configuration = KafkaConfiguration(["bootstrap.servers": "127.0.0.1:9", "group.id": "thread-names"])
        let consumer = try KafkaConsumer(configuration: configuration, logger: TestSupport.logger)
        let producer = try KafkaProducer(configuration: KafkaConfiguration(["bootstrap.servers": "127.0.0.1:9"]),
                                         logger: TestSupport.logger, onDeliveryReports: { _ in })
        let expected: Set<String> = ["kafka-cons-poll", "kafka-cons-ctl", "kafka-prod-poll", "kafka-prod-ctl"]
        try await TestSupport.waitUntil("threads named \(expected.sorted())", timeout: .seconds(10)) {
            expected.isSubset(of: Self.threadNames())
        }
        await consumer.close()
        await producer.close()
    }
}
