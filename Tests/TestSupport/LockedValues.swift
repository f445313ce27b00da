import Foundation

/// A thread-safe counter for test callbacks (stream readers and writers,
/// attempt counts), shared by every test target.
public final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count: Int64 = 0

    public init() {}

    public var value: Int64 {
        lock.lock()
        defer { lock.unlock() }
        return count
    }

    /// Adds `amount` and returns the value before.
    @discardableResult
    public func advance(by amount: Int64) -> Int64 {
        lock.lock()
        defer { lock.unlock() }
        let before = count
        count += amount
        return before
    }

    /// Reserves up to `amount` positions below `limit` (a read offset) and returns where they start.
    public func take(_ amount: Int, limit: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        let start = Int(count)
        count = Int64(min(limit, start + amount))
        return start
    }
}

/// Thread-safe collected bytes for stream writers in tests.
public final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    public init() {}

    public func append(_ bytes: UnsafeRawBufferPointer) {
        lock.lock()
        data.append(contentsOf: bytes)
        lock.unlock()
    }

    public var value: Data {
        lock.lock()
        defer { lock.unlock() }
        return data
    }
}
