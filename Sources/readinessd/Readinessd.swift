import ArgumentParser
import ReadinessFleet

#if canImport(Glibc)
import Glibc
#endif

/// The `readinessd` command: the daemon and its tools.
@main
struct Readinessd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "readinessd",
        abstract: "Policy registry readiness worker: consumes readiness requests from Kafka, answers them from a registry snapshot.",
        subcommands: [RunCommand.self, BrokerCommand.self, EvaluateCommand.self, CheckConfigCommand.self,
                      FleetCommand.self])

    /// Parses arguments and runs the chosen command. Every failure is reported
    /// as exactly one line on stderr with a non-zero exit (contract §7).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Glibc.exit(exit.rawValue)  // the command already reported its problems
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is CleanExit {
                exit(withError: error)  // --help, --version: full text on stdout
            }
            let message = (error as? CommandFailure)?.description ?? message(for: error)
            let line = message.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? "failed"
            Standard.error("readinessd: \(line)")
            if let failure = error as? CommandFailure { Glibc.exit(failure.exitCode) }
            // `fleet` documents 4 for every usage error (its other codes describe the fleet).
            let isFleet = CommandLine.arguments.dropFirst().first == FleetCommand.configuration.commandName
            Glibc.exit(isFleet ? FleetExitStatus.usageOrConnection.rawValue : code.rawValue)
        }
    }
}
