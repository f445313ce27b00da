import CloudKit
import CloudKitTestSupport
import Foundation
import Testing

/// The C ABI used from plain C: the program under Tests/ConformanceTests/C is
/// compiled with the system C compiler in strict C99 mode under
/// AddressSanitizer and run against each provider library.
@Suite("C ABI program")
struct CProgramTests {
    static let sourceFolder = ProviderFixture.packageRoot.appendingPathComponent("Tests/ConformanceTests/C").path
    static let abiFolder = ProviderFixture.packageRoot.appendingPathComponent("abi").path

    static let compiler = ProgramRunner.which("cc") ?? ProgramRunner.which("gcc") ?? "/usr/bin/cc"
    static let strictC = ["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic"]
    static let asan = ["-g", "-fsanitize=address,undefined", "-fno-sanitize-recover=undefined", "-fno-omit-frame-pointer"]

    /// Compiles `<program>.c` once per test into a temporary folder.
    static func compile(_ program: String = "abi_storage", header minor: Int? = nil) async throws -> String {
        let (output, outcome) = try await compileOutcome(program, header: minor)
        #expect(outcome.status == 0, "compiler said: \(outcome.stderr)")
        return output
    }

    /// Compiles `<program>.c` against abi/cloudkit.h or, given `minor`, against
    /// the frozen abi/history/cloudkit-1.<minor>.h copied alone into the output
    /// folder as cloudkit.h (`-I abi` is not passed); `-DCK_EXPECT_MINOR`
    /// (`expectMinor`, else `minor`) makes test_host.h prove that copy is used.
    static func compileOutcome(_ program: String, header minor: Int?, expectMinor: Int? = nil) async throws -> (String, ProgramRunner.Outcome) {
        let folder = try ProviderFixture.temporaryDirectory("cprog")
        var include = ["-I", abiFolder]
        if let minor {
            try FileManager.default.copyItem(atPath: "\(abiFolder)/history/cloudkit-1.\(minor).h", toPath: "\(folder)/cloudkit.h")
            include = ["-I", folder, "-DCK_EXPECT_MINOR=\(expectMinor ?? minor)"]
        }
        let output = "\(folder)/\(program)"
        let outcome = try await ProgramRunner.run(compiler, strictC + asan + include + ["\(sourceFolder)/\(program).c", "-o", output, "-ldl", "-lpthread"])
        return (output, outcome)
    }

