/// What a fault scenario measured; printed as one line (`fault-figures …`) for the README's table.
struct FaultFigures: Sendable {
    var scenario: String
    var requests = 0
    var outputs = 0
    var duplicates = 0
    var lost = 0
    var wrong = 0
    var outOfOrder = 0
    var unexpected = 0
    var faults = 0
    var worstRecovery: Duration = .zero
    /// Producer replacements logged by the scenario's last daemons (`nil`: not counted).
    var replacements: Int?
    /// Intake stalls logged by the scenario's last daemons (`intake stalled`; `nil`: not counted).
    var stalls: Int?

    var line: String {
        let recovery = Double(worstRecovery.components.seconds) + Double(worstRecovery.components.attoseconds) / 1e18
        return "fault-figures scenario=\(scenario) requests=\(requests) outputs=\(outputs) duplicates=\(duplicates) "
            + "lost=\(lost) wrong=\(wrong) out_of_order=\(outOfOrder) faults=\(faults) "
            + "worst_recovery_s=\((recovery * 100).rounded() / 100)"
            + (replacements.map { " replacements=\($0)" } ?? "")
            + (stalls.map { " intake_stalls=\($0)" } ?? "")
    }
}
