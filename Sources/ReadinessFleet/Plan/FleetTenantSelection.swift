/// Which tenants a fleet run asks about (`--tenants all|FILE|-`).
public enum FleetTenantSelection: Sendable, Hashable {
    /// Every tenant of the registry snapshot, in snapshot order.
    case all
    /// Tenant ids read from a file or stdin.
    case listed([String])

    /// Parses a tenant list: one id per line; surrounding white space is
    /// trimmed; blank lines and lines starting with `#` are skipped; repeated
    /// ids are kept once (first occurrence).
    public static func parseList(_ text: String) -> FleetTenantSelection {
        var seen = Set<[UInt8]>()
        var ids: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let id = line.trimmingWhiteSpace()
            guard !id.isEmpty, !id.hasPrefix("#") else { continue }
            // Code-point identity (contract: no Unicode normalization), not String equality.
            if seen.insert(Array(id.utf8)).inserted { ids.append(id) }
        }
        return .listed(ids)
    }
}

extension Substring {
    /// The text without leading and trailing white space (spaces, tabs, CR…).
    func trimmingWhiteSpace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
