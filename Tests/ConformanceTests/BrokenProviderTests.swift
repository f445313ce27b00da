import CloudKit
import CloudKitConformance
import CloudKitTestSupport
import Foundation
import Testing

/// One way `C/provider_broken.c` misbehaves, the cases run against it, and
/// the case that must fail, with the start of what it must say.
struct Breakage: Sendable, CustomTestStringConvertible {
    var mode: String
    var selection: [String]
    var failing: String
    var saying: String
    var testDescription: String { "break=\(mode): \(failing) fails" }
}

/// The conformance kit fails a provider that misbehaves: `provider_broken.c`
/// wraps the local provider and gets one thing wrong per `break` mode, and
/// `cloudkit conformance` must name the case that catches it and exit 1 —
/// for every family of checks: exactly-once completion, error kinds, listing
/// order and paging, ranges, metadata, conditions, FIFO order, filters,
/// cancellation and hostile arguments.
@Suite("cloudkit conformance against a broken provider")
struct BrokenProviderTests {
    static let breakages = [
        Breakage(mode: "storage.list-order", selection: ["--service", "storage"], failing: "storage.list-order", saying: "listed keys: expected"),
        Breakage(mode: "storage.list-paging", selection: ["--service", "storage"], failing: "storage.list-paging", saying: "keys over every page: expected"),
        Breakage(mode: "storage.range", selection: ["--service", "storage"], failing: "storage.ranges", saying: #"bytes 2-5 of abcdefghij: expected "cdef", got "def""#),
        Breakage(mode: "storage.metadata", selection: ["--service", "storage"], failing: "storage.metadata-rules", saying: "metadata head returned: expected"),
        Breakage(mode: "storage.error-kind", selection: ["--service", "storage"], failing: "storage.not-found", saying: "get of a missing key: expected not found, got internal"),
        Breakage(mode: "storage.hostile", selection: ["--service", "storage"], failing: "storage.hostile-arguments", saying: "create_bucket NULL bucket: expected invalid argument, got ok"),
        Breakage(mode: "kv.condition", selection: ["--service", "kv"], failing: "kv.conditional-put", saying: "put if absent over an existing item: expected precondition failed, got ok"),
        Breakage(mode: "queue.fifo", selection: ["--service", "queue"], failing: "queue.fifo-order", saying: #"the rest of group A, the duplicate dropped: expected ["a2", "a3"], got ["a3", "a2"]"#),
        Breakage(mode: "pubsub.filter", selection: ["--service", "pubsub"], failing: "pubsub.fan-out-filter", saying: "messages through the filter color=blue: expected"),
        Breakage(mode: "functions.error-kind", selection: ["--service", "functions"], failing: "functions.not-found", saying: "get of a missing function: expected not found, got internal"),
        Breakage(mode: "double-completion", selection: ["--service", "lifecycle"], failing: "lifecycle.calls-in-flight", saying: "the provider completed 50 call(s) more than once"),
        // The host waits for a call that never completes only as long as the case's guard.
        Breakage(mode: "no-completion", selection: ["--case", "lifecycle.calls-in-flight", "--case-timeout", "5"], failing: "lifecycle.calls-in-flight",
                 saying: "did not finish within 5 s"),
        // A cancel that does nothing leaves the long poll its whole 20 s, and then it succeeds.
        Breakage(mode: "cancel", selection: ["--case", "lifecycle.cancel-long-poll"], failing: "lifecycle.cancel-long-poll", saying: "the cancelled long poll: expected cancelled, got ok"),
    ]

    private static let libraries = OnceEach<String>()

    /// `provider_broken.c` built as libcloudkit-broken.so, once for the whole test process.
    static func library() async throws -> String {
        try await libraries.value("broken") {
            let library = try ProviderFixture.temporaryDirectory("broken") + "/libcloudkit-broken.so"
            let outcome = try await ProgramRunner.run(CProgramTests.compiler, CProgramTests.strictC + [
                "-shared", "-fPIC", "-fvisibility=hidden", "-I", CProgramTests.abiFolder, "\(CProgramTests.sourceFolder)/provider_broken.c",
                "-o", library, "-ldl",
            ])
            guard outcome.status == 0 else { throw CloudError(.internal, "provider_broken.c did not compile: \(outcome.stderr)") }
            return library
        }
    }

    /// Runs `cloudkit conformance` against the broken provider wrapping the
    /// local one on a fresh root with the function fixtures, breaking `mode`.
    static func run(breaking mode: String?, _ selection: [String]) async throws -> ProgramRunner.Outcome {
        let local = "\(ProviderFixture.binDirectory)/\(ProviderFixture.libraryFile("local"))"
        var arguments = try ConformanceCLITests.localArguments()
        arguments[0] = try await library()
        return try await ConformanceCLITests.conformance(
            arguments + (mode.map { ["--option", "break=\($0)"] } ?? []) + selection, environment: ["CLOUDKIT_BROKEN_INNER": local])
    }

    @Test("each breakage fails the case that checks it, saying what was expected and what came, and the exit status is 1", arguments: breakages)
    func breakage(_ breakage: Breakage) async throws {
        let outcome = try await Self.run(breaking: breakage.mode, breakage.selection)
        #expect(outcome.status == 1, "\(outcome.text)\n\(outcome.stderr)")
        let (results, counts) = ConformanceCLITests.lines(outcome)
        #expect(results.contains { $0.hasPrefix("FAIL \(breakage.failing): \(breakage.saying)") }, "\(outcome.text)\n\(outcome.stderr)")
        #expect(counts.hasSuffix(" skipped") && !counts.contains(" 0 failed"), "\(counts)")
    }

    @Test("without a breakage the broken provider is the local one and passes every case")
    func unbroken() async throws {
        let outcome = try await Self.run(breaking: nil, [])
        #expect(outcome.status == 0, "\(outcome.text)\n\(outcome.stderr)")
        #expect(ConformanceCLITests.lines(outcome).counts == "\(ConformanceSuite.all.count) passed, 0 failed, 0 skipped")
    }
}
