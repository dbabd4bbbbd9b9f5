import ReadinessContract

/// UTC renderings of whole-second times used in batch ids and reports.
enum UTCClock {
    /// `YYYYMMDDTHHMMSSZ` (for identifiers: no separators).
    static func compact(secondsSinceEpoch: Int64) -> String {
        iso(secondsSinceEpoch: secondsSinceEpoch).filter { $0 != "-" && $0 != ":" }
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    static func iso(secondsSinceEpoch: Int64) -> String {
        Timestamp(secondsSinceEpoch: secondsSinceEpoch).description
    }
}
