import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// `--progress` / `--quiet`, for the commands that move object bodies
/// (`storage put`, `get`, `copy`): whether they draw a `ProgressLine`.
struct ProgressFlags: ParsableArguments {
    @Flag(name: .customLong("progress"), help: "Show the progress line on standard error even when it is not a terminal.")
    var force = false

    @Flag(name: .customLong("quiet"), help: "Never show the progress line (wins over --progress).")
    var quiet = false

    /// On a terminal unless `--quiet`; anywhere with `--progress`.
    var enabled: Bool { !quiet && (force || isatty(STDERR_FILENO) != 0) }

    /// A progress line for one transfer, or nil when it is not to be shown.
    func line() -> ProgressLine? { enabled ? ProgressLine() : nil }
}
