import CloudKit
import CloudKitTestSupport
import Foundation
import Testing

/// The `cloudkit` command line on the local provider: output formats and exit statuses.
@Suite("cloudkit CLI")
struct CLITests {
    let cli = "\(ProviderFixture.binDirectory)/cloudkit"

    /// Runs the CLI on a fresh local root (and no config file or provider override).
    func run(_ arguments: [String], stdin: Data? = nil, root: String) async throws -> ProgramRunner.Outcome {
        try await ProgramRunner.run(cli, arguments, stdin: stdin, environment: environment(root: root))
    }

    /// This process's environment with the CLI on the local provider at `root` and no configuration file.
    func environment(root: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["CLOUDKIT_LOCAL_ROOT"] = root
        environment["CLOUDKIT_PROVIDER"] = nil
        environment["CLOUDKIT_CONFIG"] = nil
        environment["XDG_CONFIG_HOME"] = root + "/config"
        return environment
    }

    @Test("put from stdin, get to stdout, head as JSON and list with a delimiter")
    func storageRoundTrip() async throws {
        let root = try ProviderFixture.temporaryDirectory("cli")
        #expect(try await run(["storage", "create-bucket", "cli-bucket"], root: root).status == 0)
        let body = Data("bytes\u{0}with\nbinary\u{FF}".utf8)
        let put = try await run(["storage", "put", "cli-bucket", "docs/a b.txt", "-", "--content-type", "text/plain", "--metadata", "team=core", "tier=1"], stdin: body, root: root)
        #expect(put.status == 0, "\(put.stderr)")
        let get = try await run(["storage", "get", "cli-bucket", "docs/a b.txt", "-"], root: root)
        #expect(get.status == 0)
        #expect(get.stdout == body)
        let head = try await run(["storage", "head", "cli-bucket", "docs/a b.txt"], root: root)
        let json = try #require(try JSONSerialization.jsonObject(with: head.stdout) as? [String: Any])
        #expect(json["size"] as? Int == body.count)
        #expect(json["contentType"] as? String == "text/plain")
        #expect(json["metadata"] as? [String: String] == ["team": "core", "tier": "1"])
        _ = try await run(["storage", "put", "cli-bucket", "top.txt", "-"], stdin: Data("t".utf8), root: root)
        let list = try await run(["storage", "list", "cli-bucket", "--delimiter", "/"], root: root)
        #expect(list.text == "docs/\ntop.txt\n")
        let range = try await run(["storage", "get", "cli-bucket", "top.txt", "--range", "0-0"], root: root)
        #expect(range.text == "t")
    }

    @Test("not found exits 3 with 'error: not found: …' and the provider code on stderr")
    func notFoundExitStatus() async throws {
        let root = try ProviderFixture.temporaryDirectory("cli")
        _ = try await run(["storage", "create-bucket", "cli-bucket"], root: root)
        let outcome = try await run(["storage", "get", "cli-bucket", "missing", "-"], root: root)
        #expect(outcome.status == 3)
        #expect(outcome.stderr.hasPrefix("error: not found: "))
        #expect(outcome.stderr.contains("NoSuchKey"))
        #expect(outcome.stdout.isEmpty)
    }

    @Test("usage errors exit 2; other failures exit 1")
    func usageAndFailureStatuses() async throws {
        let root = try ProviderFixture.temporaryDirectory("cli")
        #expect(try await run(["storage", "put"], root: root).status == 2)
        #expect(try await run(["storage", "get", "b", "k", "--range", "x-y"], root: root).status == 2)
        #expect(try await run(["no-such-command"], root: root).status == 2)
        let invalid = try await run(["storage", "create-bucket", "Invalid_Bucket"], root: root)
        #expect(invalid.status == 1)
        #expect(invalid.stderr.hasPrefix("error: invalid argument: "))
        let badOption = try await run(["--provider", "local", "--region", "us-east-1", "storage", "list", "bucket"], root: root)
        #expect(badOption.status == 1)
        #expect(badOption.stderr.contains("region"))
    }

    @Test("a missing provider names what it looked for and where")
    func missingProvider() async throws {
        let root = try ProviderFixture.temporaryDirectory("cli")
        let outcome = try await run(["storage", "list", "b", "--provider", "nosuch"], root: root)
        #expect(outcome.status == 4, "a provider that cannot be used has its own status")
        #expect(outcome.stderr.contains("libcloudkit-nosuch.so"))
        #expect(outcome.stderr.contains(ProviderFixture.binDirectory))
    }

    @Test("providers lists every built library with its ABI version")
    func providersCommand() async throws {
        let root = try ProviderFixture.temporaryDirectory("cli")
        let outcome = try await run(["providers"], root: root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        for provider in ProviderFixture.builtProviders {
            #expect(outcome.text.contains("\(provider)\tABI \(ProviderFixture.abiVersion(of: provider))"), "\(provider) missing from: \(outcome.text)")
        }
        #expect(ProviderFixture.builtProviders.contains("local"))
    }
}
