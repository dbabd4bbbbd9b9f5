import Foundation
import ReadinessContract
import ReadinessFleet
import ReadinessRegistry

/// Turns `--tenants`, `--scope` and `--checks` into a ``FleetPlan``, reading
/// the registry snapshot of the configuration (for `all` and for the scopes
/// each tenant subscribes to) and the tenant list.
enum FleetPlanLoader {
    static func plan(batch: FleetBatchID, tenants: String, scope: String?, checks: CheckList?,
                     snapshotPath: String, artifactRoot: String?) throws(FleetError) -> FleetPlan {
        let selection: FleetTenantSelection
        let source: String
        switch tenants {
        case "all":
            selection = .all
            source = "the snapshot \(snapshotPath)"
        case "-":
            let data = FileHandle.standardInput.readDataToEndOfFile()
            selection = FleetTenantSelection.parseList(String(decoding: data, as: UTF8.self))
            source = "standard input"
        default:
            do {
                selection = FleetTenantSelection.parseList(try String(contentsOfFile: tenants, encoding: .utf8))
            } catch {
                throw .unreadableTenantList(path: tenants, reason: (error as NSError).localizedDescription)
            }
            source = tenants
        }
        var snapshot: RegistrySnapshot?
        if selection == .all || scope == nil {
            do {
                snapshot = try SnapshotLoader.load(path: snapshotPath, artifactRoot: artifactRoot)
            } catch {
                throw .invalidArgument(option: "registry snapshot", problem: "\(error.description) (needed to list tenants and their scopes)")
            }
        }
        let plan = FleetPlan(
            batch: batch, selection: selection, snapshotTenants: snapshot?.tenants.keys ?? [],
            scopesOf: { tenant in snapshot.flatMap { $0.tenants[tenant]?.catalogScopes.keys } ?? (snapshot == nil ? [] : nil) },
            scope: scope, checks: checks)
        guard plan.count > 0 else { throw .noTenants(source: source) }
        return plan
    }
}
