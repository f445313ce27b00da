import CloudKitTestSupport
import Foundation
import Testing

/// libcloudkit-loader from C: `loader_host.c` built together with the
/// loader's own sources under ASan and UBSan and run in an environment the
/// test controls (a fresh HOME, none of this process's CLOUDKIT_* settings),
/// and the shared library itself: what it needs and what it exports.
@Suite("C loader")
struct CLoaderTests {
    static let bin = ProviderFixture.binDirectory
    static let local = "\(bin)/\(ProviderFixture.libraryFile("local"))"

    /// The loader's C sources.
    static var loaderSources: [String] {
        let folder = ProviderFixture.packageRoot.appendingPathComponent("Sources/CloudKitLoader").path
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.filter { $0.hasSuffix(".c") }.sorted().map { "\(folder)/\($0)" }
    }

    /// loader_host.c and the loader, built once for the suite.
    static let host = Task<String, any Error> {
        let folder = try ProviderFixture.temporaryDirectory("cloader")
        let output = "\(folder)/loader_host"
        let outcome = try await ProgramRunner.run(
            CProgramTests.compiler,
            CProgramTests.strictC + CProgramTests.asan + ["-I", CProgramTests.abiFolder, "\(CProgramTests.sourceFolder)/loader_host.c"]
                + loaderSources + ["-o", output, "-ldl", "-lpthread"])
        guard outcome.status == 0 else { throw CompileFailure(output: outcome.stderr) }
        return output
    }

    struct CompileFailure: Error { var output: String }

    /// Runs loader_host (or `program`) with only `environment` (plus HOME,
    /// PATH and ASan's options); `leaks` also checks the loader frees all it allocates.
    func run(_ arguments: [String], _ environment: [String: String] = [:], leaks: Bool = false, program: String? = nil) async throws
        -> ProgramRunner.Outcome {
        var executable = program ?? ""
        if program == nil { executable = try await Self.host.value }
        let base = [
            "HOME": try ProviderFixture.temporaryDirectory("cloader-home"), "PATH": "/usr/bin:/bin",
            "ASAN_OPTIONS": "detect_leaks=\(leaks ? 1 : 0):abort_on_error=0",
        ]
        return try await ProgramRunner.run(executable, arguments, environment: base.merging(environment) { $1 })
    }

