import Testing
import KafkaClient

extension IntegrationEnvironment {
    /// Produces raw `requests` (binary keys, tombstones, headers) to the requests topic; returns where each landed.
    /// A request whose delivery failed (an injected produce error) is sent again until it lands.
    @discardableResult
    func produce(_ requests: [FaultRequest]) async throws -> [SourcePosition] {
        let base = UInt64(delivered.positions.withLock { $0.count }) + 1_000_000 * UInt64.random(in: 1000...1_000_000)
        let tokens = (0..<requests.count).map { base + UInt64($0) }
        var pending = Array(requests.indices)
        while !pending.isEmpty {
            for index in pending {
                let request = requests[index]
                do {
                    try await producer.send(topic: topics.requests, key: request.key, value: request.value,
                                            headers: request.headers, token: tokens[index])
                } catch {
                    // An injected non-retriable produce error can leave the topic in an error state
                    // until the next metadata refresh: enqueueing fails until then.
                    try await Wait.until("the requests topic accepts messages again", timeout: .seconds(60)) {
                        (try? producer.produce(topic: topics.requests, key: request.key, value: request.value,
                                               headers: request.headers, token: tokens[index])) != nil
                    }
                }
            }
            let waiting = pending.map { tokens[$0] }
            try await Wait.until("\(waiting.count) requests acknowledged by the broker", timeout: .seconds(90)) {
                let done = delivered.positions.withLock { map in waiting.filter { map[$0] != nil }.count }
                let failed = delivered.failed.withLock { set in waiting.filter { set.contains($0) }.count }
                return done + failed == waiting.count
            }
            pending = delivered.failed.withLock { set in
                pending.filter { set.remove(tokens[$0]) != nil }
            }
        }
        return delivered.positions.withLock { map in tokens.map { map[$0]! } }
    }
}
