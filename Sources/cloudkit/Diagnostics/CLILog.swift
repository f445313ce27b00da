import CloudKitModel
import Logging

/// The command line's logging: installed before anything is parsed, so no
/// line ever reaches standard output (swift-log's default); warnings show on
/// standard error, and `--debug` (`-v`) shows everything the provider logs.
enum CLILog {
    private static let verbosity = Locked(Logger.Level.warning)

    /// The least level shown now: `warning`, or `trace` with `--debug`.
    static var level: Logger.Level { verbosity.withLock { $0 } }

    /// Shows everything from now on (`--debug`); lines of provider libraries
    /// are only as verbose as the level in effect when they were loaded.
    static func showEverything() { verbosity.withLock { $0 = .trace } }

    /// Installs `StderrLogHandler` for every logger; once, at start-up.
    static func bootstrap() {
        LoggingSystem.bootstrap { StderrLogHandler(label: $0) }
    }

    /// The logger for one client's lines (`Cloud.load(logger:)`).
    static var clientLogger: Logger { Logger(label: "cloudkit.client") }
}
