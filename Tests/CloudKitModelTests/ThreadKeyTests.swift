import CloudKitModel
import Foundation
import Testing

/// A pointer per thread: each thread sees only its own value, and the
/// destructor gets a value whose thread ends.
@Suite("ThreadKey")
struct ThreadKeyTests {
    /// What the destructor of `ended` saw, and the event a test waits for.
    nonisolated(unsafe) static var endedValues: [Int] = []
    static let ended = NSCondition()
    static let endedKey = ThreadKey { pointer in
        ended.lock()
        endedValues.append(Int(bitPattern: pointer))
        ended.broadcast()
        ended.unlock()
    }

    @Test("a value is this thread's alone; nil until set, nil again once cleared")
    func valuePerThread() throws {
        let key = try #require(ThreadKey())
        #expect(key.value == nil)
        #expect(key.set(UnsafeRawPointer(bitPattern: 7)))
        #expect(key.value == UnsafeMutableRawPointer(bitPattern: 7))
        let seen = NSCondition()
        nonisolated(unsafe) var other: UnsafeMutableRawPointer?? = .none
        let thread = Thread {
            let before = key.value
            key.set(UnsafeRawPointer(bitPattern: 9))
            seen.lock()
            other = .some(before)
            seen.broadcast()
            seen.unlock()
        }
        thread.start()
        // A failure guard only (the thread answers in microseconds): a broken key fails the test instead of hanging it.
        let deadline = Date(timeIntervalSinceNow: 120)
        seen.lock()
        while other == nil, seen.wait(until: deadline) {}
        seen.unlock()
        #expect(other == .some(nil))
        #expect(key.value == UnsafeMutableRawPointer(bitPattern: 7))
        key.set(nil)
        #expect(key.value == nil)
    }

    @Test("the destructor gets the value of a thread that ends, and nothing for a thread that cleared its value")
    func destructorOnThreadEnd() throws {
        let key = try #require(Self.endedKey)
        Thread { key.set(UnsafeRawPointer(bitPattern: 0x5150)) }.start()
        Thread {
            key.set(UnsafeRawPointer(bitPattern: 0x6160))
            key.set(nil)
        }.start()
        // A failure guard only (threads end in microseconds): a destructor never called fails the test instead of hanging it.
        let deadline = Date(timeIntervalSinceNow: 120)
        Self.ended.lock()
        while !Self.endedValues.contains(0x5150), Self.ended.wait(until: deadline) {}
        let values = Self.endedValues
        Self.ended.unlock()
        #expect(values.contains(0x5150))
        #expect(!values.contains(0x6160))
    }
}
