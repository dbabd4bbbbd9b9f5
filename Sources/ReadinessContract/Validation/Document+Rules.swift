/// contract §3.1 rules 4–12 over a parsed document.
extension Document {
    /// Top-level members that rules 5–12 read.
    struct TopLevel {
        var schemaVersion: Int?
        var operation: Int?
        var tenantID: Int?
        var requestedBy: Int?
        var correlationID: Int?
        var privateImplementationRequired: Int?
        var payload: Int?
    }

    mutating func validateParsed() -> ValidationOutcome {
        // Rule 4: sensitive material anywhere, in document order.
        let (offending, top) = scan()
        if let offending {
            return reject(.sensitiveMaterial, path(to: offending),
                          "sensitive material found in the request; it is not processed and its content is withheld")
        }

        // Rule 5.
        guard let schema = top.schemaVersion, node(schema).kind == .string else {
            return reject(.invalidField, "schema_version", "schema_version is required and must be a string", top)
        }
        guard key(schema, is: RequestValidator.schemaVersion) else {
            return reject(.unsupportedSchemaVersion, "schema_version",
                          "unsupported schema_version; this worker accepts cavra.saas_control_plane.request.v1", top)
        }
        // Rule 6.
        guard let operation = top.operation, node(operation).kind == .string else {
            return reject(.invalidField, "operation", "operation is required and must be a string", top)
        }
        guard key(operation, is: RequestValidator.operation) else {
            return reject(.unsupportedOperation, "operation",
                          "unsupported operation; this worker only handles policy_registry_readiness", top)
        }
        // Rule 7.
        guard let tenantID = identifier(top.tenantID, interned: true) else {
            return reject(.invalidField, "tenant_id", Document.identifierMessage("tenant_id"), top)
        }
        guard isIdentifier(top.requestedBy) else {
            return reject(.invalidField, "requested_by", Document.identifierMessage("requested_by"), top)
        }
        guard let correlationID = identifier(top.correlationID) else {
            return reject(.invalidField, "correlation_id", Document.identifierMessage("correlation_id"), top)
        }
        // Rule 8.
        if let flag = top.privateImplementationRequired, node(flag).kind != .true, node(flag).kind != .false {
            return reject(.invalidField, "private_implementation_required",
                          "private_implementation_required must be a boolean when present", top)
        }
        // Rule 9.
        guard let payload = top.payload, node(payload).kind == .object else {
            return reject(.invalidField, "payload", "payload is required and must be an object", top)
        }
        // Rule 10.
        var catalogScope = "tenant-default"
        let members = payloadMembers(payload)
        if let scope = members.catalogScope {
            guard let value = identifier(scope, interned: true) else {
                return reject(.invalidField, "payload.catalog_scope", Document.identifierMessage("catalog_scope"), top)
            }
            catalogScope = value
        }
        // Rule 11.
        var refs: [String] = []
        if let list = members.policyPackRefs {
            switch policyPackRefs(list) {
            case .success(let value): refs = value
            case .failure(let failure): return reject(.invalidField, failure.field, failure.message, top)
            }
        }
        // Rule 12.
        var checks = CheckList.all
        if let list = members.requiredChecks {
            switch requiredChecks(list) {
            case .success(let value): checks = value
            case .failure(let failure): return reject(.invalidField, failure.field, failure.message, top)
            }
        }
        return .accepted(ReadinessRequest(tenantID: tenantID, correlationID: correlationID,
                                          catalogScope: catalogScope, policyPackRefs: refs, requiredChecks: checks))
    }

    static func identifierMessage(_ name: String) -> String {
        "\(name) must be a string of 1 to 256 characters after trimming white space, with no control characters"
    }

    struct FieldFailure: Error {
        var field: String
        var message: String
    }

    mutating func policyPackRefs(_ list: Int) -> Result<[String], FieldFailure> {
        let field = "payload.policy_pack_refs"
        guard node(list).kind == .array else {
            return .failure(.init(field: field, message: "policy_pack_refs must be an array of policy pack identifiers"))
        }
        let count = Int(node(list).count)
        guard count <= RequestValidator.maximumPolicyPackRefs else {
            return .failure(.init(field: field, message: "policy_pack_refs may list at most 1000 policy packs"))
        }
        let elementMessage = "each policy_pack_refs entry must be a string of 1 to 256 characters after trimming white space, with no control characters"
        // Usual case: validate and de-duplicate the refs on their bytes in the document and make
        // a `String` only for each first occurrence. Escaped refs (whose text is not their bytes)
        // and long lists take the general path below.
        refRanges.removeAll(keepingCapacity: true)
        var cursor = list + 1
        var plain = count <= 16
        for position in 0..<count where plain {
            let n = node(cursor)
            guard n.kind == .string else {
                return .failure(.init(field: "\(field)[\(position)]", message: elementMessage))
            }
            if n.hasEscapes { plain = false; break }
            let start = Int(n.start)
            guard let range = Identifier.validate(UnsafeBufferPointer(start: base + start, count: Int(n.end) - start)) else {
                return .failure(.init(field: "\(field)[\(position)]", message: elementMessage))
            }
            refRanges.append((start + range.lowerBound)..<(start + range.upperBound))
            cursor += 1
        }
        if plain { return .success(uniqueRefs()) }

        var refs: [String] = []
        refs.reserveCapacity(count)
        cursor = list + 1
        for position in 0..<count {
            guard let ref = identifier(cursor, interned: true) else {
                return .failure(.init(field: "\(field)[\(position)]", message: elementMessage))
            }
            refs.append(ref)
            cursor = next(after: cursor)
        }
        return .success(Document.removingDuplicates(refs))
    }

