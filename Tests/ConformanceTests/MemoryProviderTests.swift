import CloudKit
import CloudKitTestSupport
import Foundation
import Testing

/// The memory provider as C: its sources build as strict C99 against
/// abi/cloudkit.h alone, the library the package builds needs no Swift
/// runtime, and the C hosts run against it built with AddressSanitizer and
/// UndefinedBehaviorSanitizer, leak checking on, so a memory error or a
/// leak in the provider fails the test.
@Suite("Memory provider in C", .enabled(if: ProviderFixture.builtProviders.contains("memory")))
struct MemoryProviderTests {
    static let sourceFolder = ProviderFixture.packageRoot.appendingPathComponent("Plugins/Memory").path

    /// Every C file of the provider.
    static var sources: [String] {
        let folder = "\(sourceFolder)/src"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".c") }.sorted().map { "\(folder)/\($0)" }
    }

    /// The symbols `library` exports (defined, global).
    static func exported(_ library: String) async throws -> [String] {
        let symbols = try await ProgramRunner.run(ProgramRunner.which("nm") ?? "/usr/bin/nm", ["-D", "--defined-only", library])
        return symbols.text.split(separator: "\n").compactMap { line -> String? in
            let parts = line.split(separator: " ")
            return parts.count >= 3 && "TDBRWVi".contains(parts[1]) ? String(parts[2]) : nil
        }
    }

    /// Compiles the sources with the strict C99 flags and `flags` into `libcloudkit-memory.so` in a new folder.
    static func compile(_ flags: [String]) async throws -> (library: String, outcome: ProgramRunner.Outcome) {
        let library = try ProviderFixture.temporaryDirectory("memc") + "/libcloudkit-memory.so"
        let outcome = try await ProgramRunner.run(CProgramTests.compiler, CProgramTests.strictC + flags + [
            "-shared", "-fPIC", "-fvisibility=hidden", "-I", CProgramTests.abiFolder, "-I", "\(sourceFolder)/include",
        ] + sources + ["-o", library, "-lpthread"])
        return (library, outcome)
    }

    @Test("its sources compile as strict C99 with abi/cloudkit.h alone, into a library exporting only cloudkit_provider_init")
    func strictC99() async throws {
        #expect(Self.sources.count >= 10)
        let (library, outcome) = try await Self.compile([])
        #expect(outcome.status == 0, "compiler said: \(outcome.stderr)")
        #expect(try await Self.exported(library) == ["cloudkit_provider_init"])
    }

    @Test("libcloudkit-memory.so as the package builds it needs libc alone: no Swift runtime, no rpath into the toolchain")
    func noSwiftRuntime() async throws {
        let library = "\(ProviderFixture.binDirectory)/\(ProviderFixture.libraryFile("memory"))"
        let outcome = try await ProgramRunner.run(ProgramRunner.which("readelf") ?? "/usr/bin/readelf", ["-d", library])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = outcome.text.split(separator: "\n")
        let needed = lines.filter { $0.contains("(NEEDED)") }
        #expect(needed.count == 1 && needed.allSatisfy { $0.contains("[libc.so.6]") }, "needs: \(needed)")
        let paths = lines.filter { $0.contains("(RUNPATH)") || $0.contains("(RPATH)") }
        #expect(paths.allSatisfy { !$0.contains("/") || $0.contains("[$ORIGIN]") }, "search paths: \(paths)")
    }

    /// The C hosts for the memory provider: `abi_memory.c` (streams, files, limits, options, listings,
    /// key-value values and pages) and `abi_memory_threads.c` (many threads on one client, cancel, close).
    static let memoryPrograms = ["abi_memory", "abi_memory_threads"]

    @Test("the memory provider's own C hosts run against the library the package builds, under ASan", arguments: memoryPrograms)
    func ownPrograms(program: String) async throws {
        try await CProgramTests().run(program, provider: "memory", target: nil)
    }

    @Test("C hosts run against the provider built with ASan and UBSan, leak checking on",
          arguments: ["abi_storage", "abi_kv", "abi_evolution"] + memoryPrograms)
    func sanitizedProvider(program: String) async throws {
        let library = try await SanitizedMemoryProvider.shared.library()
        let host = try await CProgramTests.compile(program)
        var arguments = [library]
        switch program {
        case "abi_storage", "abi_evolution": arguments.append(ProviderFixture.uniqueBucket("memc"))
        case "abi_kv": arguments.append("ck-memc-table")
        default: break
        }
        var environment = ProcessInfo.processInfo.environment
        environment["ASAN_OPTIONS"] = "detect_leaks=1:abort_on_error=0"
        environment["UBSAN_OPTIONS"] = "halt_on_error=1:print_stacktrace=1"
        let outcome = try await ProgramRunner.run(host, arguments, environment: environment)
        #expect(outcome.status == 0, "stdout: \(outcome.text)\nstderr: \(outcome.stderr)")
        #expect(outcome.text.contains("ok"))
    }

    @Test("many threads on one client, cancel and close in flight, with the provider and the host under ThreadSanitizer")
    func threadSanitizer() async throws {
        let (library, built) = try await Self.compile(["-g", "-O1", "-fsanitize=thread"])
        #expect(built.status == 0, "compiler said: \(built.stderr)")
        let host = try ProviderFixture.temporaryDirectory("memc-tsan") + "/abi_memory_threads"
        let compiled = try await ProgramRunner.run(CProgramTests.compiler, CProgramTests.strictC + [
            "-g", "-fsanitize=thread", "-I", CProgramTests.abiFolder, "\(CProgramTests.sourceFolder)/abi_memory_threads.c", "-o", host,
            "-ldl", "-lpthread",
        ])
        #expect(compiled.status == 0, "compiler said: \(compiled.stderr)")
        var environment = ProcessInfo.processInfo.environment
        environment["TSAN_OPTIONS"] = "halt_on_error=1"
        let outcome = try await ProgramRunner.run(host, [library], environment: environment)
        #expect(outcome.status == 0, "stdout: \(outcome.text)\nstderr: \(outcome.stderr)")
        #expect(outcome.text.hasSuffix("ok\n"))
    }
}

/// The memory provider built once per test run with AddressSanitizer and
/// UndefinedBehaviorSanitizer (without `-z nodelete`, so LeakSanitizer sees it whole).
actor SanitizedMemoryProvider {
    static let shared = SanitizedMemoryProvider()
    private var building: Task<String, any Error>?

    func library() async throws -> String {
        if let building { return try await building.value }
        let task = Task {
            let (library, outcome) = try await MemoryProviderTests.compile(CProgramTests.asan)
            guard outcome.status == 0 else { throw CloudError(.internal, "the sanitized memory provider did not build: \(outcome.stderr)") }
            return library
        }
        building = task
        return try await task.value
    }
}
