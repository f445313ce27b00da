import Foundation

/// Memory the caller of a read into memory lends for the body: the
/// provider's side of the ABI's `ck_get_object_request.reserve` (1.6).
///
/// A provider that knows the body's length before writing it asks for the
/// memory once (`reserve`), fills it (`withBytes`) and hands it back as the
/// result's `data` (`data()`, which does not own the bytes). The provider
/// kit `close`s it before the completion: `close` waits for a write in
/// progress and refuses every later one, so a part or a read still running
/// when a call fails (or is cancelled) cannot touch memory the host frees
/// once the completion has returned. The caller's allocator runs under the
/// same lock, so it too has returned before the completion begins.
///
/// Thread-safe: parts may fill it from several threads.
public final class BodyMemory: Sendable {
    private enum State {
        case unused
        case lent(UnsafeMutableRawPointer, Int)
        case closed
    }

    private let allocate: @Sendable (Int) -> UnsafeMutableRawPointer?
    private let state = Locked(State.unused)

    /// Memory from `allocate`, which returns `count` writable bytes or nil to refuse.
    public init(_ allocate: @escaping @Sendable (Int) -> UnsafeMutableRawPointer?) {
        self.allocate = allocate
    }

    /// Asks for `count` bytes (more than 0), once per read. A refusal is
    /// `cancelled` (as a write callback's is); asking twice, for nothing, or
    /// after `close` is `internal` or `cancelled`.
    public func reserve(_ count: Int) throws(CloudError) -> UnsafeMutableRawPointer {
        guard count > 0 else { throw .internal("memory for a body of \(count) bytes was asked of the host") }
        return try state.withLock { (state: inout State) throws(CloudError) -> UnsafeMutableRawPointer in
            switch state {
            case .unused:
                guard let pointer = allocate(count) else {
                    state = .closed
                    throw CloudError(.cancelled, "the host refused memory for a body of \(count) bytes")
                }
                state = .lent(pointer, count)
                return pointer
            case .lent: throw .internal("memory for the body was asked of the host twice")
            case .closed: throw CloudError(.cancelled, "the read completed before its body was placed")
            }
        }
    }

    /// Whether `reserve` was answered and the memory is still open.
    public var isLent: Bool {
        state.withLock { if case .lent = $0 { true } else { false } }
    }

    /// Runs `body` over the lent memory, holding the lock; `cancelled` once
    /// closed (the read has completed), `internal` before `reserve`.
    public func withBytes<T>(_ body: (UnsafeMutableRawBufferPointer) throws(CloudError) -> T) throws(CloudError) -> T {
        try state.withLock { (state: inout State) throws(CloudError) -> T in
            switch state {
            case .lent(let pointer, let count): return try body(UnsafeMutableRawBufferPointer(start: pointer, count: count))
            case .unused: throw .internal("the body was written before its memory was reserved")
            case .closed: throw CloudError(.cancelled, "the read completed before its body was placed")
            }
        }
    }

    /// The lent bytes as `Data` that does not own them: valid until the
    /// caller frees them, after the completion.
    public func data() throws(CloudError) -> Data {
        try withBytes { bytes in
            guard let base = bytes.baseAddress else { return Data() }
            return Data(bytesNoCopy: base, count: bytes.count, deallocator: .none)
        }
    }

    /// Ends the provider's use with `data`, the body of a read that
    /// succeeded, and returns where the caller finds it: the lent memory,
    /// holding `data`. Memory not asked for yet is asked for now (the
    /// provider held the body already, as a small reply); `data` is copied
    /// in when it lies elsewhere (a `Data` of a few bytes keeps them
    /// inline). Nil for an empty body, or when the memory was lent for
    /// another size (then `data` is handed over as it is). A refusal is
    /// `cancelled`. Closes the memory either way.
    public func settle(_ data: Data) throws(CloudError) -> UnsafeRawBufferPointer? {
        try state.withLock { (state: inout State) throws(CloudError) -> UnsafeRawBufferPointer? in
            defer { state = .closed }
            let pointer: UnsafeMutableRawPointer
            switch state {
            case .lent(let lent, let count):
                guard data.count == count else { return nil }
                pointer = lent
            case .unused:
                guard !data.isEmpty else { return nil }
                guard let reserved = allocate(data.count) else {
                    throw CloudError(.cancelled, "the host refused memory for a body of \(data.count) bytes")
                }
                pointer = reserved
            case .closed: return nil
            }
            data.withUnsafeBytes { bytes in
                if let source = bytes.baseAddress, source != UnsafeRawPointer(pointer) { pointer.copyMemory(from: source, byteCount: bytes.count) }
            }
            return UnsafeRawBufferPointer(start: pointer, count: data.count)
        }
    }

    /// Ends the provider's use: waits for a write in progress, then refuses
    /// every later one. Idempotent.
    public func close() {
        state.withLock { $0 = .closed }
    }
}
