import CloudKitModel
import CloudKitTestSupport
import Foundation
@testable import LocalProvider
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Functions that fail, time out, are cancelled or cannot be found.
@Suite("Local functions: failures")
struct LocalFunctionFailureTests {
    @Test("exit 1 with a JSON errorMessage on stderr is a handled error whose payload is that JSON")
    func handled() async throws {
        let sandbox = try FunctionSandbox()
        defer { sandbox.remove() }
        let report = #"{"errorMessage":"refused","errorType":"Refusal"}"#
        try sandbox.script("refuse", "echo '\(report)' >&2\nexit 1")
        let result = try await sandbox.functions().invoke(InvokeRequest(function: "refuse", payload: Data("{}".utf8)))
        #expect(result.statusCode == 200)
        #expect(result.functionError == "Handled")
        #expect(FunctionSandbox.text(result) == report)
        #expect(result.executedVersion == "$LATEST")
    }

    @Test("a non-zero exit with plain text is unhandled, with that text as errorMessage")
    func unhandled() async throws {
        let sandbox = try FunctionSandbox()
        defer { sandbox.remove() }
        try sandbox.script("broken", "echo '  something broke  ' >&2\nexit 3")
        try sandbox.script("silent", "exit 3")
        try sandbox.script("half", "echo '{\"errorType\":\"NoMessage\"}' >&2\nexit 2")
        let functions = sandbox.functions()
        let broken = try await functions.invoke(InvokeRequest(function: "broken"))
        #expect(broken.statusCode == 200)
        #expect(broken.functionError == "Unhandled")
        #expect(FunctionSandbox.member("errorMessage", of: broken) == "something broke")
        #expect(FunctionSandbox.member("errorType", of: broken) == "Runtime.ExitError")
        let silent = try await functions.invoke(InvokeRequest(function: "silent"))
        #expect(silent.functionError == "Unhandled")
        #expect(FunctionSandbox.text(silent) == #"{"errorMessage":"exited with status 3","errorType":"Runtime.ExitError"}"#)
        let half = try await functions.invoke(InvokeRequest(function: "half"))
        #expect(half.functionError == "Unhandled")
        #expect(FunctionSandbox.member("errorMessage", of: half) == #"{"errorType":"NoMessage"}"#)
    }

    @Test("a function killed by a signal is unhandled")
    func signaled() async throws {
        let sandbox = try FunctionSandbox()
        defer { sandbox.remove() }
        try sandbox.script("suicide", "echo $$ > \"\(sandbox.root)/pid\"\nkill -9 $$")
        let result = try await sandbox.functions().invoke(InvokeRequest(function: "suicide"))
        #expect(result.statusCode == 200)
        #expect(result.functionError == "Unhandled")
        #expect(FunctionSandbox.member("errorMessage", of: result) == "killed by signal 9")
        #expect(FunctionSandbox.member("errorType", of: result) == "Runtime.ExitError")
        let pid = try #require(sandbox.pid("pid"))
        #expect(FunctionSandbox.isReaped(pid))
    }

