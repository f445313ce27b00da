import CloudKit
import Foundation
import Testing

/// The C ABI used from plain C: the program under Tests/ConformanceTests/C is
/// compiled with the system C compiler in strict C99 mode under
/// AddressSanitizer and run against each provider library.
@Suite("C ABI program")
struct CProgramTests {
    static let sourceFolder = ProviderFixture.packageRoot.appendingPathComponent("Tests/ConformanceTests/C").path
    static let abiFolder = ProviderFixture.packageRoot.appendingPathComponent("abi").path

    /// Compiles `<program>.c` once per test into a temporary folder.
    static func compile(_ program: String = "abi_storage") throws -> String {
        let output = try ProviderFixture.temporaryDirectory("cprog") + "/\(program)"
        let compiler = ProgramRunner.which("cc") ?? ProgramRunner.which("gcc") ?? "/usr/bin/cc"
        let outcome = try ProgramRunner.run(compiler, [
            "-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-g", "-fsanitize=address", "-fno-omit-frame-pointer",
            "-I", abiFolder, "\(sourceFolder)/\(program).c", "-o", output, "-ldl", "-lpthread",
        ])
        #expect(outcome.status == 0, "compiler said: \(outcome.stderr)")
        return output
    }

    @Test("the header compiles as strict C99 and as C++ on its own")
    func headerCompilesAlone() throws {
        let compiler = ProgramRunner.which("cc") ?? "/usr/bin/cc"
        let c = try ProgramRunner.run(compiler, ["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-fsyntax-only", "-x", "c", "\(Self.abiFolder)/cloudkit.h"])
        #expect(c.status == 0, "\(c.stderr)")
        if let cxx = ProgramRunner.which("c++") ?? ProgramRunner.which("g++") {
            let outcome = try ProgramRunner.run(cxx, ["-Wall", "-Wextra", "-Werror", "-pedantic", "-fsyntax-only", "-x", "c++", "\(Self.abiFolder)/cloudkit.h"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
        }
    }

    @Test("a C program puts, gets, lists and deletes through each provider under ASan", arguments: ProviderFixture.providers)
    func cProgram(provider: String) throws {
        try run("abi_storage", provider: provider, target: ProviderFixture.uniqueBucket("cprog"))
    }

    @Test("a C program creates a table, puts, gets, queries and transacts through each provider under ASan", arguments: ProviderFixture.providers)
    func cKeyValueProgram(provider: String) throws {
        try run("abi_kv", provider: provider, target: "ck-ctable-\(UUID().uuidString.prefix(8).lowercased())")
    }

    @Test("a C program sends, receives and acknowledges a message through each provider under ASan", arguments: ProviderFixture.providers)
    func cQueueProgram(provider: String) throws {
        try run("abi_queue", provider: provider, target: "ck-cqueue-\(UUID().uuidString.prefix(8).lowercased())")
    }

    @Test("a C program invokes, dry-runs and describes a function through each provider under ASan", arguments: ProviderFixture.providers)
    func cFunctionProgram(provider: String) throws {
        let function = FunctionFixture.name("cfn")
        var root: String?
        switch provider {
        case "local":
            root = try FunctionFixture.localRoot("cfn-root", functions: [function: "#!/bin/sh\ncat\n"])
        case "aws":
            try FunctionFixture.createLambda(function, endpoint: try #require(ProviderFixture.motoEndpoint), key: "testing", secret: "testing")
        default: break
        }
        try run("abi_function", provider: provider, target: function, root: root)
    }

    @Test("a C program cancels one long poll by its user_data and the other runs its course, under ASan", arguments: ProviderFixture.providers)
    func cCancelProgram(provider: String) throws {
        try run("abi_cancel", provider: provider, target: "ck-ccancel-\(UUID().uuidString.prefix(8).lowercased())")
    }

    @Test("at trace level no log line and no status carries the secret key, the session token or a signature (AWS, under ASan)",
          .enabled(if: ProviderFixture.providers.contains("aws")))
    func cSecretsProgram() throws {
        let program = try Self.compile("abi_secrets")
        let library = "\(ProviderFixture.binDirectory)/\(ProviderLocator.fileName(for: "aws"))"
        let endpoint = try #require(ProviderFixture.motoEndpoint)
        var environment = ProcessInfo.processInfo.environment
        environment["ASAN_OPTIONS"] = "detect_leaks=0:abort_on_error=0"
        let outcome = try ProgramRunner.run(program, [library, ProviderFixture.uniqueBucket("secrets"), "endpoint_url=\(endpoint)"], environment: environment)
        #expect(outcome.status == 0, "stdout: \(outcome.text)\nstderr: \(outcome.stderr)")
        #expect(outcome.text.contains("ok"))
    }

    @Test("a hostile C program's NULL, invalid and out-of-range arguments each complete once with invalid argument, without a crash",
          arguments: ProviderFixture.providers)
    func cHostileProgram(provider: String) throws {
        try run("abi_hostile", provider: provider, target: nil)
    }

    /// Compiles and runs one C program against `provider`, naming its bucket or table `target`.
    func run(_ name: String, provider: String, target: String?, root: String? = nil) throws {
        let program = try Self.compile(name)
        let library = "\(ProviderFixture.binDirectory)/\(ProviderLocator.fileName(for: provider))"
        var arguments = [library] + (target.map { [$0] } ?? [])
        switch provider {
        case "local": arguments.append("root=\(try root ?? ProviderFixture.temporaryDirectory("croot"))")
        case "aws":
            let endpoint = try #require(ProviderFixture.motoEndpoint)
            arguments += ProviderFixture.awsOptions(endpoint: endpoint).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        default: break
        }
        var environment = ProcessInfo.processInfo.environment
        // Swift's runtime keeps process-lifetime caches that LeakSanitizer
        // reports as leaks at exit; memory errors are still fatal.
        environment["ASAN_OPTIONS"] = "detect_leaks=0:abort_on_error=0"
        let outcome = try ProgramRunner.run(program, arguments, environment: environment)
        #expect(outcome.status == 0, "stdout: \(outcome.text)\nstderr: \(outcome.stderr)")
        #expect(outcome.text.contains("ok"))
    }

    @Test("each provider library exports only cloudkit_provider_init", arguments: ProviderFixture.builtProviders)
    func exportsOnlyEntryPoint(provider: String) throws {
        let library = "\(ProviderFixture.binDirectory)/\(ProviderLocator.fileName(for: provider))"
        #expect(FileManager.default.fileExists(atPath: library), "\(library) was not built")
        let outcome = try ProgramRunner.run(ProgramRunner.which("nm") ?? "/usr/bin/nm", ["-D", "--defined-only", library])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let exported = outcome.text.split(separator: "\n").compactMap { line -> String? in
            let parts = line.split(separator: " ")
            guard parts.count >= 3, "TDBRWVi".contains(parts[1]) else { return nil }
            return String(parts[2])
        }
        let unexpected = exported.filter { !["cloudkit_provider_init", "_init", "_fini", "_edata", "_end", "__bss_start"].contains($0) }
        #expect(exported.contains("cloudkit_provider_init"))
        #expect(unexpected.isEmpty, "also exported: \(unexpected.prefix(10))")
    }
}
