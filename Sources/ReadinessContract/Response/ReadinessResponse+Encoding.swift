extension ReadinessResponse {
    /// Appends the response value JSON (contract §4) to `writer`.
    public func encode(into writer: JSONWriter) {
        encodeHead(into: writer)
        writer.string(correlationID)
        encodeMiddle(into: writer)
        writer.timestamp(checkedAt)
        encodeTail(into: writer)
    }

    /// The response up to the `correlation_id` value (exclusive).
    ///
    /// The response is head + correlation id + middle + checked-at time + tail;
    /// head, middle and tail depend only on what was evaluated, so a cache can
    /// keep them and splice in the two per-request values.
    public func encodeHead(into writer: JSONWriter) {
        writer.raw(ResponseFragments.head(readinessStatus))
    }

    /// The response from after the `correlation_id` value up to the `checked_at` time (exclusive).
    public func encodeMiddle(into writer: JSONWriter) {
        writer.raw(#","private_implementation_required":false,"payload":{"summary":{"tenant_id":"#)
        writer.string(tenantID)
        writer.raw(ResponseFragments.readiness(readinessStatus))
        writer.raw(ResponseFragments.catalog(catalogStatus))
        writer.stringOrNull(latestCatalogVersion)
        writer.raw(#","policy_pack_count":"#)
        writer.integer(policyPackCount)
        writer.raw(#","checked_at":""#)
    }

    /// The response after the `checked_at` time.
    public func encodeTail(into writer: JSONWriter) {
        writer.raw(#"","blockers":["#)
        encodeBlockers(into: writer)
        writer.raw(#"],"private_validation_required":false,"registry_boundary":"evaluated against policy registry revision "#)
        let revisionIsPlain = isRevisionPlain()
        registryRevision.withUTF8Bytes { revisionIsPlain ? writer.raw($0) : writer.escaped($0) }
        writer.raw(#""},"checks":["#)
        let plain = findings.isPlain
        for (position, result) in checks.enumerated() {
            if position > 0 { writer.raw(",") }
            writer.raw(ResponseFragments.checkOpening(result.check, result.status))
            for index in result.findings {
                if index > result.findings.lowerBound { writer.raw(",") }
                findings.withFinding(index) { writer.string($0, plain: plain) }
            }
            writer.raw("]}")
        }
        writer.raw(#"],"registry_revision":"#)
        registryRevision.withUTF8Bytes { writer.string($0, plain: revisionIsPlain) }
        writer.raw("}}")
    }

    private func encodeBlockers(into writer: JSONWriter) {
        let plain = findings.isPlain
        withUniqueFindings { unique in
            let capped = unique.count > ReadinessResponse.maximumBlockers
            let kept = capped ? ReadinessResponse.maximumBlockers - 1 : unique.count
            for position in 0..<kept {
                if position > 0 { writer.raw(",") }
                findings.withFinding(unique[position]) { writer.string($0, plain: plain) }
            }
            if capped {
                writer.raw(#",""#)
                writer.integer(unique.count - kept)
                writer.raw(#" more blockers""#)
            }
        }
    }

    /// `true` when ``registryRevision`` needs no JSON escaping.
    private func isRevisionPlain() -> Bool {
        if let known = revisionPlainness, known.revision == registryRevision { return known.isPlain }
        let isPlain = registryRevision.withUTF8Bytes { JSONWriter.isPlain($0) }
        revisionPlainness = (registryRevision, isPlain)
        return isPlain
    }
}
