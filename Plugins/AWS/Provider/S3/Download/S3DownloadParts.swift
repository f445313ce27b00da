import AWSHTTP
import CloudKitModel
import Foundation

/// The buffers the parts of one download to a stream are fetched into:
/// as many as parts run at once, each as large as a part, allocated when
/// first needed and reused by later parts, so a long download faults its
/// pages in once and holds `concurrency × partSize` bytes at most.
final class S3DownloadParts: Sendable {
    private let size: Int
    private let idle = Locked<[S3DownloadPart]>([])

    init(partSize: Int64) {
        size = Int(partSize)
    }

    /// An idle buffer, or a new one.
    func take() throws(CloudError) -> S3DownloadPart {
        if let reused = idle.withLock({ $0.popLast() }) { return reused }
        return try S3DownloadPart(capacity: size)
    }

    /// Gives `buffer` back for the next part.
    func give(_ buffer: S3DownloadPart) {
        idle.withLock { $0.append(buffer) }
    }
}

/// One part's bytes, placed by the transport (`PlacementTarget`) from
/// offset 0. Used by one part at a time: the transport writes it while
/// the part's task waits for the reply, and the task reads it after.
final class S3DownloadPart: PlacementTarget, @unchecked Sendable {
    private let base: UnsafeMutableRawPointer
    let capacity: Int

    init(capacity: Int) throws(CloudError) {
        guard let base = malloc(max(capacity, 1)) else {
            throw CloudError(.internal, "cannot allocate \(capacity) bytes for a part of the download", code: "OutOfMemory")
        }
        self.base = base
        self.capacity = capacity
    }

    deinit { free(base) }

    func place(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(CloudError) {
        guard offset >= 0, offset <= Int64(capacity) - Int64(bytes.count) else {
            throw .internal("\(bytes.count) bytes at \(offset) do not fit a part of \(capacity) bytes")
        }
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        (base + Int(offset)).copyMemory(from: source, byteCount: bytes.count)
    }

    /// The first `count` bytes placed.
    func bytes(_ count: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base, count: min(count, capacity))
    }
}