    /// The refs in ``refRanges`` as strings, first occurrence of each byte sequence kept.
    ///
    /// Why by hand: lists are short (at most 16 here), so each range is compared with the
    /// earlier ones directly, and no `String` is made for a repeat.
    mutating func uniqueRefs() -> [String] {
        var refs: [String] = []
        refs.reserveCapacity(refRanges.count)
        for (position, range) in refRanges.enumerated() {
            let repeated = refRanges[..<position].contains { earlier in
                earlier.count == range.count && memcmpEqual(base + earlier.lowerBound, base + range.lowerBound, range.count)
            }
            if !repeated {
                refs.append(interner.string(UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)))
            }
        }
        return refs
    }

    mutating func requiredChecks(_ list: Int) -> Result<CheckList, FieldFailure> {
        let field = "payload.required_checks"
        guard node(list).kind == .array, node(list).count > 0 else {
            return .failure(.init(field: field, message: "required_checks must include at least one policy registry readiness check"))
        }
        var checks = CheckList()
        var cursor = list + 1
        for position in 0..<Int(node(list).count) {
            let check: ReadinessCheck? = node(cursor).kind == .string ? withText(cursor) { ReadinessCheck(wireName: $0) } : nil
            guard let check else {
                return .failure(.init(field: "\(field)[\(position)]",
                                      message: "required_checks entries must be policy registry readiness check names (service_availability, catalog_freshness, policy_pack_versions, artifact_integrity, entitlement_scope, approval_state)"))
            }
            checks.insert(check)
            cursor = next(after: cursor)
        }
        return .success(checks)
    }

    /// Drops repeated values, keeping the first occurrence. Values compare by
    /// code points (UTF-8 bytes), not by Swift's canonical equivalence.
    static func removingDuplicates(_ values: [String]) -> [String] {
        guard values.count > 1 else { return values }
        if values.count <= 16 {
            // Usually nothing repeats: check first, and only then build a new array.
            let repeats = (1..<values.count).contains { position in
                values[..<position].contains { exactlyEqual($0, values[position]) }
            }
            guard repeats else { return values }
            var unique: [String] = []
            unique.reserveCapacity(values.count)
            for value in values where !unique.contains(where: { exactlyEqual($0, value) }) {
                unique.append(value)
            }
            return unique
        }
        var seen = Set<[UInt8]>(minimumCapacity: values.count)
        return values.filter { seen.insert(Array($0.utf8)).inserted }
    }

    // MARK: Top level

    mutating func topLevelMembers() -> TopLevel {
        var top = TopLevel()
        var cursor = 1
        for _ in 0..<Int(node(0).count) {
            recordTopLevel(cursor, into: &top)
            cursor = next(after: cursor + 1)
        }
        return top
    }

    /// The `payload` members rules 10–12 read (value node indices).
    struct PayloadMembers {
        var catalogScope: Int?
        var policyPackRefs: Int?
        var requiredChecks: Int?
    }

    /// Finds the three payload members in one walk over the payload's keys (instead of one walk each).
    mutating func payloadMembers(_ payload: Int) -> PayloadMembers {
        var members = PayloadMembers()
        var cursor = payload + 1
        for _ in 0..<Int(node(payload).count) {
            let value = cursor + 1
            withText(cursor) { text in
                switch text.count {
                case 13 where Document.equals(text, "catalog_scope"): members.catalogScope = value
                case 15 where Document.equals(text, "required_checks"): members.requiredChecks = value
                case 16 where Document.equals(text, "policy_pack_refs"): members.policyPackRefs = value
                default: break
                }
            }
            cursor = next(after: value)
        }
        return members
    }

    /// Records top-level key `key` in `top` when it names a member rules 5–12 read; returns whether it did.
    @inline(__always)
    @discardableResult
    mutating func recordTopLevel(_ key: Int, into top: inout TopLevel) -> Bool {
        let value = key + 1
        return withText(key) { text in
            switch text.count {
            case 7 where Document.equals(text, "payload"): top.payload = value
            case 9 where Document.equals(text, "operation"): top.operation = value
            case 9 where Document.equals(text, "tenant_id"): top.tenantID = value
            case 12 where Document.equals(text, "requested_by"): top.requestedBy = value
            case 14 where Document.equals(text, "schema_version"): top.schemaVersion = value
            case 14 where Document.equals(text, "correlation_id"): top.correlationID = value
            case 31 where Document.equals(text, "private_implementation_required"):
                top.privateImplementationRequired = value
            default: return false
            }
            return true
        }
    }

    @inline(__always)
    static func equals(_ text: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        exactlyEqual(UnsafeRawBufferPointer(text), name)
    }

    // MARK: Rejections

    mutating func reject(_ reason: RejectionReason, _ field: String, _ message: String) -> ValidationOutcome {
        reject(reason, field, message, topLevelMembers())
    }

    mutating func reject(_ reason: RejectionReason, _ field: String, _ message: String, _ top: TopLevel) -> ValidationOutcome {
        .rejected(Rejection(reason: reason, field: field, message: message,
                            correlationID: echoable(top.correlationID),
                            tenantID: echoable(top.tenantID),
                            operation: echoable(top.operation)))
    }
}