    @Test("each header (the ABI, the loader) compiles as strict C99 and as C++ on its own", arguments: ["cloudkit.h", "cloudkit_loader.h"])
    func headerCompilesAlone(header: String) async throws {
        let compiler = ProgramRunner.which("cc") ?? "/usr/bin/cc"
        let c = try await ProgramRunner.run(compiler, ["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-fsyntax-only", "-x", "c", "\(Self.abiFolder)/\(header)"])
        #expect(c.status == 0, "\(c.stderr)")
        if let cxx = ProgramRunner.which("c++") ?? ProgramRunner.which("g++") {
            let outcome = try await ProgramRunner.run(cxx, ["-Wall", "-Wextra", "-Werror", "-pedantic", "-fsyntax-only", "-x", "c++", "\(Self.abiFolder)/\(header)"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
        }
    }

    @Test("a C program puts, gets, lists and deletes through each provider under ASan", arguments: ProviderFixture.storageProviders)
    func cProgram(provider: String) async throws {
        try await run("abi_storage", provider: provider, target: ProviderFixture.uniqueBucket("cprog"))
    }

    @Test(
        "a C program puts bodies of unknown length (ABI 1.4) through each provider under ASan: stored whole, an aborted read stores nothing; for a provider below 1.4 it spools them first",
        arguments: ProviderFixture.storageProviders)
    func cStreamProgram(provider: String) async throws {
        try await runProgram("abi_stream", provider: provider)
    }

    @Test(
        "a C host reads into its own memory (ABI 1.6 reserve) through each provider under ASan: asked once, for the body's length, data is that memory; a refusal cancels; a provider below 1.6 refuses the member",
        arguments: ProviderFixture.storageProviders)
    func cReserveProgram(provider: String) async throws {
        try await run("abi_reserve", provider: provider, target: ProviderFixture.uniqueBucket("creserve"))
    }

    @Test(
        "a C host lends its thread (ABI 1.7 lend) through each provider under ASan: lend returns once every call its start made has completed (a completion's own call, a long poll cancelled or closed from another thread too), NULLs are refused, another thread's calls go on beside it; on local and aws a call alone completes on the lent thread; a provider without lend is waited for by the host",
        arguments: ProviderFixture.storageProviders)
    func cLendProgram(provider: String) async throws {
        try await runProgram("abi_lend", provider: provider)
    }

    @Test("a C program creates a table, puts, gets, queries and transacts through each provider under ASan", arguments: ProviderFixture.kvProviders)
    func cKeyValueProgram(provider: String) async throws {
        try await run("abi_kv", provider: provider, target: "ck-ctable-\(UUID().uuidString.prefix(8).lowercased())")
    }

    @Test("a C program sends, receives and acknowledges a message through each provider under ASan", arguments: ProviderFixture.providers)
    func cQueueProgram(provider: String) async throws {
        try await run("abi_queue", provider: provider, target: "ck-cqueue-\(UUID().uuidString.prefix(8).lowercased())")
    }

    @Test("a C program invokes, dry-runs and describes a function through each provider under ASan", arguments: ProviderFixture.providers)
    func cFunctionProgram(provider: String) async throws {
        try await runProgram("abi_function", provider: provider)
    }

    @Test("a C program subscribes a queue to a topic, publishes, receives, lists and unsubscribes through each provider under ASan",
          arguments: ProviderFixture.providers)
    func cPubSubProgram(provider: String) async throws {
        try await runProgram("abi_pubsub", provider: provider)
    }

    @Test("a C program cancels one long poll by its user_data and the other runs its course, under ASan", arguments: ProviderFixture.providers)
    func cCancelProgram(provider: String) async throws {
        try await run("abi_cancel", provider: provider, target: "ck-ccancel-\(UUID().uuidString.prefix(8).lowercased())")
    }

    @Test("a C host gives one client a log sink of its own (ABI 1.5): its lines go there, other clients' to the host's; levels filter; NULL silences",
          arguments: ProviderFixture.providers)
    func cClientLogProgram(provider: String) async throws {
        try await run("abi_client_log", provider: provider, target: ProviderFixture.uniqueBucket("clog"))
    }

    @Test("at trace level no log line and no status carries the secret key, the session token or a signature (AWS, under ASan)",
          .enabled(if: ProviderFixture.providers.contains("aws")))
    func cSecretsProgram() async throws {
        let program = try await Self.compile("abi_secrets")
        let library = "\(ProviderFixture.binDirectory)/\(ProviderFixture.libraryFile("aws"))"
        let endpoint = try #require(ProviderFixture.motoEndpoint)
        var environment = ProcessInfo.processInfo.environment
        environment["ASAN_OPTIONS"] = "detect_leaks=0:abort_on_error=0"
        let outcome = try await ProgramRunner.run(program, [library, ProviderFixture.uniqueBucket("secrets"), "endpoint_url=\(endpoint)"], environment: environment)
        #expect(outcome.status == 0, "stdout: \(outcome.text)\nstderr: \(outcome.stderr)")
        #expect(outcome.text.contains("ok"))
    }

    /// Runs one of the service programs against `provider` with a fresh
    /// bucket, table, queue, topic or function (built against `header`, a frozen minor, if given).
    func runProgram(_ name: String, provider: String, header: Int? = nil) async throws {
        switch name {
        case "abi_function":
            let function = FunctionFixture.name("cfn")
            var root: String?
            switch provider {
            case "local":
                root = try FunctionFixture.localRoot("cfn-root", functions: [function: FunctionFixture.echoScript])
            case "aws":
                try await FunctionFixture.createLambda(function, endpoint: try #require(ProviderFixture.motoEndpoint), key: "testing", secret: "testing")
            default: break
            }
            try await run(name, provider: provider, target: function, root: root, header: header)
        case "abi_storage", "abi_stream", "abi_reserve", "abi_lend":
            try await run(name, provider: provider, target: ProviderFixture.uniqueBucket("cprog"), header: header)
        default:
            let label = ["abi_kv": "ctable", "abi_queue": "cqueue", "abi_pubsub": "cps"][name] ?? "c"
            try await run(name, provider: provider, target: "ck-\(label)-\(UUID().uuidString.prefix(8).lowercased())", header: header)
        }
    }

    /// Compiles and runs one C program against `provider`, naming its bucket or table `target`.
    func run(_ name: String, provider: String, target: String?, root: String? = nil, header: Int? = nil) async throws {
        let program = try await Self.compile(name, header: header)
        let library = "\(ProviderFixture.binDirectory)/\(ProviderFixture.libraryFile(provider))"
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
        let outcome = try await ProgramRunner.run(program, arguments, environment: environment)
        #expect(outcome.status == 0, "stdout: \(outcome.text)\nstderr: \(outcome.stderr)")
        #expect(outcome.text.contains("ok"))
        if let header {
            #expect(outcome.text.contains("host ABI 1.\(header)\n"), "stdout: \(outcome.text)")
        }
    }

    @Test("each provider library exports only cloudkit_provider_init", arguments: ProviderFixture.builtProviders)
    func exportsOnlyEntryPoint(provider: String) async throws {
        let library = "\(ProviderFixture.binDirectory)/\(ProviderFixture.libraryFile(provider))"
        #expect(FileManager.default.fileExists(atPath: library), "\(library) was not built")
        let outcome = try await ProgramRunner.run(ProgramRunner.which("nm") ?? "/usr/bin/nm", ["-D", "--defined-only", library])
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

// MARK: - Hosts and providers built against older headers

/// One service program built against one frozen header, run against one of today's providers.
struct FrozenHeaderCase: Sendable, CustomTestStringConvertible {
    var program: String
    var minor: Int
    var provider: String
    var testDescription: String { "\(program).c built against 1.\(minor), on \(provider)" }
}

extension CProgramTests {
    /// The service programs, each with the oldest minor whose header has
    /// every member it uses (a program using a member added in 1.N is only
    /// built against 1.N and later).
    static let programsOldestMinor: [String: Int] = [
        "abi_storage": 0, "abi_kv": 0, "abi_queue": 0, "abi_function": 0, "abi_pubsub": 0, "abi_stream": 4, "abi_reserve": 6,
        "abi_lend": 7,
    ]

    /// The service each program uses.
    static let programService: [String: String] = [
        "abi_storage": "storage", "abi_kv": "kv", "abi_queue": "queue", "abi_function": "functions", "abi_pubsub": "pubsub",
        "abi_stream": "storage", "abi_reserve": "storage", "abi_lend": "storage",
    ]

    static var frozenHeaderCases: [FrozenHeaderCase] {
        programsOldestMinor.keys.sorted().flatMap { program in
            ABIHistoryTests.frozen.map(\.minor).filter { $0 >= programsOldestMinor[program]! }.flatMap { minor in
                ProviderFixture.providers(offering: programService[program]!).map { FrozenHeaderCase(program: program, minor: minor, provider: $0) }
            }
        }
    }

    @Test("a C host built against each frozen header works with today's providers, under ASan", arguments: frozenHeaderCases)
    func frozenHeaderHost(_ host: FrozenHeaderCase) async throws {
        try await runProgram(host.program, provider: host.provider, header: host.minor)
    }

    @Test("a C host built against a frozen header really gets that copy: expecting another minor does not compile")
    func frozenHeaderIsTheOneUsed() async throws {
        #expect(ABIHistoryTests.frozen.count >= 3)
        for (minor, _) in ABIHistoryTests.frozen {
            let (_, right) = try await Self.compileOutcome("abi_storage", header: minor)
            #expect(right.status == 0, "1.\(minor): \(right.stderr)")
            let (_, wrong) = try await Self.compileOutcome("abi_storage", header: minor, expectMinor: minor + 1)
            #expect(wrong.status != 0 && wrong.stderr.contains("CK_EXPECT_MINOR"), "1.\(minor) with CK_EXPECT_MINOR=\(minor + 1): \(wrong.stderr)")
        }
    }

    /// Builds provider_v1_0.c against abi/history/cloudkit-1.0.h (copied
    /// alone as cloudkit.h) into a new folder as libcloudkit-oldc.so.
    static func compileOldProvider(_ flags: [String] = []) async throws -> String {
        let folder = try ProviderFixture.temporaryDirectory("oldc")
        try FileManager.default.copyItem(atPath: "\(abiFolder)/history/cloudkit-1.0.h", toPath: "\(folder)/cloudkit.h")
        let library = "\(folder)/libcloudkit-oldc.so"
        let outcome = try await ProgramRunner.run(compiler, strictC + flags + [
            "-shared", "-fPIC", "-fvisibility=hidden", "-I", folder, "\(sourceFolder)/provider_v1_0.c", "-o", library, "-lpthread",
        ])
        #expect(outcome.status == 0, "compiler said: \(outcome.stderr)")
        let symbols = try await ProgramRunner.run(ProgramRunner.which("nm") ?? "/usr/bin/nm", ["-D", "--defined-only", library])
        let exported = symbols.text.split(separator: "\n").compactMap { line -> String? in
            let parts = line.split(separator: " ")
            return parts.count >= 3 && "TDBRWVi".contains(parts[1]) ? String(parts[2]) : nil
        }
        #expect(exported == ["cloudkit_provider_init"], "exported: \(exported)")
        return library
    }

    @Test("today's Swift host uses a provider built against ABI 1.0: its storage works, and what it lacks is unsupported")
    func swiftHostOldProvider() async throws {
        let library = try await Self.compileOldProvider()
        let environment = ["HOME": try ProviderFixture.temporaryDirectory("oldc-home")]
        let cloud = try await Cloud.load(provider: library, environment: environment)
        #expect(cloud.provider.name == "oldc")
        #expect(cloud.provider.abiMajor == 1 && cloud.provider.abiMinor == 0)

        let bucket = ProviderFixture.uniqueBucket("oldc")
        let body = Data("hello from today's Swift host".utf8)
        try await cloud.storage.createBucket(bucket)
        let put = try await cloud.storage.putObject(PutObjectRequest(
            bucket: bucket, key: "old/k.txt", body: .bytes(body), contentType: "text/plain", metadata: ["Origin": "swift"]))
        #expect(put.size == Int64(body.count))
        let etag = try #require(put.etag)
        let got = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "old/k.txt"))
        #expect(got.data == body)
        #expect(got.info.contentType == "text/plain")
        #expect(got.info.metadata == ["origin": "swift"])
        let middle = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "old/k.txt", range: ByteRange(start: 6, end: 9)))
        #expect(middle.data == Data("from".utf8))
        let head = try await cloud.storage.headObject(bucket: bucket, key: "old/k.txt")
        #expect(head.etag == etag && head.size == Int64(body.count))
        try await cloud.storage.deleteObject(bucket: bucket, key: "old/k.txt")
        #expect(await failure { try await cloud.storage.headObject(bucket: bucket, key: "old/k.txt") }?.kind == .notFound)
        #expect(await failure { try await cloud.storage.getObject(GetObjectRequest(bucket: "ck-no-such-bucket", key: "k")) }?.kind == .notFound)

        // Appended to ck_provider after 1.0, or to ck_storage_v1 in 1.3, so beyond its tables' struct_size.
        #expect(await failure { try await cloud.identity() }?.kind == .unsupported)
        #expect(await failure { try await cloud.capabilities() }?.kind == .unsupported)
        #expect(await failure { try await cloud.storage.listBuckets(ListResourcesRequest()) }?.kind == .unsupported)
        // Tables and entries it left NULL.
        #expect(cloud.provider.tableEntries["kv"] == nil)
        #expect(cloud.provider.tableEntries["storage"]?.contains("put_object") == true)
        #expect(cloud.provider.tableEntries["storage"]?.contains("list_objects") == false)
        #expect(await failure { try await cloud.kv.createTable(TableSpec(table: "t", partitionKey: KeyAttribute("pk"))) }?.kind == .unsupported)
        #expect(await failure { try await cloud.queues.createQueue(QueueSpec(name: "q")) }?.kind == .unsupported)
        #expect(await failure { try await cloud.storage.listObjects(ListObjectsRequest(bucket: bucket)) }?.kind == .unsupported)
        #expect(await failure { try await cloud.storage.deleteBucket(bucket) }?.kind == .unsupported)
        // Implemented, but for bodies in memory only.
        let file = try ProviderFixture.temporaryDirectory("oldc-file") + "/body"
        try body.write(to: URL(fileURLWithPath: file))
        #expect(await failure { try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "f", body: .file(path: file))) }?.kind == .unsupported)
        await cloud.close()
    }

    @Test("a C host built against the current header uses a provider built against ABI 1.0, both under ASan")
    func cHostOldProvider() async throws {
        let library = try await Self.compileOldProvider(Self.asan)
        let program = try await Self.compile("abi_old_provider")
        var environment = ProcessInfo.processInfo.environment
        environment["ASAN_OPTIONS"] = "detect_leaks=1:abort_on_error=0"
        let outcome = try await ProgramRunner.run(program, [library, ProviderFixture.uniqueBucket("oldc")], environment: environment)
        #expect(outcome.status == 0, "stdout: \(outcome.text)\nstderr: \(outcome.stderr)")
        #expect(outcome.text.contains("provider oldc 1.0.0 (ABI 1.0)\n"))
        #expect(outcome.text.hasSuffix("ok\n"))
    }

    @Test("the cloudkit tool reads no byte of a 1.0 provider's tables past their struct_size (each ends where an unreadable page begins)")
    func swiftHostReadsOnlyTheOldTable() async throws {
        let library = try await Self.compileOldProvider(["-DCK_GUARD_PAGE_TABLE"])
        let environment = ["HOME": try ProviderFixture.temporaryDirectory("oldc-home"), "PATH": "/usr/bin:/bin"]
        // Each command is a process of its own, so a fault fails the test without ending the suite.
        func cloudkit(_ arguments: [String], stdin: Data? = nil) async throws -> ProgramRunner.Outcome {
            try await ProgramRunner.run("\(ProviderFixture.binDirectory)/cloudkit", arguments + ["--provider", library], stdin: stdin, environment: environment)
        }
        let created = try await cloudkit(["storage", "create-bucket", "b"])
        #expect(created.status == 0, "status \(created.status)\nstderr: \(created.stderr.prefix(2000))")
        let put = try await cloudkit(["storage", "put", "no-such-bucket", "k"], stdin: Data("x".utf8))
        #expect(put.status != 0 && put.stderr.contains("no such bucket"), "status \(put.status)\nstderr: \(put.stderr.prefix(2000))")
        let listed = try await cloudkit(["storage", "list", "b"])
        #expect(listed.status != 0 && listed.stderr.contains("unsupported"), "status \(listed.status)\nstderr: \(listed.stderr.prefix(2000))")
        let whoami = try await cloudkit(["aws", "whoami"])
        #expect(whoami.status != 0 && whoami.stderr.contains("unsupported"), "status \(whoami.status)\nstderr: \(whoami.stderr.prefix(2000))")
    }
}
