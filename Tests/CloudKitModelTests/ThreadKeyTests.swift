import CloudKitModel
import CloudKitTestSupport
import Foundation
import Testing

/// A pointer per thread: each thread sees only its own value, and the
/// destructor gets a value whose thread ends.
@Suite("ThreadKey")
struct ThreadKeyTests {
    /// The values the destructor of `endedKey` was called with, by bit pattern.
    static let endedValues = Locked<[Int]>([])
    /// Delivered once the destructor has seen the value of the thread that kept it.
    static let keptValueEnded = Handoff<Void>()
    static let endedKey = ThreadKey { pointer in
        let value = Int(bitPattern: pointer)
        endedValues.withLock { $0.append(value) }
        if value == 0x5150 { keptValueEnded.deliver(()) }
    }

    @Test("a value is this thread's alone; nil until set, nil again once cleared")
    func valuePerThread() async throws {
        let key = try #require(ThreadKey())
        // Both threads are helper threads: a task may resume on another thread after `await`.
        let seen = Handoff<[Int]>()
        HelperThreads.detach {
            var values = [Int(bitPattern: key.value)]
            key.set(UnsafeRawPointer(bitPattern: 7))
            values.append(Int(bitPattern: key.value))
            // What a second thread sees before it sets its own value.
            let otherBefore = Locked(-1)
            let otherDone = DispatchSemaphore(value: 0)
            HelperThreads.detach {
                otherBefore.withLock { $0 = Int(bitPattern: key.value) }
                key.set(UnsafeRawPointer(bitPattern: 9))
                otherDone.signal()
            }
            otherDone.wait()
            values.append(otherBefore.withLock { $0 })
            values.append(Int(bitPattern: key.value))
            key.set(nil)
            values.append(Int(bitPattern: key.value))
            seen.deliver(values)
        }
        // nil, then 7; the other thread saw nil; still 7 here; nil once cleared.
        #expect(try await hangGuard("the two threads' values") { await seen.value } == [0, 7, 0, 7, 0])
    }

    @Test("the destructor gets the value of a thread that ends, and nothing for a thread that cleared its value")
    func destructorOnThreadEnd() async throws {
        let key = try #require(Self.endedKey)
        HelperThreads.detach {
            key.set(UnsafeRawPointer(bitPattern: 0x6160))
            key.set(nil)
        }
        HelperThreads.detach { key.set(UnsafeRawPointer(bitPattern: 0x5150)) }
        try await hangGuard("the destructor of the value kept") { await Self.keptValueEnded.value }
        let values = Self.endedValues.withLock { $0 }
        #expect(values.contains(0x5150))
        #expect(!values.contains(0x6160))
    }
}
