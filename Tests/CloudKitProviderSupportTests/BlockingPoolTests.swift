import CloudKitModel
import CloudKitProviderSupport
import Foundation
import Synchronization
import Testing

/// The bounded pools blocking work runs on: never more jobs at once than the
/// width, queued jobs start as soon as a thread is free, and one lane filled
/// with blocked work leaves the other free.
@Suite("BlockingPool")
struct BlockingPoolTests {
    /// A counter shared with the jobs.
    final class Counter: Sendable {
        let value = Atomic<Int>(0)
        var now: Int { value.load(ordering: .relaxed) }
    }

    /// A value shared with the jobs.
    final class Shared<Value: Sendable>: Sendable {
        let value: Locked<Value>
        init(_ value: Value) { self.value = Locked(value) }
    }

    @Test("at most `width` jobs run at once; the queued ones run as threads come free")
    func boundedAndOrdered() async throws {
        let pool = BlockingPool(name: "test.bounded", width: 3)
        let gate = DispatchSemaphore(value: 0)
        let running = Counter()
        let most = Counter()
        let order = Shared<[Int]>([])
        let finished = Counter()
        for index in 0..<12 {
            pool.submit {
                most.value.max(running.value.add(1, ordering: .relaxed).newValue, ordering: .relaxed)
                order.value.withLock { $0.append(index) }
                if index < 3 { gate.wait() }  // The first three hold every thread until released.
                running.value.subtract(1, ordering: .relaxed)
                finished.value.add(1, ordering: .relaxed)
            }
        }
        while order.value.withLock({ $0.count }) < 3 { try await Task.sleep(for: .milliseconds(5)) }
        #expect(order.value.withLock { Array($0.prefix(3)).sorted() } == [0, 1, 2])
        for _ in 0..<3 { gate.signal() }
        while finished.now < 12 { try await Task.sleep(for: .milliseconds(5)) }
        #expect(most.now == 3)
        #expect(order.value.withLock { $0.sorted() } == Array(0..<12))
    }

    @Test("transfers blocked in the host's callbacks leave file work free to run")
    func lanesAreIndependent() async throws {
        let release = DispatchSemaphore(value: 0)
        let width = 64  // at least every transfer thread
        let blocked = Counter()
        let transfers = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<width {
                    group.addTask {
                        try await BlockingIO.run(.transfers) { _ throws(CloudError) in
                            blocked.value.add(1, ordering: .relaxed)
                            release.wait()
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        // File work completes while every transfer thread is blocked.
        let answer = try await BlockingIO.run { _ throws(CloudError) in 42 }
        #expect(answer == 42)
        while blocked.now < 1 { try await Task.sleep(for: .milliseconds(5)) }
        for _ in 0..<width { release.signal() }
        try await transfers.value
    }
}
