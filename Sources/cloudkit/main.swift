import ArgumentParser
import CloudKit
import Foundation

/// Runs the command line and maps the outcome to the documented exit
/// status (`ExitStatus`). Help (`--help`, `-h`, `help …`, or a command group
/// named without a subcommand) prints to stdout and exits 0.
func runCommandLine() async -> Int32 {
    CLILog.bootstrap()
    let command: ParsableCommand
    do {
        command = try CloudKitCommand.parseAsRoot(GlobalOptions.hoisted(Array(CommandLine.arguments.dropFirst())))
    } catch {
        return report(error)
    }
    do {
        if var asyncCommand = command as? AsyncParsableCommand {
            try await asyncCommand.run()
        } else {
            var syncCommand = command
            try syncCommand.run()
        }
        return ExitStatus.success.rawValue
    } catch let error as CloudError {
        Terminal.error(Terminal.describe(error))
        return ExitStatus(error).rawValue
    } catch let error as ValidationError {
        Terminal.error("error: \(error.message)")
        return ExitStatus.usage.rawValue
    } catch let error as ExitCode {
        // The command said all it had to say (`conformance` after a failed case).
        return error.rawValue
    } catch where CloudKitCommand.exitCode(for: error) == .success {
        // A help request: `help storage` runs a command that throws one.
        return report(error)
    } catch {
        Terminal.error("error: \(error)")
        return ExitStatus.failure.rawValue
    }
}

/// Prints what ArgumentParser says of `error`: help and versions to stdout
/// (status 0), anything else to stderr as a usage error (2) or a failure (1).
func report(_ error: any Error) -> Int32 {
    let message = CloudKitCommand.fullMessage(for: error)
    switch CloudKitCommand.exitCode(for: error) {
    case .success:
        if !message.isEmpty { print(message) }
        return ExitStatus.success.rawValue
    case .validationFailure:
        Terminal.error(message)
        return ExitStatus.usage.rawValue
    default:
        Terminal.error(message.isEmpty ? "error: \(error)" : message)
        return ExitStatus.failure.rawValue
    }
}

exit(await InterruptHandler.run { await runCommandLine() })
