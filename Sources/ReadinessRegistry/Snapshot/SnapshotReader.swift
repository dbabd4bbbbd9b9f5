import ReadinessContract

/// Typed, path-reporting access to a parsed snapshot document.
///
/// Every accessor names the document path it reads, so a schema violation
/// becomes a ``SnapshotError/schema(path:field:expected:)`` that points at it.
struct SnapshotReader {
    let tape: JSONTape
    let bytes: UnsafeRawBufferPointer
    let file: String

    func fail(_ field: String, _ expected: String) -> SnapshotError {
        .schema(path: file, field: field, expected: expected)
    }

    func kind(_ index: Int) -> JSONTape.Kind { tape.nodes[index].kind }

    /// The members of the object at `index` as (key, value index) pairs, in document order.
    func members(_ index: Int, _ field: String) throws(SnapshotError) -> [(key: String, value: Int)] {
        guard kind(index) == .object else { throw fail(field, "an object") }
        return tape.memberKeys(of: index).map { (tape.string(at: $0, in: bytes), $0 + 1) }
    }

    /// The members of an optional object member: absent → empty; present, it must be an object.
    func optionalMembers(_ name: String, of object: [(key: String, value: Int)], _ field: String)
        throws(SnapshotError) -> [(key: String, value: Int)] {
        guard let value = Self.lookup(name, object) else { return [] }
        return try members(value, Self.join(field, name))
    }

    func string(_ index: Int, _ field: String) throws(SnapshotError) -> String {
        guard kind(index) == .string else { throw fail(field, "a string") }
        return tape.string(at: index, in: bytes)
    }

    func requiredString(_ name: String, of object: [(key: String, value: Int)], _ field: String) throws(SnapshotError) -> String {
        guard let value = Self.lookup(name, object) else { throw fail(Self.join(field, name), "a string (required)") }
        return try string(value, Self.join(field, name))
    }

    func optionalString(_ name: String, of object: [(key: String, value: Int)], _ field: String) throws(SnapshotError) -> String? {
        guard let value = Self.lookup(name, object) else { return nil }
        return try string(value, Self.join(field, name))
    }

    func optionalTime(_ name: String, of object: [(key: String, value: Int)], _ field: String) throws(SnapshotError) -> Timestamp? {
        guard let text = try optionalString(name, of: object, field) else { return nil }
        guard let time = RFC3339.parse(text) else {
            throw fail(Self.join(field, name), "an RFC 3339 time such as 2026-06-02T00:00:00Z")
        }
        return time
    }

    func optionalStringArray(_ name: String, of object: [(key: String, value: Int)], _ field: String) throws(SnapshotError) -> [String] {
        guard let value = Self.lookup(name, object) else { return [] }
        let path = Self.join(field, name)
        guard kind(value) == .array else { throw fail(path, "an array of strings") }
        var result: [String] = []
        for (position, element) in tape.elements(of: value).enumerated() {
            result.append(try string(element, "\(path)[\(position)]"))
        }
        return result
    }

    func optionalBool(_ name: String, of object: [(key: String, value: Int)], _ field: String) throws(SnapshotError) -> Bool? {
        guard let value = Self.lookup(name, object) else { return nil }
        switch kind(value) {
        case .true: return true
        case .false: return false
        default: throw fail(Self.join(field, name), "a boolean")
        }
    }

    /// An optional non-negative duration in seconds, as attoseconds.
    func optionalDuration(_ name: String, of object: [(key: String, value: Int)], _ field: String,
                          default defaultSeconds: Int128) throws(SnapshotError) -> Int128 {
        guard let value = Self.lookup(name, object) else { return defaultSeconds * Timestamp.attosecondsPerSecond }
        let path = Self.join(field, name)
        guard kind(value) == .number, let duration = ExactDuration.attoseconds(tape.numberText(at: value, in: bytes)) else {
            throw fail(path, "a non-negative number of seconds")
        }
        return duration
    }

    static func lookup(_ name: String, _ object: [(key: String, value: Int)]) -> Int? {
        object.first { exactlyEqual($0.key, name) }?.value
    }

    static func join(_ field: String, _ name: String) -> String {
        field.isEmpty ? name : "\(field).\(name)"
    }
}
