import CloudKitABI
import CloudKitModel
import Foundation

/// The memory a download into memory lands in: allocated once, from the
/// body's known size, and filled at offsets in any order (the parts of a
/// ranged download, each written in its final place as it arrives), then
/// handed over as `Data` that owns the same bytes, without a copy.
///
/// The memory is the provider's (malloc'd, freed with the `Data`), or the
/// host's when the read came with `BodyMemory` (ABI 1.6 `reserve`): then
/// every write goes through the `BodyMemory`, which refuses it once the
/// provider kit has closed it for the completion, and `take` hands over a
/// `Data` that does not own the bytes.
///
/// Thread-safe: writes and `take` are serialized, so no write can touch the
/// bytes once they are handed over.
public final class DownloadBuffer: Sendable {
    private enum Phase {
        case open
        case taken
    }

    /// The size of the body.
    public let count: Int
    /// The bytes; the provider's are freed by `deinit` unless `take` handed them over.
    private nonisolated(unsafe) let base: UnsafeMutableRawPointer
    /// The host's memory the bytes are in, or nil for the provider's own.
    private let host: BodyMemory?
    private let phase = Locked(Phase.open)

    /// Reserves `count` bytes (not zeroed: every byte is written before
    /// `take`): in `memory` when the host lends some and `count` is not 0,
    /// else the provider's. Memory that cannot be had is `internal`, code
    /// `OutOfMemory`; the host's refusal is `cancelled`.
    public init(count: Int, in memory: BodyMemory? = nil) throws(CloudError) {
        guard count >= 0 else { throw .invalidArgument("a download buffer cannot hold \(count) bytes") }
        self.count = count
        if let memory, count > 0 {
            base = try memory.reserve(count)
            host = memory
            return
        }
        guard let base = malloc(max(count, 1)) else {
            throw CloudError(.internal, "cannot allocate \(count) bytes for the download", code: "OutOfMemory")
        }
        self.base = base
        host = nil
    }

    /// Faults the buffer's pages in, without changing a byte
    /// (`MADV_POPULATE_WRITE`, Linux 5.14 and later; nothing where it is
    /// missing), from the start, a step at a time until done or `flag` is
    /// set. Run on a `BlockingIO` thread while the parts come in, it takes
    /// the page faults (and the kernel's zeroing) off the thread that
    /// writes the parts. Blocking; the caller keeps the buffer alive and
    /// does not `take` it until this has returned.
    public func prefault(_ flag: CancellationFlag) {
        let step = 16 << 20
        var offset = 0
        // The host's memory is left alone once closed for the completion (and
        // faulting in pages never changes a byte, should a step still run then).
        while offset < count, !flag.isCancelled, host?.isLent ?? true {
            let length = min(step, count - offset)
            guard PageFaults.populate(base + offset, length) else { return }
            offset += length
        }
    }

    deinit {
        if host == nil, phase.withLock({ $0 }) == .open { free(base) }
    }

    /// Copies `bytes` to `offset`; a write beyond the end, or after `take`, is `internal`.
    public func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(CloudError) {
        guard offset >= 0, offset <= Int64(count) - Int64(bytes.count) else {
            throw .internal("\(bytes.count) bytes at \(offset) do not fit a download of \(count) bytes")
        }
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        try phase.withLock { (phase: inout Phase) throws(CloudError) in
            guard phase == .open else { throw .internal("the download buffer was already handed over") }
            if let host {
                try host.withBytes { _ in (base + Int(offset)).copyMemory(from: source, byteCount: bytes.count) }
            } else {
                (base + Int(offset)).copyMemory(from: source, byteCount: bytes.count)
            }
        }
    }

    /// Runs `body` over the first `count` bytes (clamped to the buffer), for
    /// a buffer filled again and again rather than handed over; `internal`
    /// after `take`. The caller makes sure nothing writes meanwhile.
    public func withBytes<T>(_ count: Int, _ body: (UnsafeRawBufferPointer) throws(CloudError) -> T) throws(CloudError) -> T {
        guard phase.withLock({ $0 }) == .open else { throw .internal("the download buffer was already handed over") }
        return try body(UnsafeRawBufferPointer(start: base, count: max(0, min(count, self.count))))
    }

    /// The bytes as `Data`, which now owns (and frees) them; once only.
    public func take() throws(CloudError) -> Data {
        try phase.withLock { (phase: inout Phase) throws(CloudError) in
            guard phase == .open else { throw .internal("the download buffer was already handed over") }
            phase = .taken
        }
        if let host { return try host.data() }
        guard count > 0 else {
            free(base)
            return Data()
        }
        return Data(bytesNoCopy: base, count: count, deallocator: .free)
    }
}
