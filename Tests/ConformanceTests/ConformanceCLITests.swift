import CloudKit
import CloudKitConformance
import CloudKitTestSupport
import Foundation
import Testing

/// `cloudkit conformance`: the kit's cases against a provider library from
/// the command line, one line per case, the counts last, exit 0 only when
/// nothing failed.
@Suite("cloudkit conformance")
struct ConformanceCLITests {
    static let cli = "\(ProviderFixture.binDirectory)/cloudkit"

    /// Runs `cloudkit conformance ARGUMENTS` with no configuration file or provider from the environment.
    static func conformance(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> ProgramRunner.Outcome {
        var environment = ProcessInfo.processInfo.environment
        environment["CLOUDKIT_PROVIDER"] = nil
        environment["CLOUDKIT_CONFIG"] = nil
        environment["XDG_CONFIG_HOME"] = try ProviderFixture.temporaryDirectory("kit-config")
        environment.merge(extra) { $1 }
        return try await ProgramRunner.run(cli, ["conformance"] + arguments, environment: environment)
    }

    /// The result lines of a run (the counts line taken off) and the counts line.
    static func lines(_ outcome: ProgramRunner.Outcome) -> (results: [String], counts: String) {
        let lines = outcome.text.split(separator: "\n").map(String.init)
        return (Array(lines.dropLast()), lines.last ?? "")
    }

    /// Arguments that run the local provider on a fresh root holding the function fixtures.
    static func localArguments() throws -> [String] {
        let root = try FunctionFixture.localRoot("kit-cli", functions: FunctionFixture.localScripts(echo: "echo", failing: "fail"))
        return ["local", "--option", "root=\(root)", "--echo-function", "echo", "--failing-function", "fail"]
    }

    @Test("the cloudkit executable links no networking library: the kit opens libcurl only when a presigned-URL case runs")
    func noNetworkingAtStart() async throws {
        let dynamic = try await ProgramRunner.run(ProgramRunner.which("readelf") ?? "/usr/bin/readelf", ["-d", Self.cli])
        #expect(dynamic.status == 0, "\(dynamic.stderr)")
        let needed = dynamic.text.split(separator: "\n").filter { $0.contains("(NEEDED)") }
        #expect(needed.contains { $0.contains("libFoundation") }, "\(needed)")
        for line in needed {
            #expect(!line.contains("FoundationNetworking") && !line.contains("libcurl"), "loaded at every start: \(line)")
        }
    }

    @Test("on the local provider every case passes: PASS and its name on a line each, then the counts; exit 0")
    func local() async throws {
        let outcome = try await Self.conformance(try Self.localArguments())
        #expect(outcome.status == 0, "\(outcome.text)\n\(outcome.stderr)")
        let (results, counts) = Self.lines(outcome)
        #expect(results == ConformanceSuite.all.map { "PASS \($0.name)" })
        #expect(counts == "\(ConformanceSuite.all.count) passed, 0 failed, 0 skipped")
    }

    @Test("on aws against moto nothing fails; without a failing function that case is skipped, saying what it needs",
          .enabled(if: ProviderFixture.providers.contains("aws")))
    func aws() async throws {
        try await KitTargets.makeAWSEcho()
        let endpoint = try #require(ProviderFixture.motoEndpoint)
        let outcome = try await Self.conformance([
            "aws", "--endpoint-url", endpoint, "--region", "us-east-1", "--option", "access_key_id=testing",
            "--option", "secret_access_key=testing", "--echo-function", KitTargets.awsEcho,
        ])
        #expect(outcome.status == 0, "\(outcome.text)\n\(outcome.stderr)")
        let (results, counts) = Self.lines(outcome)
        #expect(results.filter { !$0.hasPrefix("PASS ") } == ["SKIP functions.handled-error: needs a function that fails, handled (--failing-function NAME)"])
        #expect(counts == "\(ConformanceSuite.all.count - 1) passed, 0 failed, 1 skipped")
    }

    @Test("--service and --case choose the cases, --json prints a JSON object a line, --list names every case; an unknown family is a usage error")
    func selection() async throws {
        let listed = try await Self.conformance(["--list"])
        #expect(listed.status == 0)
        #expect(listed.text.split(separator: "\n").map { String($0.prefix { $0 != "\t" }) } == ConformanceSuite.all.map(\.name))
        let kv = try await Self.conformance(try Self.localArguments() + ["--service", "kv", "--case", "storage.ranges", "--case", "kv.update", "--json"])
        #expect(kv.status == 0, "\(kv.text)\n\(kv.stderr)")
        #expect(kv.text == #"{"case":"kv.update","outcome":"passed"}"# + "\n" + #"{"failed":0,"passed":1,"skipped":0}"# + "\n")
        let unknown = try await Self.conformance(["local", "--service", "nosuch"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("storage, kv, queue, pubsub, functions, lifecycle"), "\(unknown.stderr)")
    }

    @Test("a provider of ABI 1.0 has no capabilities document: it is judged by its tables, and what it answers unsupported is skipped")
    func oldProvider() async throws {
        let library = try await CProgramTests.compileOldProvider()
        let outcome = try await Self.conformance([library, "--service", "storage", "--service", "kv"], environment: ["HOME": try ProviderFixture.temporaryDirectory("oldc-home")])
        let (results, _) = Self.lines(outcome)
        for expected in [
            "PASS storage.round-trip", "PASS storage.ranges", "SKIP storage.copy: provider's storage table has no copy_object",
            "SKIP storage.stored-options: provider has no capabilities document to list option cache_control",
            "SKIP storage.file-bodies: provider answered unsupported: this provider stores bodies in memory only",
            "SKIP kv.update: provider has no kv service",
        ] {
            #expect(results.contains(expected), "\(expected) is not among:\n\(outcome.text)\n\(outcome.stderr)")
        }
    }

    /// The in-memory provider (C; storage and key-value), built beside the others.
    static let memoryLibrary = "\(ProviderFixture.binDirectory)/\(ProviderFixture.libraryFile("memory"))"

    @Test("on the memory provider nothing fails; what it does not offer is skipped")
    func memory() async throws {
        #expect(FileManager.default.fileExists(atPath: Self.memoryLibrary), "the package builds libcloudkit-memory.so")
        let outcome = try await Self.conformance([Self.memoryLibrary])
        #expect(outcome.status == 0, "\(outcome.text)\n\(outcome.stderr)")
        let (results, counts) = Self.lines(outcome)
        #expect(results.filter { $0.hasPrefix("FAIL ") } == [])
        #expect(results.contains("PASS storage.round-trip") && results.contains("PASS kv.conditional-put"), "\(outcome.text)")
        #expect(counts.contains(" passed, 0 failed, "), "\(counts)")
    }
}
