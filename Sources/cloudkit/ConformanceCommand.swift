import ArgumentParser
import CloudKit
import CloudKitConformance
import Foundation

/// `cloudkit conformance PROVIDER`: runs the conformance kit — the behaviour
/// every provider must share — against any provider library, one line per
/// case and a closing count; exit status 0 only when no case failed.
struct ConformanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conformance",
        abstract: "Check that a provider behaves as every provider must (the conformance kit).",
        discussion: """
            Prints one line per case (PASS name, FAIL name: what went wrong, SKIP name: what the provider \
            does not offer), then `N passed, N failed, N skipped`. Exit status 0 only when nothing failed. \
            Each case makes its own buckets, tables, queues and topics (names starting with ck-) and removes them again.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The provider: a name (aws, local) or the path of a provider library; default: the one configuration chooses.")
    var provider: String?

    @Option(name: .customLong("service"), help: ArgumentHelp(
        "Only the cases of this family (repeatable): \(ConformanceFamily.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "FAMILY"))
    var services: [String] = []

    @Option(name: .customLong("case"), help: ArgumentHelp("Only this case (repeatable), as `cloudkit conformance --list` names it.", valueName: "NAME"))
    var cases: [String] = []

    @Option(name: .customLong("echo-function"), help: ArgumentHelp(
        "A function that returns its payload, with a version 1 that does too (for the functions cases that invoke one).", valueName: "NAME"))
    var echoFunction: String?

    @Option(name: .customLong("failing-function"), help: ArgumentHelp("A function that runs and fails, handled.", valueName: "NAME"))
    var failingFunction: String?

    @Option(name: .customLong("case-timeout"), help: ArgumentHelp(
        "Seconds one case may take before it fails as hung (a call that never completes).", valueName: "SECONDS"))
    var caseTimeout: Int = 120

    @Flag(help: "List the cases (name and what each checks) without running them.")
    var list = false

    func validate() throws {
        let families = Set(ConformanceFamily.allCases.map(\.rawValue))
        if let unknown = services.first(where: { !families.contains($0) }) {
            throw ValidationError("no family '\(unknown)'; the families are \(ConformanceFamily.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let unknown = cases.first(where: { ConformanceSuite.named($0) == nil }) {
            throw ValidationError("no case '\(unknown)'; `cloudkit conformance --list` names them")
        }
        guard caseTimeout > 0 else { throw ValidationError("--case-timeout takes a number of seconds above 0") }
    }

    func run() async throws {
        let selected = ConformanceSuite.selected(
            families: Set(services.compactMap(ConformanceFamily.init(rawValue:))), names: Set(cases))
        if list {
            for testCase in selected { print("\(testCase.name)\t\(testCase.summary)") }
            return
        }
        let runner = ConformanceRunner(target: try target())
        let json = global.json
        let summary = try await runner.run(selected) { result in
            Terminal.line(json ? Self.json(result) : result.line)
        }
        Terminal.line(json ? Self.json(summary) : summary.line)
        if !summary.succeeded { throw ExitCode.failure }
    }

    /// The provider as the arguments and configuration choose it, with the fixtures given.
    private func target() throws -> ConformanceTarget {
        let name = provider ?? global.provider
        let options = try global.providerOptions()
        let config = global.config
        var functions: [ConformanceFixture: FixtureFunction] = [:]
        if let echoFunction { functions[.echoFunction] = FixtureFunction(name: echoFunction) }
        if let failingFunction { functions[.failingFunction] = FixtureFunction(name: failingFunction) }
        return ConformanceTarget(functions: functions, caseTimeout: .seconds(caseTimeout)) {
            try await Cloud.load(provider: name, options: options, configPath: config, logger: CLILog.clientLogger)
        }
    }

    private static func json(_ result: ConformanceResult) -> String {
        var object: [String: JSONValue] = ["case": .string(result.name)]
        switch result.outcome {
        case .passed: object["outcome"] = .string("passed")
        case .failed(let message): object["outcome"] = .string("failed"); object["message"] = .string(message)
        case .skipped(let reason): object["outcome"] = .string("skipped"); object["reason"] = .string(reason)
        }
        return JSONValue.object(object).text
    }

    private static func json(_ summary: ConformanceSummary) -> String {
        JSONValue.object([
            "passed": .number(String(summary.passed)), "failed": .number(String(summary.failed)), "skipped": .number(String(summary.skipped)),
        ]).text
    }
}