    /// Writes `text` to a new file named `name` in a new folder.
    func file(_ name: String, _ text: String) throws -> String {
        let path = "\(try ProviderFixture.temporaryDirectory("cloader-file"))/\(name)"
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func expectLoaded(_ outcome: ProgramRunner.Outcome, _ lines: [String]) {
        #expect(outcome.status == 0, "stdout: \(outcome.text)\nstderr: \(outcome.stderr)")
        for line in lines + ["ok"] {
            #expect(outcome.text.contains("\(line)\n"), "no '\(line)' in: \(outcome.text)")
        }
    }

    @Test("by name on CLOUDKIT_PLUGIN_PATH, and by path with no search at all")
    func byNameAndByPath() async throws {
        let root = try ProviderFixture.temporaryDirectory("cloader-root")
        let named = try await run(["--provider", "local", "root=\(root)"], ["CLOUDKIT_PLUGIN_PATH": Self.bin])
        expectLoaded(named, ["provider local", "source argument", "config -", "agreed \(ProviderFixture.abiVersion(of: "local"))", "option root=\(root)"])
        let path = try await run(["--provider", Self.local, "root=\(root)"])
        expectLoaded(path, ["provider local", "source argument", "option root=\(root)"])
        #expect(path.text.contains("libcloudkit-local.so\n"))
    }

    @Test("CLOUDKIT_PROVIDER chooses a provider found beside the executable")
    func environmentAndBesideExecutable() async throws {
        let folder = try ProviderFixture.temporaryDirectory("cloader-exe")
        let program = "\(folder)/loader_host"
        try FileManager.default.copyItem(atPath: try await Self.host.value, toPath: program)
        try FileManager.default.createSymbolicLink(atPath: "\(folder)/\(ProviderFixture.libraryFile("local"))", withDestinationPath: Self.local)
        let root = try ProviderFixture.temporaryDirectory("cloader-root")
        let outcome = try await run(["root=\(root)"], ["CLOUDKIT_PROVIDER": "local"], program: program)
        expectLoaded(outcome, ["provider local", "source CLOUDKIT_PROVIDER"])
    }

    @Test("CLOUDKIT_CONFIG chooses the provider and its options; explicit options override them key by key")
    func configFileAndExplicitOptions() async throws {
        let fromFile = try ProviderFixture.temporaryDirectory("cloader-a")
        let explicit = try ProviderFixture.temporaryDirectory("cloader-b")
        let config = try file("c.toml", "provider = \"local\"\n\n[local]\nroot = \"\(fromFile)\"\nfunction_timeout = 7\n[aws]\nregion = \"x\"\n")
        let environment = ["CLOUDKIT_PLUGIN_PATH": Self.bin, "CLOUDKIT_CONFIG": config]
        let plain = try await run([], environment)
        expectLoaded(plain, ["source config file \(config)", "config \(config)", "option root=\(fromFile)", "option function_timeout=7"])
        #expect(FileManager.default.fileExists(atPath: "\(fromFile)/storage/ck-loader"))
        let overridden = try await run(["root=\(explicit)"], environment)
        expectLoaded(overridden, ["option root=\(explicit)", "option function_timeout=7"])
        #expect(!overridden.text.contains("region"))
        #expect(FileManager.default.fileExists(atPath: "\(explicit)/storage/ck-loader"))
    }

    @Test("./cloudkit.toml, then $XDG_CONFIG_HOME/cloudkit/config.toml, then ~/.config/cloudkit/config.toml")
    func configFileLocations() async throws {
        let root = try ProviderFixture.temporaryDirectory("cloader-root")
        let text = "provider = \"local\"\n[local]\nroot = \"\(root)\"\n"
        let local = try file("cloudkit.toml", text)
        let here = (local as NSString).deletingLastPathComponent
        let elsewhere = try ProviderFixture.temporaryDirectory("cloader-cwd")
        let environment = ["CLOUDKIT_PLUGIN_PATH": Self.bin]
        expectLoaded(try await run(["--chdir", here], environment), ["config \(local)", "source config file \(local)"])
        let xdg = try file("cloudkit/config.toml", text)
        let xdgHome = ((xdg as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        expectLoaded(try await run(["--chdir", elsewhere], environment.merging(["XDG_CONFIG_HOME": xdgHome]) { $1 }), ["config \(xdg)"])
        let user = try file(".config/cloudkit/config.toml", text)
        let home = (((user as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        expectLoaded(try await run(["--chdir", elsewhere], environment.merging(["HOME": home]) { $1 }), ["config \(user)"])
    }

    @Test("a provider found nowhere: the error names the file, who chose it, and every folder looked in (no leaks)")
    func missingProvider() async throws {
        let program = try await Self.host.value
        let folder = (program as NSString).deletingLastPathComponent
        let parent = (folder as NSString).deletingLastPathComponent
        let places = "no libcloudkit-ghost.so in /nonexistent-a, /nonexistent-b, \(folder), \(parent)/lib/cloudkit, /usr/local/lib/cloudkit"
        let named = try await run(["--provider", "ghost"], ["CLOUDKIT_PLUGIN_PATH": "/nonexistent-a:/nonexistent-b"], leaks: true)
        #expect(named.status == 1)
        #expect(named.text == "error not found ProviderNotFound: provider 'ghost' not found: \(places)\n", "\(named.text)\n\(named.stderr)")
        let chosen = try await run([], ["CLOUDKIT_PROVIDER": "ghost", "CLOUDKIT_PLUGIN_PATH": "/nonexistent-a:/nonexistent-b"], leaks: true)
        #expect(chosen.text.contains("provider 'ghost' (chosen by CLOUDKIT_PROVIDER) not found: \(places)"), "\(chosen.text)")
        let byDefault = try await run([], leaks: true)
        #expect(byDefault.text.contains("provider 'local' (the default) not found: no libcloudkit-local.so in \(folder),"), "\(byDefault.text)")
        #expect(byDefault.text.contains("set CLOUDKIT_PLUGIN_PATH to the folder that holds it"), "\(byDefault.text)")
        let path = try await run(["--provider", "/nonexistent/libcloudkit-x.so"], leaks: true)
        #expect(path.text.contains("error not found ProviderNotFound: provider '/nonexistent/libcloudkit-x.so': library /nonexistent/libcloudkit-x.so does not exist"), "\(path.text)")
    }

    @Test("a configuration file that is missing or breaks the TOML subset: file and line, never a value (no leaks)")
    func badConfigFile() async throws {
        let secret = "wJalrXUtnFEMIK7MDENG"
        let config = try file("bad.toml", "provider = \"local\"\n[local]\nsecret_access_key = \(secret)\n")
        let bad = try await run([], ["CLOUDKIT_CONFIG": config, "CLOUDKIT_PLUGIN_PATH": Self.bin], leaks: true)
        #expect(bad.status == 1)
        #expect(bad.text.hasPrefix("error invalid argument ConfigSyntax: \(config):3: 'secret_access_key' has a value that is not"), "\(bad.text)")
        #expect(!bad.text.contains(secret) && !bad.stderr.contains(secret))
        let missing = try await run(["--config", "/nonexistent/cloudkit.toml"], leaks: true)
        #expect(missing.text == "error not found ConfigNotFound: configuration file /nonexistent/cloudkit.toml does not exist\n", "\(missing.text)")
        let missingVariable = try await run([], ["CLOUDKIT_CONFIG": "/nonexistent/c.toml"], leaks: true)
        #expect(missingVariable.text.contains("configuration file /nonexistent/c.toml (CLOUDKIT_CONFIG) does not exist"), "\(missingVariable.text)")
    }

    @Test("a key the provider does not know is refused by the provider's client_open, named, with its kind")
    func refusedOption() async throws {
        let outcome = try await run(["--provider", Self.local, "root=/tmp", "bogus=1"])
        #expect(outcome.status == 1)
        #expect(outcome.text.hasPrefix("error invalid argument "), "\(outcome.text)")
        #expect(outcome.text.contains("provider local (") && outcome.text.contains("'bogus'"), "\(outcome.text)")
    }

    @Test("a provider built against ABI 1.0, loaded through the loader: the agreed minor is 0 and its storage works")
    func oldProvider() async throws {
        let library = try await CProgramTests.compileOldProvider(CProgramTests.asan)
        let outcome = try await run(["--provider", library])
        expectLoaded(outcome, ["provider oldc", "agreed 1.0"])
    }

    @Test("the memory provider (ABI 1.3) under this loader (1.7): its table says 1.3, the agreed minor is 1.3 and its storage works",
          .enabled(if: ProviderFixture.builtProviders.contains("memory")))
    func olderMinorProvider() async throws {
        let outcome = try await run(["--provider", "memory"], ["CLOUDKIT_PLUGIN_PATH": Self.bin])
        expectLoaded(outcome, ["provider memory", "agreed 1.3"])
    }

    @Test("ck_loader_list and ck_loader_locate: the search path, each provider once, never the loader itself (no leaks)")
    func listAndLocate() async throws {
        let environment = ["CLOUDKIT_PLUGIN_PATH": "\(Self.bin):/nonexistent"]
        let listed = try await run(["--list"], environment, leaks: true)
        expectLoaded(listed, ["searched \(Self.bin)", "searched /nonexistent", "found local \(Self.local)"])
        #expect(!listed.text.contains("found loader"))
        let located = try await run(["--locate", "local"], environment, leaks: true)
        expectLoaded(located, ["located \(Self.local)"])
        let chosen = try await run(["--locate", "-"], environment.merging(["CLOUDKIT_PROVIDER": "local"]) { $1 }, leaks: true)
        expectLoaded(chosen, ["located \(Self.local)"])
    }

    @Test("ck_loader_log_to_stderr as the host's log: the client works and every line it writes is one cloudkit: line")
    func logToStderr() async throws {
        let root = try ProviderFixture.temporaryDirectory("cloader-root")
        let outcome = try await run(["--log", "--provider", Self.local, "root=\(root)"])
        expectLoaded(outcome, ["provider local"])
        #expect(outcome.stderr.contains("cloudkit: debug: local provider root: \(root)\n"), "\(outcome.stderr)")
        for line in outcome.stderr.split(separator: "\n") {
            #expect(line.hasPrefix("cloudkit: "), "\(line)")
        }
    }

    @Test("libcloudkit-loader.so needs no Swift runtime and exports only its API")
    func sharedLibrary() async throws {
        let library = "\(Self.bin)/libcloudkit-loader.so"
        #expect(FileManager.default.fileExists(atPath: library), "\(library) was not built")
        let dynamic = try await ProgramRunner.run(ProgramRunner.which("readelf") ?? "/usr/bin/readelf", ["-d", library])
        #expect(dynamic.status == 0, "\(dynamic.stderr)")
        let needed = dynamic.text.split(separator: "\n").filter { $0.contains("(NEEDED)") }
        #expect(!needed.isEmpty)
        for line in needed {
            #expect(!line.contains("swift") && !line.contains("Foundation") && !line.contains("dispatch"), "\(line)")
        }
        #expect(!dynamic.text.contains("/opt/swift"), "a Swift runtime path: \(dynamic.text)")
        let symbols = try await ProgramRunner.run(ProgramRunner.which("nm") ?? "/usr/bin/nm", ["-D", "--defined-only", library])
        let exported = symbols.text.split(separator: "\n").compactMap { line -> String? in
            let parts = line.split(separator: " ")
            return parts.count >= 3 && "TDBRWVi".contains(parts[1]) ? String(parts[2]) : nil
        }
        #expect(exported.contains("ck_loader_open") && exported.contains("ck_config_parse"))
        let others = exported.filter { !$0.hasPrefix("ck_loader_") && !$0.hasPrefix("ck_config_") && $0 != "ck_options_free" }
        #expect(others.isEmpty, "also exported: \(others)")
    }
}
