import CloudKitModel
import CloudKitTestSupport
import Foundation
@testable import LocalProvider
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Synchronous invocations of local functions: payloads, environment, qualifiers.
@Suite("Local functions: synchronous invocation")
struct LocalFunctionInvokeTests {
    @Test("an echo function returns its stdin exactly, binary-safe, up to 1 MB and empty")
    func echo() async throws {
        let sandbox = try FunctionSandbox()
        defer { sandbox.remove() }
        try sandbox.script("echo", "cat")
        let functions = sandbox.functions()
        let small = Data((0...255).map { UInt8($0) } + [0, 13, 10, 0])
        let large = Data((0..<1_048_576).map { UInt8(truncatingIfNeeded: ($0 &* 31) ^ ($0 >> 13)) })
        for payload in [small, large, Data()] {
            let result = try await functions.invoke(InvokeRequest(function: "echo", payload: payload))
            #expect(result.statusCode == 200)
            #expect(result.functionError == nil)
            #expect(result.payload == payload)
            #expect(result.executedVersion == "$LATEST")
            #expect(result.logTail == nil)
        }
    }

    @Test("the function sees Lambda's variables, the host's environment and the functions folder as its working folder")
    func environment() async throws {
        let sandbox = try FunctionSandbox()
        defer { sandbox.remove() }
        try sandbox.script("env-fn", #"printf '%s|%s|%s|%s|%s|%s|%s' "$AWS_LAMBDA_FUNCTION_NAME" "$AWS_LAMBDA_FUNCTION_VERSION" "$AWS_LAMBDA_REQUEST_ID" "$AWS_LAMBDA_FUNCTION_TIMEOUT" "$CLOUDKIT_FUNCTION_NAME" "$PATH" "$(pwd -P)""#)
        let functions = sandbox.functions(timeout: 42)
        let first = FunctionSandbox.text(try await functions.invoke(InvokeRequest(function: "env-fn"))).split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        let second = FunctionSandbox.text(try await functions.invoke(InvokeRequest(function: "env-fn"))).split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        #expect(first.count == 7)
        guard first.count == 7, second.count == 7 else { return }
        #expect(first[0] == "env-fn")
        #expect(first[1] == "$LATEST")
        #expect(UUID(uuidString: first[2]) != nil)
        #expect(first[2] != second[2])
        #expect(first[3] == "42")
        #expect(first[4] == "env-fn")
        #expect(first[5] == ProcessInfo.processInfo.environment["PATH"] ?? "")
        #expect(first[6] == URL(fileURLWithPath: sandbox.functionsFolder).resolvingSymlinksInPath().path)
    }

    @Test("a qualifier selects name@qualifier, given separately, as name:qualifier or in an ARN")
    func qualifiers() async throws {
        let sandbox = try FunctionSandbox()
        defer { sandbox.remove() }
        try sandbox.script("fn", #"printf 'latest:%s' "$AWS_LAMBDA_FUNCTION_VERSION""#)
        try sandbox.script("fn@v2", #"printf 'v2:%s' "$AWS_LAMBDA_FUNCTION_VERSION""#)
        let functions = sandbox.functions()
        let arn = "arn:aws:lambda:local:000000000000:function:fn"
        for (function, qualifier) in [("fn", "v2"), ("fn:v2", nil), ("\(arn):v2", nil), ("fn:v2", "v2"), (arn, "v2")] as [(String, String?)] {
            let result = try await functions.invoke(InvokeRequest(function: function, qualifier: qualifier))
            #expect(FunctionSandbox.text(result) == "v2:v2", "\(function) \(qualifier ?? "-")")
            #expect(result.executedVersion == "v2")
        }
        for (function, qualifier) in [("fn", nil), ("fn", "$LATEST"), ("fn:$LATEST", nil), (arn, nil), ("\(arn):$LATEST", nil)] as [(String, String?)] {
            let result = try await functions.invoke(InvokeRequest(function: function, qualifier: qualifier))
            #expect(FunctionSandbox.text(result) == "latest:$LATEST", "\(function) \(qualifier ?? "-")")
            #expect(result.executedVersion == "$LATEST")
        }
        let mismatch = await failure { try await functions.invoke(InvokeRequest(function: "fn:v2", qualifier: "v3")) }
        #expect(mismatch?.kind == .invalidArgument)
        let missing = await failure { try await functions.invoke(InvokeRequest(function: "fn", qualifier: "v9")) }
        #expect(missing?.kind == .notFound)
        #expect(missing?.message == "Function not found: \(arn):v9")
    }

    @Test("a function that ignores a large payload and exits does not hurt the host")
    func unreadPayload() async throws {
        let sandbox = try FunctionSandbox()
        defer { sandbox.remove() }
        try sandbox.script("ignore", "echo hi")
        let result = try await sandbox.functions().invoke(InvokeRequest(function: "ignore", payload: Data(count: 4 * 1_048_576)))
        #expect(FunctionSandbox.text(result) == "hi\n")
        #expect(result.functionError == nil)
    }

    @Test("stdout and stderr are read together, so a function writing much to both while reading stdin never deadlocks")
    func bothStreams() async throws {
        let sandbox = try FunctionSandbox()
        defer { sandbox.remove() }
        try sandbox.script("chatty", "head -c 1000000 /dev/zero >&2\ncat\nhead -c 1000000 /dev/zero >&2")
        let payload = Data(repeating: 0x61, count: 2 * 1_048_576)
        let result = try await sandbox.functions().invoke(InvokeRequest(function: "chatty", payload: payload))
        #expect(result.payload == payload)
        #expect(result.functionError == nil)
    }

    @Test("a background child that keeps the pipes open does not hold the invocation")
    func backgroundChild() async throws {
        let sandbox = try FunctionSandbox()
        defer { sandbox.remove() }
        try sandbox.script("bg", "sleep 600 &\necho $! > \"\(sandbox.root)/bg.pid\"\necho done")
        let started = Date()
        let result = try await sandbox.functions().invoke(InvokeRequest(function: "bg"))
        #expect(FunctionSandbox.text(result) == "done\n")
        #expect(Date().timeIntervalSince(started) < 120, "the invocation waited for its 600 s background child")
        if let pid = sandbox.pid("bg.pid") { kill(pid, SIGKILL) }
    }

    @Test("the log tail is the last 4 KB of stderr, only when asked for")
    func logTail() async throws {
        let sandbox = try FunctionSandbox()
        defer { sandbox.remove() }
        try sandbox.script("logs", "head -c 5000 /dev/zero | tr '\\0' x >&2\nprintf END >&2\necho ok")
        let functions = sandbox.functions()
        let with = try await functions.invoke(InvokeRequest(function: "logs", logTail: true))
        #expect(FunctionSandbox.text(with) == "ok\n")
        #expect(with.functionError == nil)
        #expect(with.logTail?.utf8.count == 4_096)
        #expect(with.logTail?.hasSuffix("xxxEND") == true)
        let without = try await functions.invoke(InvokeRequest(function: "logs"))
        #expect(without.logTail == nil)
    }
}
