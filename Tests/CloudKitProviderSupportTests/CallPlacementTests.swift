import CloudKitModel
import Foundation
import Testing

@testable import CloudKitProviderSupport

/// `CallPlacement.callerThread`: a call runs on the thread that starts it
/// until it first waits, then on the thread that resumes it, and
/// `ProviderWork.onPool` moves a stretch of it to the Swift pool.
@Suite("CallPlacement")
struct CallPlacementTests {
    /// The threads each step of a task ran on.
    final class Trace: Sendable {
        private let steps = Locked<[String: pthread_t]>([:])
        func mark(_ step: String) { steps.withLock { $0[step] = pthread_self() } }
        func same(_ one: String, _ other: String) -> Bool? {
            steps.withLock { steps in
                guard let a = steps[one], let b = steps[other] else { return nil }
                return pthread_equal(a, b) != 0
            }
        }
    }

    /// Runs `body` on a thread of its own (not one of the Swift pool's) and returns what it returned.
    private func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { (done: CheckedContinuation<T, Never>) in
            Thread { done.resume(returning: body()) }.start()
        }
    }

    @Test("the start runs on the caller's thread before Task.init returns; after a wait, on the resuming thread")
    func callerThenResumer() async {
        let trace = Trace()
        let parked = Locked<CheckedContinuation<Void, Never>?>(nil)
        let (task, startedBeforeReturn) = await onOwnThread { () -> (Task<Void, Never>, Bool) in
            trace.mark("caller")
            let task = CallerThreadExecutor.runHere {
                Task(executorPreference: CallerThreadExecutor.shared) {
                    trace.mark("start")
                    await withCheckedContinuation { continuation in parked.withLock { $0 = continuation } }
                    trace.mark("after wait")
                }
            }
            return (task, trace.same("start", "caller") != nil)
        }
        // The task parked its continuation on the caller's thread, before Task.init returned.
        #expect(startedBeforeReturn)
        let continuation = parked.withLock { $0 }
        #expect(continuation != nil)
        let ranWithinResume = await onOwnThread { () -> Bool? in
            trace.mark("resumer")
            ProviderWork.resumeHere { continuation?.resume() }
            // The rest of the task ran on this thread, before resume() returned.
            return trace.same("after wait", "resumer")
        }
        await task.value
        #expect(trace.same("start", "caller") == true)
        #expect(ranWithinResume == true)
    }

    @Test("ProviderWork.onPool runs its work on a Swift pool thread, not the caller's")
    func onPoolLeavesTheCallerThread() async throws {
        let trace = Trace()
        let task = await onOwnThread { () -> Task<Int, any Error> in
            trace.mark("caller")
            return CallerThreadExecutor.runHere {
                Task(executorPreference: CallerThreadExecutor.shared) { () async throws(CloudError) -> Int in
                    trace.mark("start")
                    return try await ProviderWork.onPool { () async throws(CloudError) -> Int in
                        trace.mark("work")
                        return 42
                    }
                }
            }
        }
        #expect(try await task.value == 42)
        #expect(trace.same("start", "caller") == true)
        #expect(trace.same("work", "caller") == false)
    }

    @Test("a resume not made through resumeHere sends the task on to the pool, not the resuming thread")
    func unmarkedResumeGoesToThePool() async {
        let trace = Trace()
        let parked = Locked<CheckedContinuation<Void, Never>?>(nil)
        let task = await onOwnThread { () -> Task<Void, Never> in
            CallerThreadExecutor.runHere {
                Task(executorPreference: CallerThreadExecutor.shared) {
                    await withCheckedContinuation { continuation in parked.withLock { $0 = continuation } }
                    trace.mark("after wait")
                }
            }
        }
        await onOwnThread {
            trace.mark("resumer")
            parked.withLock { $0 }?.resume()
        }
        await task.value
        #expect(trace.same("after wait", "resumer") == false)
    }

    @Test("cancelling a call placed on the caller's thread while its child task sleeps ends it with cancelled, off the runtime's lock")
    func cancelWhileAChildSleeps() async {
        let asleep = AsyncStream<Void>.makeStream()
        let task = await onOwnThread { () -> Task<Bool, Never> in
            CallerThreadExecutor.runHere {
                Task(executorPreference: CallerThreadExecutor.shared) { () async -> Bool in
                    await withTaskGroup(of: Void.self) { group in
                        group.addTask {
                            asleep.continuation.yield()
                            try? await Task.sleep(for: .seconds(3600))
                        }
                        await group.next()
                    }
                    return Task.isCancelled
                }
            }
        }
        var waits = asleep.stream.makeAsyncIterator()
        _ = await waits.next()
        // The runtime enqueues the sleeping child under the task's status
        // lock; run there, the child would end inside it and abort the process.
        task.cancel()
        #expect(await task.value == true)
    }

    /// A client that places its table calls on the thread at hand and its functions on the pool.
    struct SplitClient: ProviderClient {
        var storage: (any ObjectStorage)? { nil }
        func callPlacement(for service: ProviderService) -> CallPlacement { service == .functions ? .pool : .callerThread }
    }

    @Test("a client box starts each service's calls where the client places that service")
    func placementPerService() async {
        let box = ClientBox(
            client: SplitClient(), capabilities: ProviderCapabilities(provider: "split", abi: "1.0", services: [:]),
            logger: ProviderLogger(.silent))
        let trace = Trace()
        let finished = Locked<[ProviderService]>([])
        let done = AsyncStream<Void>.makeStream()
        let returned = await onOwnThread { () -> [ProviderService] in
            trace.mark("caller")
            for service in [ProviderService.kv, .functions] {
                box.start(service, entry: "placement", { _ async throws(CloudError) in trace.mark("\(service)") }) { _ in
                    finished.withLock { $0.append(service) }
                    done.continuation.yield()
                }
            }
            // Read before returning: the kv call ran whole within its start.
            return finished.withLock { $0 }
        }
        var waits = done.stream.makeAsyncIterator()
        while finished.withLock({ $0.count }) < 2 { _ = await waits.next() }
        #expect(returned.contains(.kv))
        #expect(trace.same("kv", "caller") == true)
        #expect(trace.same("functions", "caller") == false)
        box.close()
    }

    @Test("ProviderWork.onPool passes its work's error through")
    func onPoolThrows() async {
        await #expect(throws: CloudError.self) {
            try await ProviderWork.onPool { () async throws(CloudError) -> Int in throw CloudError(.notFound, "missing") }
        }
    }
}
