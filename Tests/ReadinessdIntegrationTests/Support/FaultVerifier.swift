import Testing

/// Checks a scenario's outputs against its requests, by source offset and correlation id:
/// every request answered at least once, every output contract-correct (``ExpectedAnswers``), and,
/// per input partition, first deliveries in input order within each output partition.
struct FaultVerifier {
    let requests: [FaultRequest]
    let positions: [SourcePosition]
    let expected: ExpectedAnswers
    /// `false` where first deliveries may legitimately leave input order: order is then measured, not required.
    var requiresOrder = true

    /// Verifies `outputs` (all outputs seen, other requests' ones counted as unexpected); records issues, returns figures.
    @discardableResult
    func verify(_ outputs: [OutputMessage], scenario: String, recovery: RecoveryClock, replacements: Int? = nil,
                stalls: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation) -> FaultFigures {
        var figures = FaultFigures(scenario: scenario, requests: requests.count, faults: recovery.faults,
                                   worstRecovery: recovery.worst, replacements: replacements, stalls: stalls)
        let index = Dictionary(uniqueKeysWithValues: positions.enumerated().map { ($1, $0) })
        #expect(index.count == requests.count, "every request produced once", sourceLocation: sourceLocation)
        var answered = Set<SourcePosition>()
        var problems: [String] = []
        for output in outputs {
            let source = SourcePosition(partition: output.sourcePartition, offset: output.sourceOffset)
            guard let request = index[source] else {
                figures.unexpected += 1
                continue
            }
            figures.outputs += 1
            if !answered.insert(source).inserted { figures.duplicates += 1 }
            if let problem = expected.problem(with: output, for: requests[request], at: source) {
                figures.wrong += 1
                if problems.count < 5 { problems.append("request \(request) at \(source): \(problem)") }
            }
        }
        figures.lost = requests.count - answered.count
        figures.outOfOrder = FaultVerifier.firstDeliveriesOutOfOrder(outputs.filter {
            index[SourcePosition(partition: $0.sourcePartition, offset: $0.sourceOffset)] != nil
        })
        print(figures.line)
        #expect(figures.lost == 0, "lost requests in \(scenario)", sourceLocation: sourceLocation)
        #expect(figures.wrong == 0, "wrong outputs in \(scenario): \(problems.joined(separator: "\n"))",
                sourceLocation: sourceLocation)
        if requiresOrder {
            #expect(figures.outOfOrder == 0, "first deliveries out of input order in \(scenario)", sourceLocation: sourceLocation)
        }
        return figures
    }

    /// First deliveries whose source offset is lower than an earlier first delivery of the same
    /// input partition within the same output partition.
    static func firstDeliveriesOutOfOrder(_ outputs: [OutputMessage]) -> Int {
        var seen = Set<SourcePosition>()
        var violations = 0
        let byOutputPartition = Dictionary(grouping: outputs) { "\($0.topic)/\($0.partition)" }
        for (_, messages) in byOutputPartition {
            var last: [Int32: Int64] = [:]
            for message in messages.sorted(by: { $0.offset < $1.offset }) {
                let source = SourcePosition(partition: message.sourcePartition, offset: message.sourceOffset)
                guard seen.insert(source).inserted else { continue }
                if let previous = last[source.partition], previous > source.offset { violations += 1 }
                last[source.partition] = source.offset
            }
        }
        return violations
    }
}
