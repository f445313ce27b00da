#if canImport(Glibc)
import Glibc
#endif

/// A pointer kept per thread (a POSIX thread-specific key): each thread
/// sees only the value it set itself, nil until it sets one.
///
/// The process makes each key once (a `static let`) and never deletes it.
/// When a thread that holds a value ends, the key's `destructor`, if any,
/// is called with that value on that thread (not for a nil value, and not
/// for the thread that ends the process by returning from `main`).
public struct ThreadKey: Sendable {
    /// The system's key.
    @usableFromInline let key: pthread_key_t

    /// Makes a key; nil when the process has used up the system's keys
    /// (`PTHREAD_KEYS_MAX`, 1,024 on Linux), and the caller does without.
    public init?(destructor: (@convention(c) (UnsafeMutableRawPointer?) -> Void)? = nil) {
        var key = pthread_key_t()
        guard pthread_key_create(&key, destructor) == 0 else { return nil }
        self.key = key
    }

    /// This thread's value; nil when it set none (or set nil).
    @inlinable public var value: UnsafeMutableRawPointer? { pthread_getspecific(key) }

    /// Sets this thread's value (nil clears it, and the destructor is then
    /// not called for it). False when the system could not store it (out
    /// of memory): the value is then unchanged.
    @inlinable @discardableResult public func set(_ value: UnsafeRawPointer?) -> Bool {
        pthread_setspecific(key, value) == 0
    }
}
