import CCloudKitABI
#if canImport(Glibc)
import Glibc
#endif

/// Owns C memory (strings, structs, arrays) built for one callback, and frees
/// it all when the arena goes away — i.e. right after the callback returns,
/// which is exactly the lifetime the ABI promises for callback arguments.
///
/// Not thread-safe: one arena belongs to one completion.
public final class CArena {
    private var allocations: [UnsafeMutableRawPointer] = []

    public init() {}

    deinit {
        for pointer in allocations { free(pointer) }
    }

    /// A NUL-terminated copy of `text`, or nil for nil.
    public func string(_ text: String?) -> UnsafePointer<CChar>? {
        guard let text else { return nil }
        guard let copy = strdup(text) else { return nil }
        allocations.append(UnsafeMutableRawPointer(copy))
        return UnsafePointer(copy)
    }

    /// A NUL-terminated copy of the UTF-8 text `bytes` (which hold no NUL),
    /// made without a `String` in between; nil when memory runs out.
    public func string(utf8 bytes: [UInt8]) -> UnsafePointer<CChar>? {
        guard let raw = malloc(bytes.count + 1) else { return nil }
        allocations.append(raw)
        let typed = raw.bindMemory(to: CChar.self, capacity: bytes.count + 1)
        bytes.withUnsafeBytes { source in
            UnsafeMutableRawPointer(typed).copyMemory(from: source.baseAddress ?? UnsafeRawPointer(typed), byteCount: source.count)
        }
        typed[bytes.count] = 0
        return UnsafePointer(typed)
    }

    /// A C copy of `value` that lives as long as the arena.
    public func value<T>(_ value: T) -> UnsafeMutablePointer<T> {
        let raw = malloc(MemoryLayout<T>.stride) ?? UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)
        allocations.append(raw)
        let typed = raw.bindMemory(to: T.self, capacity: 1)
        typed.initialize(to: value)
        return typed
    }

    /// A C array copy of `values` (nil when empty).
    public func array<T>(_ values: [T]) -> UnsafeMutablePointer<T>? {
        guard !values.isEmpty else { return nil }
        guard let raw = malloc(MemoryLayout<T>.stride * values.count) else { return nil }
        allocations.append(raw)
        let typed = raw.bindMemory(to: T.self, capacity: values.count)
        typed.initialize(from: values, count: values.count)
        return typed
    }

    /// An array of C strings (nil when empty).
    public func strings(_ values: [String]) -> UnsafeMutablePointer<UnsafePointer<CChar>?>? {
        array(values.map { string($0) })
    }
}

/// A value the compiler cannot prove Sendable but that the ABI makes safe to
/// move between threads (C callbacks, user data, borrowed contexts).
public struct UncheckedSendable<Value>: @unchecked Sendable {
    public let value: Value
    public init(_ value: Value) { self.value = value }
}

extension CArena {
    /// `values` as `ck_pair`s sorted by key, owned by this arena (nil and 0 when empty).
    public func pairs(_ values: [String: String]) -> (UnsafePointer<ck_pair>?, Int) {
        let list = values.sorted { $0.key < $1.key }.map { ck_pair(key: string($0.key), value: string($0.value)) }
        return (array(list).map { UnsafePointer($0) }, list.count)
    }
}
