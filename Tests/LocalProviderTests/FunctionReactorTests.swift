import CloudKitModel
import CloudKitTestSupport
import Dispatch
import Foundation
@testable import LocalProvider
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The function reactor's less travelled paths: kernels without pidfd, and
/// executables that stay busy.
@Suite("Local functions: the reactor")
struct FunctionReactorTests {
    /// Spawns `functions/<name>` with pipes and watches it as a kernel
    /// without pidfd would (`exitDescriptor` -1), killing it after `seconds`.
    func watchWithoutPidfd(_ sandbox: FunctionSandbox, _ name: String, payload: Data, seconds: Double) async throws -> FunctionWatchOutcome {
        let pipes = try FunctionDescriptors.pipes(3)
        let streams = FunctionSpawner.Streams(input: pipes[0].read, output: pipes[1].write, error: pipes[2].write)
        let spawned = try await FunctionSpawner.start(
            "\(sandbox.functionsFolder)/\(name)", environment: FunctionEnvironment.entries(ProcessInfo.processInfo.environment),
            folder: sandbox.functionsFolder, streams: streams)
        FunctionDescriptors.close(pipes[0].read, pipes[1].write, pipes[2].write)
        guard case .started(let pid) = spawned else {
            FunctionDescriptors.close(pipes[0].write, pipes[1].read, pipes[2].read)
            throw CloudError.internal("\(name) did not start: \(spawned)")
        }
        let request = FunctionWatchRequest(
            child: FunctionChild(pid: pid, exitDescriptor: -1), input: (pipes[0].write, payload), output: (pipes[1].read, pipes[2].read),
            deadline: DispatchTime.now().uptimeNanoseconds + FunctionProcess.nanoseconds(seconds))
        return try await FunctionReactor.shared().run(request)
    }

    @Test("without a pidfd (Linux before 5.3) the end of a function is found by waitpid, and the timeout still kills its group")
    func withoutPidfd() async throws {
        let sandbox = try FunctionSandbox()
        defer { sandbox.remove() }
        try sandbox.script("echo", "cat\necho done >&2")
        try sandbox.script("stuck", "echo $$ > \"\(sandbox.root)/pid\"\nsleep 600 &\necho $! > \"\(sandbox.root)/child\"\nwait")

        let echoed = try await watchWithoutPidfd(sandbox, "echo", payload: Data("hello".utf8), seconds: 300)
        guard case .ended(let output) = echoed else {
            Issue.record("expected an ending, got \(echoed)")
            return
        }
        #expect(output.ending == .finished(.exited(0)))
        #expect(output.stdout == Data("hello".utf8))
        #expect(output.stderr.bytes == Array("done\n".utf8))

        let stuck = try await watchWithoutPidfd(sandbox, "stuck", payload: Data(), seconds: 1)
        guard case .ended(let killed) = stuck else {
            Issue.record("expected an ending, got \(stuck)")
            return
        }
        #expect(killed.ending == .timedOut)
        #expect(await FunctionSandbox.groupEnded(try #require(sandbox.pid("pid")), background: try #require(sandbox.pid("child"))))
    }

    @Test("an executable that stays open for writing (ETXTBSY) is tried again for a while, then refused")
    func busyExecutable() async throws {
        let sandbox = try FunctionSandbox()
        defer { sandbox.remove() }
        try sandbox.script("busy", "echo ran")
        let writer = open("\(sandbox.functionsFolder)/busy", O_WRONLY | O_CLOEXEC)
        try #require(writer >= 0)
        defer { _ = close(writer) }
        let error = await failure { try await sandbox.functions().invoke(InvokeRequest(function: "busy")) }
        #expect(error?.kind == .internal)
        #expect(error?.message.contains(String(cString: strerror(ETXTBSY))) == true, "\(String(describing: error))")
    }
}
