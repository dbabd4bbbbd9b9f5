import Foundation
import Testing
@testable import readinessd

/// `promtool check metrics` reports every metric without a `# HELP` line; the help texts
/// live in ``DocumentedMetricsFactory/help``, so a metric added without one fails here,
/// not only in `Deploy/test-prometheus.sh`.
@Suite struct MetricHelpTests {
    /// Every quoted `"readinessd_…"` name in Sources/: metric labels and the names
    /// ``PipelineMetrics`` keeps as constants.
    static func metricNamesInSources() throws -> Set<String> {
        let root = CLI.fixtures.deletingLastPathComponent().deletingLastPathComponent()
        let sources = root.appendingPathComponent("Sources")
        let pattern = try NSRegularExpression(pattern: #""(readinessd_[a-z_]+)""#)
        var names: Set<String> = []
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            guard file.pathExtension == "swift" else { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                if let range = Range(match.range(at: 1), in: text) { names.insert(String(text[range])) }
            }
        }
        return names
    }

    @Test func everyMetricTheDaemonCreatesHasHelpText() throws {
        let names = try Self.metricNamesInSources()
        #expect(names.count >= 20, "found \(names.sorted())")
        for name in names.sorted() {
            #expect(DocumentedMetricsFactory.help[name] != nil, "\(name) has no help text in DocumentedMetricsFactory.help")
        }
    }
}
