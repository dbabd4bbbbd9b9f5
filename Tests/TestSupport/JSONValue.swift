import Foundation

/// A JSON value for structural comparison in tests (object member order ignored).
public enum JSONValue: Decodable, Equatable, CustomStringConvertible, Sendable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    /// Decodes `bytes` (Foundation's reader: fine for comparing outputs, not a strictness check).
    public static func parse(_ bytes: some Collection<UInt8>) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    /// The member `key` of an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The text of a string value.
    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The value of a number.
    public var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// A copy without `key` in the object at `path` (e.g. to ignore a free-text message).
    public func removing(_ key: String, at path: [String]) -> JSONValue {
        guard case .object(var members) = self else { return self }
        if let first = path.first {
            members[first] = members[first]?.removing(key, at: Array(path.dropFirst()))
        } else {
            members[key] = nil
        }
        return .object(members)
    }

    /// Compact JSON with object members sorted by key, for readable failure messages.
    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .number(let value): "\(value)"
        case .string(let value): "\"\(value)\""
        case .array(let values): "[" + values.map(\.description).joined(separator: ",") + "]"
        case .object(let members): "{" + members.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
        }
    }
}
