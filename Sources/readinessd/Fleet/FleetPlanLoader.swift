import Foundation
import ReadinessContract
import ReadinessFleet

/// Turns `--tenants`, `--scope` and `--checks` into a ``FleetPlan``, reading
/// the registry snapshot of the configuration (the tenants for `all`, the
/// scopes each tenant subscribes to) and the tenant list.
enum FleetPlanLoader {
    static func plan(batch: FleetBatchID, tenants: String, scope: String?, checks: CheckList?,
                     snapshotPath: String) throws(FleetError) -> FleetPlan {
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
        // Always read: it lists the tenants, their scopes, and which listed ids it does not know.
        let directory: FleetTenantDirectory
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: snapshotPath))
            directory = try data.withUnsafeBytes { (bytes) throws(FleetTenantDirectory.ReadError) in
                try FleetTenantDirectory(snapshot: bytes)
            }
        } catch let error as FleetTenantDirectory.ReadError {
            throw .invalidArgument(option: "registry snapshot \(snapshotPath)", problem: "\(error) (needed to list tenants and their scopes)")
        } catch {
            throw .invalidArgument(option: "registry snapshot \(snapshotPath)", problem: (error as NSError).localizedDescription)
        }
        let plan = FleetPlan(
            batch: batch, selection: selection, snapshotTenants: directory.tenants,
            scopesOf: directory.scopes(of:), scope: scope, checks: checks)
        guard plan.count > 0 else { throw .noTenants(source: source) }
        return plan
    }
}
