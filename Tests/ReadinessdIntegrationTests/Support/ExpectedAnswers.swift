import Foundation
import ReadinessContract
import ReadinessRegistry

/// What the contract says the output for a request must be, computed with the engine itself
/// (the same validator, evaluator and encoders `readinessd evaluate` uses), compared byte for byte.
///
/// Times come from the output (`checked_at`, `rejected_at`, `source.timestamp_ms`): everything
/// else must be identical to a fresh evaluation against `snapshot`.
final class ExpectedAnswers {
    let evaluator: ReadinessEvaluator
    let topics: IntegrationTopics
    private var validator: RequestValidator
    private let responder = ReadinessResponder(capacity: 0)
    private let writer = JSONWriter(capacity: 1 << 16)

    init(snapshot: RegistrySnapshot, topics: IntegrationTopics = IntegrationTopics(), maximumMessageBytes: Int = 1 << 20) {
        evaluator = ReadinessEvaluator(snapshot: snapshot)
        self.topics = topics
        validator = RequestValidator(maximumMessageBytes: maximumMessageBytes)
    }

    /// Loads the snapshot at `path` (artifacts verified now, as the daemon does on load).
    convenience init(snapshotPath: String = IntegrationEnvironment.fixtures + "/registry.json") throws {
        self.init(snapshot: try SnapshotLoader.load(path: snapshotPath))
    }

    /// `true` when the request is valid (answered on the responses topic).
    func isValid(_ request: FaultRequest) -> Bool {
        if case .accepted = outcome(request) { return true }
        return false
    }

    private func outcome(_ request: FaultRequest) -> ValidationOutcome {
        guard let value = request.value else { return validator.validate(nil) }
        return value.withUnsafeBytes { validator.validate($0) }
    }

    /// `nil` when `output` is the contract-correct answer to `request` read at `position`, else what is wrong.
    func problem(with output: OutputMessage, for request: FaultRequest, at position: SourcePosition) -> String? {
        guard output.header("x-source-topic") == topics.requests,
              output.sourcePartition == position.partition, output.sourceOffset == position.offset else {
            return "source headers do not name \(position)"
        }
        writer.reset()
        switch outcome(request) {
        case .accepted(let accepted):
            guard output.topic == topics.responses else {
                return "valid request answered on \(output.topic) (\(output.header("x-rejection-reason") ?? "-"))"
            }
            guard output.key == accepted.tenantID, output.header("x-correlation-id") == accepted.correlationID else {
                return "response key/correlation id differ"
            }
            guard let now = timeField("checked_at", in: output.value) else { return "response without checked_at" }
            responder.respond(to: accepted, evaluator: evaluator, now: now, into: writer)
        case .rejected(let rejection):
            guard output.topic == topics.rejections else { return "invalid request (\(rejection.reason.rawValue)) answered on \(output.topic)" }
            guard output.header("x-rejection-reason") == rejection.reason.rawValue else {
                return "rejection reason \(output.header("x-rejection-reason") ?? "-"), expected \(rejection.reason.rawValue)"
            }
            // The echoed tenant id, else the input key when echoable (contract §9.1), else none.
            let expectedKey = rejection.tenantID ?? request.key.flatMap { key in
                key.withUnsafeBytes { DeadLetterKey.isEchoable($0) } ? String(decoding: key, as: UTF8.self) : nil
            }
            guard output.key == expectedKey, output.header("x-correlation-id") == rejection.correlationID else {
                return "rejection key/correlation id differ"
            }
            guard let now = timeField("rejected_at", in: output.value) else { return "rejection without rejected_at" }
            let source = RejectionSource.kafka(topic: topics.requests, partition: position.partition, offset: position.offset,
                                               timestampMilliseconds: integerField("timestamp_ms", in: output.value))
            if let value = request.value {
                value.withUnsafeBytes { RejectionEncoder.encode(rejection, payload: $0, source: source, rejectedAt: now, into: writer) }
            } else {
                RejectionEncoder.encode(rejection, payload: nil, source: source, rejectedAt: now, into: writer)
            }
        }
        let expected = writer.bytes
        guard expected == output.value else {
            return "value differs:\n  expected \(String(decoding: expected, as: UTF8.self))\n  got      \(output.valueText)"
        }
        return nil
    }

    private func textField(_ name: String, in value: [UInt8]) -> Substring? {
        let text = String(decoding: value, as: UTF8.self)
        guard let start = text.range(of: "\"\(name)\":") else { return nil }
        let rest = text[start.upperBound...]
        let end = rest.firstIndex { $0 == "," || $0 == "}" } ?? rest.endIndex
        return rest[..<end]
    }

    private func timeField(_ name: String, in value: [UInt8]) -> Timestamp? {
        textField(name, in: value).flatMap { RFC3339.parse(String($0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")))) }
    }

    private func integerField(_ name: String, in value: [UInt8]) -> Int64? {
        textField(name, in: value).flatMap { Int64($0) }
    }
}
