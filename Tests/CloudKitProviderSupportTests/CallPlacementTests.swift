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
            let task = Task(executorPreference: CallerThreadExecutor.shared) {
                trace.mark("start")
                await withCheckedContinuation { continuation in parked.withLock { $0 = continuation } }
                trace.mark("after wait")
            }
            return (task, trace.same("start", "caller") != nil)
        }
        // The task parked its continuation on the caller's thread, before Task.init returned.
        #expect(startedBeforeReturn)
        let continuation = parked.withLock { $0 }
        #expect(continuation != nil)
        let ranWithinResume = await onOwnThread { () -> Bool? in
            trace.mark("resumer")
            continuation?.resume()
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
            return Task(executorPreference: CallerThreadExecutor.shared) { () async throws(CloudError) -> Int in
                trace.mark("start")
                return try await ProviderWork.onPool { () async throws(CloudError) -> Int in
                    trace.mark("work")
                    return 42
                }
            }
        }
        #expect(try await task.value == 42)
        #expect(trace.same("start", "caller") == true)
        #expect(trace.same("work", "caller") == false)
    }

    @Test("ProviderWork.onPool passes its work's error through")
    func onPoolThrows() async {
        await #expect(throws: CloudError.self) {
            try await ProviderWork.onPool { () async throws(CloudError) -> Int in throw CloudError(.notFound, "missing") }
        }
    }
}
