/// The report formats of `readinessd fleet --format`.
public enum FleetFormat: String, Sendable, CaseIterable {
    /// Aligned columns and a summary, for people.
    case table
    /// One JSON document (summary and every result), for tools.
    case json
    /// One CSV row per request, for spreadsheets.
    case csv

    /// Renders `report` in this format.
    public func render(_ report: FleetReport) -> [UInt8] {
        switch self {
        case .table: Array(FleetTableRenderer().render(report).utf8)
        case .json: FleetJSONRenderer().render(report)
        case .csv: Array(FleetCSVRenderer().render(report).utf8)
        }
    }
}
