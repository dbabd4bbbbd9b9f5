import ReadinessContract

/// Renders a ``FleetReport`` as one JSON document (`--format json`):
///
/// ```json
/// {"schema_version":"readinessd.fleet-report.v1","batch_id":"fleet-…","started_at":"…","finished_at":"…",
///  "duration_ms":1234,"completion":"all_answered","exit_status":2,
///  "summary":{"requests":10,"answered":9,"rejected":1,"unanswered":0,"not_sent":0,
///   "readiness_status":{"ready":2,"degraded":3,"blocked":3,"unknown":1},"catalog_status":{…},
///   "top_blockers":[{"blocker":"tenant * is not registered","count":2}],
///   "unanswered_requests":[{"tenant_id":…,"catalog_scope":…,"correlation_id":…}],"rejected_requests":[…],
///   "registry_revisions":["…"],"ignored_repeated_answers":0,"ignored_foreign_answers":3},
///  "results":[{"tenant_id":…,"catalog_scope":…,"correlation_id":…,"outcome":"answered",
///   "readiness_status":"degraded","catalog_status":"ready","latest_catalog_version":"…","blockers":[…]}, …]}
/// ```
///
/// Rejected results carry `rejection: {reason, field, message}`; unanswered
/// ones only the outcome; `not_sent` ones an `error` text; tenants the
/// snapshot does not know `"tenant_in_snapshot": false`. `unanswered_requests`
/// lists the `unanswered` and `not_sent` ones.
public struct FleetJSONRenderer: Sendable {
    /// The `schema_version` of the report document.
    public static let schemaVersion = "readinessd.fleet-report.v1"

    /// Creates a renderer.
    public init() {}

    /// The document, ending with a newline (one result per line, for `grep`).
    public func render(_ report: FleetReport) -> [UInt8] {
        let w = JSONWriter(capacity: 256 * (report.rows.count + 8))
        w.raw(#"{"schema_version":"#); w.string(Self.schemaVersion)
        w.raw(#","batch_id":"#); w.string(report.batch.value)
        w.raw(#","started_at":"#); w.string(report.startedAt)
        w.raw(#","finished_at":"#); w.string(report.finishedAt)
        w.raw(#","duration_ms":"#); w.integer(Int64((report.durationSeconds * 1000).rounded()))
        w.raw(#","completion":"#); w.string(report.completion.rawValue)
        w.raw(#","exit_status":"#); w.integer(report.exitStatus.rawValue)
        w.raw(#","summary":{"requests":"#); w.integer(report.rows.count)
        for word in ["answered", "rejected", "unanswered", "not_sent"] {
            w.raw(","); w.string(word); w.raw(":"); w.integer(report.count(word))
        }
        w.raw(#","readiness_status":"#); Self.counts(report.statusCounts, w)
        w.raw(#","catalog_status":"#); Self.counts(report.catalogStatusCounts, w)
        w.raw(#","top_blockers":["#)
        for (index, blocker) in report.topBlockers.enumerated() {
            if index > 0 { w.raw(",") }
            w.raw(#"{"blocker":"#); w.string(blocker.text); w.raw(#","count":"#); w.integer(blocker.count); w.raw("}")
        }
        w.raw(#"],"unanswered_requests":"#); Self.references(report.unansweredRows, w)
        w.raw(#","rejected_requests":"#); Self.references(report.rejectedRows, w)
        w.raw(#","registry_revisions":["#)
        for (index, revision) in report.registryRevisions.enumerated() {
            if index > 0 { w.raw(",") }
            w.string(revision)
        }
        w.raw(#"],"ignored_repeated_answers":"#); w.integer(report.duplicateAnswers)
        w.raw(#","ignored_foreign_answers":"#); w.integer(report.foreignAnswers)
        w.raw(#"},"results":["#)
        for (index, row) in report.rows.enumerated() {
            w.raw(index == 0 ? "\n" : ",\n")
            Self.result(row, w)
        }
        w.raw("\n]}\n")
        return w.bytes
    }

    private static func counts(_ counts: [ReadinessStatus: Int], _ w: JSONWriter) {
        w.raw("{")
        for (index, status) in FleetReport.statusOrder.enumerated() {
            if index > 0 { w.raw(",") }
            w.string(status.description); w.raw(":"); w.integer(counts[status] ?? 0)
        }
        w.raw("}")
    }

    private static func references(_ rows: [FleetReport.Row], _ w: JSONWriter) {
        w.raw("[")
        for (index, row) in rows.enumerated() {
            if index > 0 { w.raw(",") }
            identity(row, w)
            w.raw("}")
        }
        w.raw("]")
    }

    /// Writes `{"tenant_id":…,"catalog_scope":…,"correlation_id":…` (object left open).
    private static func identity(_ row: FleetReport.Row, _ w: JSONWriter) {
        w.raw(#"{"tenant_id":"#); w.string(row.target.tenantID)
        w.raw(#","catalog_scope":"#); w.string(row.target.scope)
        w.raw(#","correlation_id":"#); w.string(row.correlationID)
    }

    private static func result(_ row: FleetReport.Row, _ w: JSONWriter) {
        identity(row, w)
        w.raw(#","outcome":"#); w.string(row.outcome.word)
        switch row.outcome {
        case .answered(let response):
            w.raw(#","readiness_status":"#); w.string(response.readinessStatus.description)
            w.raw(#","catalog_status":"#); w.string(response.catalogStatus.description)
            w.raw(#","latest_catalog_version":"#); w.stringOrNull(response.latestCatalogVersion)
            w.raw(#","registry_revision":"#); w.string(response.registryRevision)
            w.raw(#","blockers":["#)
            for (index, blocker) in response.blockers.enumerated() {
                if index > 0 { w.raw(",") }
                w.string(blocker)
            }
            w.raw("]")
        case .rejected(let rejection):
            w.raw(#","rejection":{"reason":"#); w.string(rejection.reason)
            w.raw(#","field":"#); w.stringOrNull(rejection.field)
            w.raw(#","message":"#); w.string(rejection.message)
            w.raw("}")
        case .unanswered:
            break
        case .notSent(let reason):
            w.raw(#","error":"#); w.string(reason)
        }
        if !row.target.isKnownTenant {
            w.raw(#","tenant_in_snapshot":false"#)
        }
        w.raw("}")
    }
}
