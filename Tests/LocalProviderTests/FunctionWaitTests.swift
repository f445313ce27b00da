import CloudKitModel
@testable import CloudKitProviderSupport
import CloudKitTestSupport
import Foundation
@testable import LocalProvider
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A waiting function invocation holds no thread: the process's one
/// function reactor watches every running function, so many waiting ones,
/// one that never reads its payload, or a cancelled one never hold up
/// anything else.
@Suite("Local functions: waiting holds no thread")
struct LocalFunctionWaitTests {
    /// The most threads of the provider's own one copy of the provider code
    /// may have while functions wait: both `BlockingIO` pools full (other
    /// suites run beside this one) and its one reactor. It does not grow with
    /// the number of invocations. (This test process holds two copies: the
    /// module linked into it, and `libcloudkit-local.so`, which other suites
    /// load, each with its own pools and reactor.)
    static let threadAllowance = 2 * BlockingIO.width + 1

    @Test("about a hundred invocations wait while the thread count stays bounded and a put and a get on the same client complete; then each returns its own result")
    func manyWaiting() async throws {
        let sandbox = try FunctionSandbox()
        defer { sandbox.remove() }
        let gate = try FunctionGate(in: sandbox)
        try sandbox.script("parked", gate.parkedScript())
        let count = 3 * Self.threadAllowance  // more than two copies' threads; each holds pipes, so not many more
        FunctionSandbox.allowDescriptors(8 * count + 1024)
        let client = try LocalProviderDefinition.open(
            options: ["root": sandbox.root, "function_timeout": "900"], environment: [:], logger: .silent)
        let functions = client.localFunctions

        let ended = LockedCounter()
        let invocations = Task {
            try await withThrowingTaskGroup(of: (String, InvokeResult).self) { group in
                for index in 0..<count {
                    group.addTask {
                        defer { ended.advance(by: 1) }
                        let tag = "call-\(index)"
                        return (tag, try await functions.invoke(InvokeRequest(function: "parked", payload: Data(tag.utf8))))
                    }
                }
                var results: [String: InvokeResult] = [:]
                for try await (tag, result) in group { results[tag] = result }
                return results
            }
        }
        // Wait for the event "all are parked" (one ending first would be the failure).
        while gate.started.count < count && ended.value == 0 { try await Task.sleep(for: .milliseconds(20)) }
        #expect(gate.started.count == count)
        // Counted by name, the provider's threads alone: threads other suites
        // start and stop beside this one do not count. A thread per waiting
        // invocation would make far more than the allowance.
        let reactors = FunctionSandbox.threadCount(named: "cloudkit.local")
        #expect((1...2).contains(reactors), "one reactor thread per copy of the provider, seen by its name: \(reactors)")
        let providerThreads = FunctionSandbox.threadCount(named: "cloudkit.")
        #expect(providerThreads <= reactors * Self.threadAllowance, "\(count) waiting invocations: \(providerThreads) provider threads")

        try await client.objectStore.createBucket("busy")
        let body = Data("written while functions wait".utf8)
        let stored = try await client.objectStore.putObject(PutObjectRequest(bucket: "busy", key: "k", body: .bytes(body)))
        let read = try await client.objectStore.getObject(GetObjectRequest(bucket: "busy", key: "k"))
        #expect(read.data == body)
        #expect(read.info.etag == stored.etag)
        // The calls completed while every invocation still waited.
        #expect(ended.value == 0)
        #expect(gate.started.count == count)

        gate.release()
        let results = try await invocations.value
        #expect(results.count == count)
        for (tag, result) in results {
            #expect(result.statusCode == 200)
            #expect(result.functionError == nil, "\(tag): \(FunctionSandbox.text(result))")
            #expect(FunctionSandbox.text(result) == tag)
        }
        for tag in gate.started {
            if let pid = gate.pids(tag)?.pid { #expect(FunctionSandbox.isReaped(pid), "\(tag)") }
        }
    }

    @Test("cancelling one of several waiting invocations kills its process group and ends it with cancelled; the others go on")
    func cancelOneOfMany() async throws {
        let sandbox = try FunctionSandbox()
        defer { sandbox.remove() }
        let gate = try FunctionGate(in: sandbox)
        try sandbox.script("parked", gate.parkedScript(background: true))
        let functions = sandbox.functions()
        let tasks = ["a", "b", "c"].map { tag in
            (tag, Task { try await functions.invoke(InvokeRequest(function: "parked", payload: Data(tag.utf8))) })
        }
        while gate.started.count < tasks.count { try await Task.sleep(for: .milliseconds(20)) }
        let pids = try ["a", "b", "c"].map { try #require(gate.pids($0)) }
        defer { for background in pids.compactMap(\.background) { kill(background, SIGKILL) } }

        tasks[1].1.cancel()
        #expect(await FunctionSandbox.errorKind(of: tasks[1].1) == .cancelled)
        #expect(await FunctionSandbox.groupEnded(pids[1].pid, background: try #require(pids[1].background)))
        // The others still wait at the gate, untouched.
        #expect(FunctionSandbox.isRunning(pids[0].pid) && FunctionSandbox.isRunning(pids[2].pid))

        gate.release()
        for index in [0, 2] {
            let result = try await tasks[index].1.value
            #expect(FunctionSandbox.text(result) == tasks[index].0)
            #expect(result.functionError == nil)
        }
    }

    @Test("a function that never reads a large payload holds up no other invocation, and is killed at its timeout")
    func unreadPayload() async throws {
        let sandbox = try FunctionSandbox()
        defer { sandbox.remove() }
        for name in ["deaf", "deaf-timed"] {
            try sandbox.script(name, "echo $$ > \"\(sandbox.root)/\(name).pid\"\nsleep 600 &\necho $! > \"\(sandbox.root)/\(name).child\"\nwait")
        }
        try sandbox.script("echo", "cat")
        let payload = Data(repeating: 0x78, count: 5 * 1_048_576)
        let functions = sandbox.functions()
        // One that never reads and waits until it is cancelled: its payload fills its stdin pipe.
        let deaf = Task { try await functions.invoke(InvokeRequest(function: "deaf", payload: payload)) }
        #expect(await FunctionSandbox.eventually { sandbox.pid("deaf.child") != nil })
        let deafPid = try #require(sandbox.pid("deaf.pid"))

        let echoed = try await functions.invoke(InvokeRequest(function: "echo", payload: payload))
        #expect(echoed.payload == payload)
        #expect(echoed.functionError == nil)

        // Killed at a 1 s timeout, its payload unread.
        let started = Date()
        let timed = try await sandbox.functions(timeout: 1).invoke(InvokeRequest(function: "deaf-timed", payload: payload))
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed >= 0.9)
        #expect(elapsed < 500, "the function (600 s) was not killed at its 1 s timeout")
        #expect(FunctionSandbox.text(timed) == #"{"errorMessage":"Task timed out after 1.00 seconds","errorType":"Sandbox.Timedout"}"#)
        #expect(timed.functionError == "Unhandled")
        let (timedPid, timedChild) = (try #require(sandbox.pid("deaf-timed.pid")), try #require(sandbox.pid("deaf-timed.child")))
        #expect(await FunctionSandbox.groupEnded(timedPid, background: timedChild))

        // The first one waited all along (nothing timed it out), and ends when cancelled.
        #expect(FunctionSandbox.isRunning(deafPid))
        deaf.cancel()
        #expect(await FunctionSandbox.errorKind(of: deaf) == .cancelled)
        #expect(FunctionSandbox.isReaped(deafPid))
    }
}
