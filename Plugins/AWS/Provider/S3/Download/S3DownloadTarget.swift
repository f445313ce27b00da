import AWSHTTP
import CloudKitModel
import CloudKitProviderSupport
import Foundation

/// Where the parts of a ranged download land, each at its own offset, in
/// any order, written in place as its reply arrives (`placement(at:)`): one
/// buffer allocated from the object's size, handed over without a copy; or
/// a hidden temporary file beside the destination that replaces it
/// atomically once every part is in (and is removed if the download fails),
/// as a single GET to a file does. Nothing is collected per part.
final class S3DownloadTarget: Sendable {
    private enum Storage {
        case memory(DownloadBuffer)
        case file(AtomicFileSink)
    }

    private let storage: Storage

    /// A target for a `total`-byte body going to `sink` (`.memory`, in the
    /// host's `memory` when it lends some, or `.file`).
    init(_ sink: BodySink, total: Int64, memory: BodyMemory? = nil) throws(CloudError) {
        switch sink {
        case .memory:
            guard total <= Int64(Int.max) else { throw .internal("an object of \(total) bytes does not fit in memory") }
            storage = .memory(try DownloadBuffer(count: Int(total), in: memory))
        case .file(let path):
            storage = .file(try AtomicFileSink(replacing: path))
        case .stream:
            throw .internal("a stream sink is written in order, not in parts")
        }
    }

    deinit { discard() }

    /// Where a reply carrying the bytes from `offset` on is to be written.
    func placement(at offset: Int64) -> ReplyPlacement {
        switch storage {
        case .memory(let buffer): ReplyPlacement(buffer, at: offset)
        case .file(let sink): ReplyPlacement(sink, at: offset)
        }
    }

    /// Faults a memory buffer's pages in ahead of the parts (see
    /// `DownloadBuffer.prefault`); nothing for a file. Blocking.
    func prefault(_ flag: CancellationFlag) {
        if case .memory(let buffer) = storage { buffer.prefault(flag) }
    }

    /// Writes `bytes` at `offset` (the first part, which came before the
    /// size was known). Blocking for a file: call it from `BlockingIO.run`.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(CloudError) {
        switch storage {
        case .memory(let buffer): try buffer.write(bytes, at: offset)
        case .file(let sink): try sink.write(bytes, at: offset)
        }
    }

    /// The bytes for a memory sink (nil for a file, which is synced and
    /// renamed into place). Once only. Blocking for a file.
    func finish() throws(CloudError) -> Data? {
        switch storage {
        case .memory(let buffer): return try buffer.take()
        case .file(let sink):
            try sink.commit()
            return nil
        }
    }

    /// Drops what was written (a file's temporary is removed; nothing once finished).
    func discard() {
        if case .file(let sink) = storage { sink.discard() }
    }
}
