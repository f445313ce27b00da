import Foundation

/// A value behind a lock, for state that threads share.
///
/// The project uses this instead of the standard library's `Mutex`: on Linux
/// `Mutex` locks with futexes inside the uninstrumented runtime, so
/// ThreadSanitizer cannot see it and reports every value it guards as a
/// race. `Locked` is a `pthread_mutex` (through `NSLock`), which
/// ThreadSanitizer understands, so the TSan run checks for real races.
public final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    public init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with the value, holding the lock; never call it re-entrantly.
    public func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
