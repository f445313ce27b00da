import CloudKitTestSupport
import Foundation
import Testing

/// Help on every command of the CLI, found by walking the tree its own help
/// prints, and the exit statuses that tell failures apart.
@Suite("cloudkit help and exit statuses")
struct CLIHelpTests {
    let cli = "\(ProviderFixture.binDirectory)/cloudkit"

    func run(_ arguments: [String], root: String) async throws -> ProgramRunner.Outcome {
        var environment = ProcessInfo.processInfo.environment
        environment["CLOUDKIT_LOCAL_ROOT"] = root
        environment["CLOUDKIT_PROVIDER"] = nil
        environment["CLOUDKIT_CONFIG"] = nil
        environment["XDG_CONFIG_HOME"] = root + "/config"
        return try await ProgramRunner.run(cli, arguments, stdin: Data(), environment: environment)
    }

    /// The subcommand names listed under `SUBCOMMANDS:` in a help text.
    static func subcommands(in help: String) -> [String] {
        var names: [String] = []
        var inSection = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("SUBCOMMANDS:") {
                inSection = true
                continue
            }
            guard inSection else { continue }
            if line.isEmpty || !line.hasPrefix("  ") { if !names.isEmpty { break } else { continue } }
            // "  put                     Store an object…": the name is the first word, at the section's indent.
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let name = line.split(separator: " ").first else { continue }
            names.append(String(name))
        }
        return names.filter { $0 != "help" }
    }

    @Test("--help, -h and `help …` on every command print its help to stdout and exit 0; a group named alone prints its help")
    func helpEverywhere() async throws {
        let root = try ProviderFixture.temporaryDirectory("cli-help")
        var pending: [[String]] = [[]]
        var visited = 0
        while let path = pending.popLast() {
            visited += 1
            let help = try await run(path + ["--help"], root: root)
            #expect(help.status == 0, "cloudkit \(path.joined(separator: " ")) --help: \(help.stderr)")
            #expect(help.text.contains("USAGE: cloudkit"), "cloudkit \(path.joined(separator: " ")) --help printed: \(help.text)")
            #expect(help.stderr.isEmpty, "\(path): \(help.stderr)")
            let short = try await run(path + ["-h"], root: root)
            #expect(short.status == 0 && short.stdout == help.stdout, "cloudkit \(path.joined(separator: " ")) -h")
            let named = try await run(["help"] + path, root: root)
            #expect(named.status == 0 && named.text.contains("USAGE: cloudkit"), "cloudkit help \(path.joined(separator: " "))")
            let children = Self.subcommands(in: help.text)
            if !children.isEmpty {
                let alone = try await run(path, root: root)
                #expect(alone.status == 0 && alone.stdout == help.stdout, "cloudkit \(path.joined(separator: " ")) alone prints its help")
            }
            pending += children.map { path + [$0] }
        }
        // The root, the service groups and their commands: far more than a handful.
        #expect(visited > 40, "walked \(visited) commands")
    }

    @Test("exit statuses: 4 for a provider that cannot be found, 5 for a bad configuration file, 6 for a missing input file, 2 for usage")
    func distinctExitStatuses() async throws {
        let root = try ProviderFixture.temporaryDirectory("cli-exit")
        let noProvider = try await run(["--provider", "no-such-provider", "storage", "list-buckets"], root: root)
        #expect(noProvider.status == 4, "\(noProvider.stderr)")
        #expect(noProvider.stderr.contains("ProviderNotFound"))

        let missingConfig = try await run(["--config", "\(root)/absent.toml", "storage", "list-buckets"], root: root)
        #expect(missingConfig.status == 5, "\(missingConfig.stderr)")
        let badConfig = "\(root)/bad.toml"
        try Data("provider = [1\n".utf8).write(to: URL(fileURLWithPath: badConfig))
        let malformed = try await run(["--config", badConfig, "storage", "list-buckets"], root: root)
        #expect(malformed.status == 5, "\(malformed.stderr)")
        #expect(malformed.stderr.contains("\(badConfig):1"), "the error names the file and line: \(malformed.stderr)")

        #expect(try await run(["storage", "create-bucket", "exits"], root: root).status == 0)
        let missingInput = try await run(["storage", "put", "exits", "k", "\(root)/no-such-file"], root: root)
        #expect(missingInput.status == 6, "\(missingInput.stderr)")
        #expect(try await run(["storage", "get", "exits", "k", "-"], root: root).status == 3, "and nothing was stored")

        let usage = try await run(["storage", "put", "exits"], root: root)
        #expect(usage.status == 2)
        #expect(usage.stdout.isEmpty)
    }
}
