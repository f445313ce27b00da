import CloudKitModel
import CloudKitProviderSupport

/// The buffers the parts of one download to a stream are fetched into
/// (`DownloadBuffer`s, each as large as a part, placed into from offset 0
/// and never handed over): as many as parts run at once, allocated when
/// first needed and reused by later parts, so a long download faults its
/// pages in once and holds `concurrency × partSize` bytes at most. A buffer
/// is used by one part at a time: the transport fills it while the part's
/// task waits for the reply, and the task reads it after.
final class S3DownloadParts: Sendable {
    private let size: Int
    private let idle = Locked<[DownloadBuffer]>([])

    init(partSize: Int64) {
        size = Int(partSize)
    }

    /// An idle buffer, or a new one.
    func take() throws(CloudError) -> DownloadBuffer {
        if let reused = idle.withLock({ $0.popLast() }) { return reused }
        return try DownloadBuffer(count: size)
    }

    /// Gives `buffer` back for the next part.
    func give(_ buffer: DownloadBuffer) {
        idle.withLock { $0.append(buffer) }
    }
}
