import ArgumentParser
import CloudKit

/// `--exclude` and `--include` (repeatable), kept in the order they were
/// written: the last rule that matches a path decides (`GlobFilter`).
struct FilterFlags: ParsableArguments {
    @Option(name: .customLong("exclude"), help: ArgumentHelp("Leave out paths that match this glob (repeatable; the last matching --exclude/--include wins).", valueName: "GLOB"))
    var excludes: [String] = []
    @Option(name: .customLong("include"), help: ArgumentHelp("Take part paths that match this glob, after an --exclude (repeatable).", valueName: "GLOB"))
    var includes: [String] = []

    var isEmpty: Bool { excludes.isEmpty && includes.isEmpty }

    /// The rules in command-line order. The parser keeps each flag's values
    /// apart, so the order is read from the raw arguments (up to a `--`)
    /// and checked against what the parser found.
    func filter(arguments: [String] = CommandLine.arguments) throws -> GlobFilter {
        var rules: [GlobFilter.Rule] = []
        var index = 0
        while index < arguments.count, arguments[index] != "--" {
            let argument = arguments[index]
            index += 1
            for (flag, include) in [("--exclude", false), ("--include", true)] {
                if argument == flag, index < arguments.count {
                    rules.append(GlobFilter.Rule(include: include, pattern: GlobPattern(arguments[index])))
                    index += 1
                } else if argument.hasPrefix(flag + "=") {
                    rules.append(GlobFilter.Rule(include: include, pattern: GlobPattern(String(argument.dropFirst(flag.count + 1)))))
                }
            }
        }
        let found = (excludes: rules.filter { !$0.include }.map(\.pattern.description), includes: rules.filter(\.include).map(\.pattern.description))
        guard found.excludes == excludes, found.includes == includes else {
            throw ValidationError("cannot tell the order of --exclude and --include; write each as --exclude GLOB or --exclude=GLOB")
        }
        return GlobFilter(rules)
    }
}
