import ReadinessContract
import ReadinessRegistry

/// Turns offline input lines into `evaluate` output lines.
struct OfflineEvaluator {
    private var validator: RequestValidator
    private let evaluator: ReadinessEvaluator
    private let now: Timestamp
    private let responder = ReadinessResponder()
    /// Output not yet written to stdout.
    let output = JSONWriter(capacity: 1 << 17)

    init(snapshot: RegistrySnapshot, now: Timestamp, maximumMessageBytes: Int) {
        self.validator = RequestValidator(maximumMessageBytes: maximumMessageBytes)
        self.evaluator = ReadinessEvaluator(snapshot: snapshot)
        self.now = now
    }

    /// Appends the result line for one input line.
    mutating func process(_ line: UnsafeRawBufferPointer, lineNumber: Int) {
        switch validator.validate(line) {
        case .accepted(let request):
            output.raw(#"{"kind":"response","key":"#)
            output.string(request.tenantID)
            output.raw(#","value":"#)
            responder.respond(to: request, evaluator: evaluator, now: now, into: output)
        case .rejected(let rejection):
            output.raw(#"{"kind":"rejection","key":"#)
            output.stringOrNull(rejection.tenantID)
            output.raw(#","value":"#)
            RejectionEncoder.encode(rejection, payload: line, source: .line(lineNumber), rejectedAt: now, into: output)
        }
        output.raw("}\n")
    }

    /// Writes buffered output to stdout.
    mutating func flush() {
        output.buffer.withBytes { Standard.output($0) }
        output.reset()
    }
}
