import CloudKit
import Foundation
import Testing

/// Cancelling the Swift task that awaits a call cancels that call through
/// the ABI (`ck_provider.cancel`), on every provider, and nothing else.
@Suite("Task cancellation")
struct CancellationTests {
    /// A client of `provider` and a new empty queue on it.
    static func cloudWithQueue(_ provider: String) async throws -> (Cloud, String) {
        let cloud = try await ProviderFixture.open(provider)
        let queue = "ck-cancel-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await cloud.queues.createQueue(QueueSpec(name: queue))
        return (cloud, queue)
    }

    @Test("cancelling the task of a 20 s long poll ends it at once with cancelled; the client keeps working", arguments: ProviderFixture.providers)
    func longPoll(provider: String) async throws {
        let (cloud, queue) = try await Self.cloudWithQueue(provider)
        let queues = cloud.queues
        let waiting = Task { try await queues.receive(ReceiveRequest(queue: queue, waitSeconds: 20)) }
        let bystander = Task { try await queues.receive(ReceiveRequest(queue: queue, waitSeconds: 2)) }
        try await Task.sleep(nanoseconds: 300_000_000)
        waiting.cancel()
        // A poll that ran its 20 s course would succeed (empty); only a cancelled one fails with `cancelled`.
        let outcome = await waiting.result
        guard case .failure(let error) = outcome else {
            Issue.record("a cancelled long poll returned \(outcome)")
            return
        }
        #expect((error as? CloudError)?.kind == .cancelled, "\(error)")
        #expect(try await bystander.value.isEmpty, "the other call was disturbed")
        // The client still works. (A message is not received here: on SQS the
        // abandoned long poll may still take it server-side, as on AWS.)
        _ = try await cloud.queues.send(SendMessageRequest(queue: queue, body: "still working"))
        let counts = try await cloud.queues.counts(queue)
        #expect(counts.visible + counts.inFlight == 1)
        await cloud.close()
    }

    @Test("a task cancelled before its call starts gets cancelled without waiting", arguments: ProviderFixture.providers)
    func cancelledBeforeStart(provider: String) async throws {
        let (cloud, queue) = try await Self.cloudWithQueue(provider)
        let queues = cloud.queues
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await queues.receive(ReceiveRequest(queue: queue, waitSeconds: 20))
        }
        let outcome = await task.result
        if case .failure(let error) = outcome {
            #expect((error as? CloudError)?.kind == .cancelled, "\(error)")
        } else {
            Issue.record("a cancelled receive returned \(outcome)")
        }
        await cloud.close()
    }

    @Test("cancelling an invocation of a local function kills its process")
    func localFunction() async throws {
        // The script writes its pid beside itself, in the functions folder it runs in.
        let root = try FunctionFixture.localRoot("cancel-fn", functions: ["sleeper": "#!/bin/sh\necho $$ > ../pid\nexec sleep 60\n"])
        let cloud = try await Cloud.load(provider: "local", options: ["root": root], environment: ProviderFixture.environment)
        let functions = cloud.functions
        let invocation = Task { try await functions.invoke(InvokeRequest(function: "sleeper")) }
        var pid: Int32?
        for _ in 0..<300 where pid == nil {
            try await Task.sleep(nanoseconds: 20_000_000)
            pid = (try? String(contentsOfFile: "\(root)/pid", encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        let running = try #require(pid, "the function never started")
        invocation.cancel()
        let outcome = await invocation.result
        if case .failure(let error) = outcome {
            #expect((error as? CloudError)?.kind == .cancelled, "\(error)")
        } else {
            Issue.record("a cancelled invocation returned \(outcome)")
        }
        var gone = false
        for _ in 0..<300 where !gone {
            gone = !FileManager.default.fileExists(atPath: "/proc/\(running)")
            if !gone { try await Task.sleep(nanoseconds: 20_000_000) }
        }
        #expect(gone, "the function's process outlived the cancelled call")
        await cloud.close()
    }
}
