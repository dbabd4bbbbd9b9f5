import ReadinessContract
import Testing

// Small helpers shared by the contract tests. They only wrap the public API
// (pointer-based) in String / [UInt8] conveniences.

/// Parses `bytes` with a fresh strict parser; `nil` means the document was accepted.
func parseError(_ bytes: [UInt8]) -> JSONSyntaxError? {
    var parser = StrictJSONParser()
    return bytes.withUnsafeBytes { parser.parse($0) }
}

/// Parses the UTF-8 of `text` with a fresh strict parser.
func parseError(_ text: String) -> JSONSyntaxError? {
    parseError(Array(text.utf8))
}

/// Validates raw bytes (`nil` = Kafka tombstone).
func validate(_ bytes: [UInt8]?, maximumMessageBytes: Int = 1 << 20) -> ValidationOutcome {
    var validator = RequestValidator(maximumMessageBytes: maximumMessageBytes)
    guard let bytes else { return validator.validate(nil) }
    return bytes.withUnsafeBytes { validator.validate($0) }
}

/// Validates the UTF-8 of `text`.
func validate(_ text: String, maximumMessageBytes: Int = 1 << 20) -> ValidationOutcome {
    validate(Array(text.utf8), maximumMessageBytes: maximumMessageBytes)
}

extension ValidationOutcome {
    var rejection: Rejection? {
        if case .rejected(let rejection) = self { return rejection }
        return nil
    }

    var request: ReadinessRequest? {
        if case .accepted(let request) = self { return request }
        return nil
    }
}

func isSensitiveValue(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { SensitiveMaterial.isSensitiveValue($0) }
}

func isSensitiveKey(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { SensitiveMaterial.isSensitiveKey($0) }
}

/// The trimmed identifier, or `nil` when `text` is not an identifier (contract §3.1 rule 7).
func identifier(_ text: String) -> String? {
    var text = text
    return text.withUTF8 { bytes in
        Identifier.validate(bytes).map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
    }
}

/// A JSON string literal (quotes included) for `text`, escaping only what JSON requires.
func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

/// Builds request documents as JSON text, member by member, in a fixed order.
///
/// Values are raw JSON text. `nil` removes a member; unknown names are appended.
struct RequestJSON {
    static let schema = "cavra.saas_control_plane.request.v1"
    static let operation = "policy_registry_readiness"

    var members: [(name: String, json: String)] = [
        ("schema_version", jsonString(RequestJSON.schema)),
        ("operation", jsonString(RequestJSON.operation)),
        ("tenant_id", jsonString("tenant-demo")),
        ("requested_by", jsonString("console")),
        ("correlation_id", jsonString("corr-1")),
        ("private_implementation_required", "true"),
        ("payload", "{}"),
    ]

    init() {}

    /// A copy with `name` set to the raw JSON `json` (or removed when `nil`).
    func with(_ name: String, _ json: String?) -> RequestJSON {
        var copy = self
        if let index = copy.members.firstIndex(where: { $0.name == name }) {
            if let json { copy.members[index].json = json } else { copy.members.remove(at: index) }
        } else if let json {
            copy.members.append((name, json))
        }
        return copy
    }

    /// A copy whose payload is an object with these raw-JSON members, in order.
    func payload(_ members: KeyValuePairs<String, String>) -> RequestJSON {
        with("payload", "{" + members.map { jsonString($0.key) + ":" + $0.value }.joined(separator: ",") + "}")
    }

    var text: String {
        "{" + members.map { jsonString($0.name) + ":" + $0.json }.joined(separator: ",") + "}"
    }

    var outcome: ValidationOutcome { validate(text) }
}

/// A fixed, deterministic pseudo-random generator (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A named byte string, for parameterized tests.
struct ByteCase: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    init(_ name: String, _ bytes: [UInt8]) { self.name = name; self.bytes = bytes }
    init(_ name: String, _ text: String) { self.init(name, Array(text.utf8)) }
    var testDescription: String { name }
}

/// A valid request whose member `extra` holds the raw bytes `fragment`.
/// If the document parsed, `tenant_id`, `correlation_id` and `operation` would be echoed.
func requestWithExtra(_ fragment: [UInt8]) -> [UInt8] {
    Array(#"{"schema_version":"cavra.saas_control_plane.request.v1","operation":"policy_registry_readiness","tenant_id":"tenant-demo","requested_by":"console","correlation_id":"corr-1","payload":{},"extra":"#.utf8)
        + fragment + Array("}".utf8)
}

func requestWithExtra(_ fragment: String) -> [UInt8] { requestWithExtra(Array(fragment.utf8)) }

/// Asserts that `bytes` is refused by the parser and rejected as `malformed_json`
/// with no field and nothing echoed (contract §3.3, §8).
func expectMalformed(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(parseError(bytes) != nil, "parser accepted a malformed document", sourceLocation: sourceLocation)
    let rejection = validate(bytes).rejection
    #expect(rejection?.reason == .malformedJSON, sourceLocation: sourceLocation)
    #expect(rejection?.field == nil, sourceLocation: sourceLocation)
    #expect(rejection?.tenantID == nil, sourceLocation: sourceLocation)
    #expect(rejection?.correlationID == nil, sourceLocation: sourceLocation)
    #expect(rejection?.operation == nil, sourceLocation: sourceLocation)
}
