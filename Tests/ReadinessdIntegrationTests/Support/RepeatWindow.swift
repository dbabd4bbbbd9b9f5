import KafkaClient

/// The repeated outputs that landed between two snapshots of the output topics' end offsets.
///
/// Every output lands at an offset of its output partition, so a high-watermark snapshot taken at an
/// instant splits the outputs into those produced before and after it. An output is a *repeat* when
/// its input position (source partition and offset) already had an output: one produced before the
/// window, or one earlier in the window (lower offset in the same output partition, or, across
/// output partitions, any other one: unkeyed rejections may land on different partitions).
struct RepeatWindow {
    /// A repeated output inside the window.
    struct Repeat: Hashable {
        var source: SourcePosition
        var outputTopic: String
        var outputPartition: Int32
        var outputOffset: Int64
    }

    /// The repeats inside the window, in source order.
    let repeats: [Repeat]

    /// Finds the repeats among `outputs` whose output offsets lie in `[from, to)` per output
    /// partition (`to == nil`: everything from `from` on).
    init(_ outputs: [OutputMessage], from: OutputEnds, to: OutputEnds?) {
        var bySource: [SourcePosition: [OutputMessage]] = [:]
        for output in outputs {
            bySource[SourcePosition(partition: output.sourcePartition, offset: output.sourceOffset), default: []].append(output)
        }
        var found: [Repeat] = []
        for (source, answers) in bySource where answers.count > 1 {
            let inside = answers.filter { from.isAtOrAfter($0) && !(to?.isAtOrAfter($0) ?? false) }
                .sorted { ($0.topic, $0.partition, $0.offset) < ($1.topic, $1.partition, $1.offset) }
            guard !inside.isEmpty else { continue }
            let answeredBefore = answers.contains { !from.isAtOrAfter($0) }
            for output in inside.dropFirst(answeredBefore ? 0 : 1) {
                found.append(Repeat(source: source, outputTopic: output.topic, outputPartition: output.partition,
                                    outputOffset: output.offset))
            }
        }
        repeats = found.sorted { ($0.source.partition, $0.source.offset) < ($1.source.partition, $1.source.offset) }
    }

    /// Repeats by source partition.
    var bySourcePartition: [Int32: Int] {
        repeats.reduce(into: [:]) { $0[$1.source.partition, default: 0] += 1 }
    }

    /// `partition:count(first..last offset)` for each source partition with repeats.
    var summary: String {
        Dictionary(grouping: repeats, by: \.source.partition).sorted { $0.key < $1.key }.map { partition, list in
            "\(partition):\(list.count)(\(list.first!.source.offset)..\(list.last!.source.offset))"
        }.joined(separator: " ")
    }
}
