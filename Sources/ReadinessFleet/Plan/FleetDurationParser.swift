/// Parses `--timeout` values: a whole number with an optional unit,
/// `ms`, `s` (the default), `m` or `h` — `90`, `90s`, `15m`, `2h`, `500ms`.
public enum FleetDurationParser {
    /// The duration, or `nil` when `text` is not of that form or is zero.
    public static func parse(_ text: String) -> Duration? {
        let units: [(suffix: String, milliseconds: Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        var number = Substring(text)
        var factor: Int64 = 1000
        for unit in units where text.hasSuffix(unit.suffix) {
            number = text.dropLast(unit.suffix.count)
            factor = unit.milliseconds
            break
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && $0.isNumber }), number.count <= 9,
              let value = Int64(number), value > 0
        else { return nil }
        return .milliseconds(value * factor)
    }
}
