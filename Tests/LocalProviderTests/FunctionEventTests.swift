import CloudKitModel
import Foundation
@testable import LocalProvider
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Event invocations and dry runs of local functions.
@Suite("Local functions: events and dry runs")
struct LocalFunctionEventTests {
    @Test("an event returns 202 at once; the function runs later with the payload on stdin and its output in the log")
    func event() async throws {
        let sandbox = try FunctionSandbox()
        defer { sandbox.remove() }
        // The function waits for the test's go-ahead, so the invocation can only
        // return first if it does not wait for the function.
        try sandbox.script("later", """
            i=0
            while [ ! -e "\(sandbox.root)/go" ] && [ $i -lt 12000 ]; do sleep 0.05; i=$((i+1)); done
            cat > "\(sandbox.root)/received"
            echo "out from $AWS_LAMBDA_FUNCTION_NAME"
            echo "err from $AWS_LAMBDA_FUNCTION_VERSION" >&2
            echo done > "\(sandbox.root)/marker"
            """)
        let payload = Data((0...255).map { UInt8($0) })
        // A timeout far above the wait, so a loaded machine cannot make the event time out.
        let result = try await sandbox.functions(timeout: 900).invoke(InvokeRequest(function: "later", payload: payload, type: .event))
        #expect(result.statusCode == 202)
        #expect(result.functionError == nil)
        #expect(result.payload.isEmpty)
        #expect(!sandbox.exists("marker"))
        _ = FileManager.default.createFile(atPath: "\(sandbox.root)/go", contents: nil)
        #expect(await FunctionSandbox.eventually { sandbox.exists("marker") })
        #expect(FileManager.default.contents(atPath: "\(sandbox.root)/received") == payload)
        let log = try String(contentsOfFile: "\(sandbox.functionsFolder)/.logs/later.log", encoding: .utf8)
        #expect(log.contains("out from later"))
        #expect(log.contains("err from $LATEST"))
        // The payload's temporary file is gone.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: "\(sandbox.functionsFolder)/.logs")
        #expect(leftovers == ["later.log"])
    }

    @Test("an event still running at the timeout is killed with its children")
    func eventTimeout() async throws {
        let sandbox = try FunctionSandbox()
        defer { sandbox.remove() }
        try sandbox.script("stuck", "echo $$ > \"\(sandbox.root)/pid\"\nsleep 600 &\necho $! > \"\(sandbox.root)/child\"\nwait")
        let result = try await sandbox.functions(timeout: 1).invoke(InvokeRequest(function: "stuck", type: .event))
        #expect(result.statusCode == 202)
        #expect(await FunctionSandbox.eventually { sandbox.pid("child") != nil })
        let pid = try #require(sandbox.pid("pid"))
        let child = try #require(sandbox.pid("child"))
        #expect(await FunctionSandbox.eventually { FunctionSandbox.isReaped(pid) && !FunctionSandbox.isRunning(child) })
        // The note follows the reaping (it is written off the reactor's thread).
        let log = "\(sandbox.functionsFolder)/.logs/stuck.log"
        #expect(await FunctionSandbox.eventually {
            (try? String(contentsOfFile: log, encoding: .utf8))?.contains("Task timed out after 1.00 seconds") == true
        })
    }

    @Test("a finished event is reaped")
    func eventReaped() async throws {
        let sandbox = try FunctionSandbox()
        defer { sandbox.remove() }
        try sandbox.script("quick", "echo $$ > \"\(sandbox.root)/pid\"")
        _ = try await sandbox.functions().invoke(InvokeRequest(function: "quick", type: .event))
        #expect(await FunctionSandbox.eventually { sandbox.pid("pid") != nil })
        let pid = try #require(sandbox.pid("pid"))
        #expect(await FunctionSandbox.eventually { FunctionSandbox.isReaped(pid) })
    }

    @Test("a dry run checks the function and returns 204 without running it")
    func dryRun() async throws {
        let sandbox = try FunctionSandbox()
        defer { sandbox.remove() }
        try sandbox.script("marker", "touch \"\(sandbox.root)/ran\"")
        let result = try await sandbox.functions().invoke(InvokeRequest(function: "marker", payload: Data("{}".utf8), type: .dryRun))
        #expect(result.statusCode == 204)
        #expect(result.functionError == nil)
        try await Task.sleep(nanoseconds: 300_000_000)
        #expect(!sandbox.exists("ran"))
    }
}
