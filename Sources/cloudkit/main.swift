import ArgumentParser
import CloudKit
import Foundation

/// Runs the command line and maps the outcome to the documented exit status:
/// 0 success, 1 failure, 2 usage error, 3 not found.
func runCommandLine() async -> Int32 {
    let command: ParsableCommand
    do {
        command = try CloudKitCommand.parseAsRoot(GlobalOptions.hoisted(Array(CommandLine.arguments.dropFirst())))
    } catch {
        let code = CloudKitCommand.exitCode(for: error)
        if code == .success {
            print(CloudKitCommand.fullMessage(for: error))
            return 0
        }
        Terminal.error(CloudKitCommand.fullMessage(for: error))
        return 2
    }
    do {
        if var asyncCommand = command as? AsyncParsableCommand {
            try await asyncCommand.run()
        } else {
            var syncCommand = command
            try syncCommand.run()
        }
        return 0
    } catch let error as CloudError {
        Terminal.error(Terminal.describe(error))
        return error.kind == .notFound ? 3 : 1
    } catch let error as ValidationError {
        Terminal.error("error: \(error.message)")
        return 2
    } catch let error as CleanExit {
        _ = error
        return 0
    } catch {
        Terminal.error("error: \(error)")
        return 1
    }
}

exit(await InterruptHandler.run { await runCommandLine() })
