import Foundation
import Yams

/// Flattened configuration values: YAML file first, then environment overrides.
///
/// Keys are dotted paths (`kafka.bootstrap_servers`). Every key can be
/// overridden by an environment variable named `READINESSD_` + the key in upper
/// case with dots as underscores (`READINESSD_KAFKA_BOOTSTRAP_SERVERS`).
/// librdkafka properties live under `kafka.properties` (both clients),
/// `kafka.consumer_properties` and `kafka.producer_properties`; their
/// variables use underscores for the property's dots:
/// `READINESSD_KAFKA_PROPERTIES_SASL_PASSWORD` sets `sasl.password`.
struct ConfigurationSource {
    /// Scalar values by dotted key.
    private(set) var values: [String: String] = [:]
    /// librdkafka property maps by section (`properties`, `consumer_properties`, `producer_properties`).
    private(set) var propertyMaps: [String: [String: String]] = [:]
    /// The folder relative paths are resolved against.
    let baseDirectory: String

    static let propertySections = ["properties", "consumer_properties", "producer_properties"]

    init(yaml: String, baseDirectory: String, environment: [String: String], knownKeys: Set<String>) throws {
        self.baseDirectory = baseDirectory
        let document: Node?
        do {
            // Composed, not loaded: values are taken as the scalar's text. Yams' default resolver
            // would turn a librdkafka value `0123` into 83, `on` into true and `1e3` into 1000.0.
            document = try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigurationError("configuration is not valid YAML: \(String(describing: error).split(separator: "\n").first ?? "")")
        }
        if let document, !ConfigurationSource.isNull(document) {
            guard case .mapping(let root) = document else { throw ConfigurationError("configuration must be a YAML mapping") }
            try flatten(root, prefix: "")
        }
        for key in values.keys.sorted() where !knownKeys.contains(key) {
            let hint = ClosestName.to(key, among: knownKeys).map { "; did you mean \($0)?" } ?? ""
            throw ConfigurationError("unknown configuration key \(key)\(hint)")
        }
        try applyEnvironment(environment, knownKeys: knownKeys)
    }

    private mutating func flatten(_ mapping: Node.Mapping, prefix: String) throws {
        for (keyNode, value) in mapping {
            let key = try ConfigurationSource.text(keyNode, at: prefix.isEmpty ? "a top-level key" : "a key of \(prefix)")
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            if ConfigurationSource.isNull(value) { continue }
            if prefix == "kafka", ConfigurationSource.propertySections.contains(key) {
                guard case .mapping(let properties) = value else {
                    throw ConfigurationError("\(path) must be a mapping of librdkafka properties")
                }
                var map: [String: String] = [:]
                for (name, raw) in properties {
                    let property = try ConfigurationSource.text(name, at: "a property name in \(path)")
                    if ConfigurationSource.isNull(raw) { continue }
                    map[property] = try ConfigurationSource.text(raw, at: "\(path).\(property)")
                }
                propertyMaps[key] = map
            } else if case .mapping(let nested) = value {
                try flatten(nested, prefix: path)
            } else {
                values[path] = try ConfigurationSource.text(value, at: path)
            }
        }
    }

    /// The text of a scalar exactly as written (quotes removed, no type resolution).
    static func text(_ node: Node, at path: String) throws -> String {
        guard case .scalar(let scalar) = node else {
            throw ConfigurationError("\(path) must be a single value (text, a number or a word), not a list or mapping")
        }
        return scalar.string
    }

    /// A plain `~`, `null` or empty scalar: the key counts as not set.
    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// Variables named `READINESSD_*` that are not configuration overrides: read by the test
    /// suite, the benchmark script and the fleet report unit, never by the daemon.
    static let toolVariables: Set<String> = [
        "READINESSD_SOAK", "READINESSD_FAULT_WAIT_SECONDS", "READINESSD_FLEET_REPORT", "READINESSD_FLEET_TIMEOUT",
    ]
    /// Prefix of the benchmark script's own variables (`Scripts/bench-relay.sh`).
    static let toolVariablePrefix = "READINESSD_BENCH_"

    /// The environment variable that overrides `key` (`kafka.group_id` → `READINESSD_KAFKA_GROUP_ID`).
    static func variableName(for key: String) -> String {
        "READINESSD_" + key.uppercased().replacingOccurrences(of: ".", with: "_")
    }

    /// Applies `READINESSD_*` overrides; a `READINESSD_*` variable that names no key, property
    /// section or tool is refused like an unknown key in the file (a typo would otherwise be ignored).
    private mutating func applyEnvironment(_ environment: [String: String], knownKeys: Set<String>) throws(ConfigurationError) {
        var keysByVariable: [String: String] = [:]
        for key in knownKeys { keysByVariable[ConfigurationSource.variableName(for: key)] = key }
        let sectionPrefixes = ConfigurationSource.propertySections.map { (section: $0, prefix: "READINESSD_KAFKA_\($0.uppercased())_") }
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) where name.hasPrefix("READINESSD_") {
            if let key = keysByVariable[name] {
                values[key] = value
            } else if let (section, prefix) = sectionPrefixes.first(where: { name.hasPrefix($0.prefix) && name.count > $0.prefix.count }) {
                let property = name.dropFirst(prefix.count).lowercased().replacingOccurrences(of: "_", with: ".")
                propertyMaps[section, default: [:]][property] = value
            } else if !ConfigurationSource.toolVariables.contains(name), !name.hasPrefix(ConfigurationSource.toolVariablePrefix) {
                let known = Array(keysByVariable.keys) + sectionPrefixes.map { $0.prefix + "<PROPERTY>" }
                let hint = ClosestName.to(name, among: known).map { "; did you mean \($0)?" } ?? ""
                throw ConfigurationError("unknown environment variable \(name): it names no configuration key\(hint)")
            }
        }
    }

    /// The value of `key`, if set.
    func string(_ key: String) -> String? { values[key] }

    func string(_ key: String, default value: String) -> String { values[key] ?? value }

    func integer(_ key: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = values[key] else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw ConfigurationError("\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound), got \(text)")
        }
        return number
    }

    /// A path value resolved against the configuration file's folder.
    func path(_ key: String) -> String? {
        guard let value = values[key], !value.isEmpty else { return nil }
        return value.hasPrefix("/") ? value : "\(baseDirectory)/\(value)"
    }
}