    @Test("past the timeout the process group is killed and reaped and the result is Sandbox.Timedout")
    func timeout() async throws {
        let sandbox = try FunctionSandbox()
        defer { sandbox.remove() }
        try sandbox.script("slow", "echo $$ > \"\(sandbox.root)/pid\"\nsleep 600 &\necho $! > \"\(sandbox.root)/child\"\nsleep 600")
        let started = Date()
        let result = try await sandbox.functions(timeout: 1).invoke(InvokeRequest(function: "slow", logTail: true))
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed >= 0.9)
        #expect(elapsed < 500, "the function (600 s) was not killed at its 1 s timeout")
        #expect(result.statusCode == 200)
        #expect(result.functionError == "Unhandled")
        #expect(FunctionSandbox.text(result) == #"{"errorMessage":"Task timed out after 1.00 seconds","errorType":"Sandbox.Timedout"}"#)
        #expect(await FunctionSandbox.groupEnded(try #require(sandbox.pid("pid")), background: try #require(sandbox.pid("child"))))
    }

    @Test("a response past 6 MB is unhandled Function.ResponseSizeTooLarge and the writer is killed")
    func responseTooLarge() async throws {
        let sandbox = try FunctionSandbox()
        defer { sandbox.remove() }
        try sandbox.script("flood", "echo $$ > \"\(sandbox.root)/pid\"\nexec yes")
        // No clock: had the writer not been killed at 6 MB, its 30 s timeout
        // would have ended it, and the error type would be Sandbox.Timedout.
        let result = try await sandbox.functions().invoke(InvokeRequest(function: "flood"))
        #expect(result.statusCode == 200)
        #expect(result.functionError == "Unhandled")
        #expect(FunctionSandbox.member("errorType", of: result) == "Function.ResponseSizeTooLarge")
        let pid = try #require(sandbox.pid("pid"))
        #expect(FunctionSandbox.isReaped(pid))
    }

    @Test("cancelling the calling task kills the function promptly and throws cancelled")
    func cancellation() async throws {
        let sandbox = try FunctionSandbox()
        defer { sandbox.remove() }
        try sandbox.script("forever", "echo $$ > \"\(sandbox.root)/pid\"\nsleep 600 &\necho $! > \"\(sandbox.root)/child\"\nwait")
        let functions = sandbox.functions()
        let task = Task { try await functions.invoke(InvokeRequest(function: "forever")) }
        #expect(await FunctionSandbox.eventually { sandbox.pid("child") != nil })
        let started = Date()
        task.cancel()
        let outcome = await task.result
        #expect(Date().timeIntervalSince(started) < 120, "cancelling did not stop a 600 s function")
        guard case .failure(let error) = outcome else {
            Issue.record("expected cancelled, got \(outcome)")
            return
        }
        #expect((error as? CloudError)?.kind == .cancelled)
        #expect(await FunctionSandbox.groupEnded(try #require(sandbox.pid("pid")), background: try #require(sandbox.pid("child"))))
    }

    @Test("a missing function is not found, a file that cannot run is permission denied, for every invocation type")
    func missingAndNotExecutable() async throws {
        let sandbox = try FunctionSandbox()
        defer { sandbox.remove() }
        try sandbox.script("plain", "touch \"\(sandbox.root)/ran\"", mode: 0o644)
        try FileManager.default.createDirectory(atPath: "\(sandbox.functionsFolder)/folder", withIntermediateDirectories: true)
        let functions = sandbox.functions()
        for type in [InvocationType.requestResponse, .event, .dryRun] {
            let missing = await failure { try await functions.invoke(InvokeRequest(function: "nope", type: type)) }
            #expect(missing?.kind == .notFound)
            #expect(missing?.code == "ResourceNotFoundException")
            #expect(missing?.message == "Function not found: arn:aws:lambda:local:000000000000:function:nope")
            let folder = await failure { try await functions.invoke(InvokeRequest(function: "folder", type: type)) }
            #expect(folder?.kind == .notFound)
            let plain = await failure { try await functions.invoke(InvokeRequest(function: "plain", type: type)) }
            #expect(plain?.kind == .permissionDenied)
            #expect(plain?.code == "AccessDeniedException")
        }
        #expect(!sandbox.exists("ran"))
        let absent = LocalFunctions(root: LocalRoot(path: "\(sandbox.root)/elsewhere"))
        #expect(await failure { try await absent.invoke(InvokeRequest(function: "nope")) }?.kind == .notFound)
    }

    @Test("malformed names, ARNs and qualifiers are invalid arguments")
    func invalidNames() async throws {
        let sandbox = try FunctionSandbox()
        defer { sandbox.remove() }
        let functions = sandbox.functions()
        let names = ["", "bad name", "a/b", "../x", String(repeating: "a", count: 65), "a:b:c", "arn:aws:s3:::bucket", "fn@v2", ".hidden"]
        for name in names {
            let error = await failure { try await functions.invoke(InvokeRequest(function: name)) }
            #expect(error?.kind == .invalidArgument, "\(name)")
        }
        let qualifier = await failure { try await functions.invoke(InvokeRequest(function: "fn", qualifier: "v/2")) }
        #expect(qualifier?.kind == .invalidArgument)
        #expect(await failure { try await functions.getFunction("bad name", qualifier: nil) }?.kind == .invalidArgument)
    }

    @Test("payloads past 6 MB (synchronous) or 256 KB (event) are invalid arguments and nothing runs")
    func payloadLimits() async throws {
        let sandbox = try FunctionSandbox()
        defer { sandbox.remove() }
        try sandbox.script("marker", "touch \"\(sandbox.root)/ran\"")
        let functions = sandbox.functions()
        let sync = await failure {
            try await functions.invoke(InvokeRequest(function: "marker", payload: Data(count: FunctionLimits.synchronousPayloadBytes + 1)))
        }
        #expect(sync?.kind == .invalidArgument)
        let event = await failure {
            try await functions.invoke(InvokeRequest(function: "marker", payload: Data(count: FunctionLimits.eventPayloadBytes + 1), type: .event))
        }
        #expect(event?.kind == .invalidArgument)
        try await Task.sleep(nanoseconds: 300_000_000)
        #expect(!sandbox.exists("ran"))
    }
}
