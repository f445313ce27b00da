import CloudKitModel
import CloudKitProviderSupport
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Where the parts of a ranged download land, each at its own offset, in
/// any order: an in-memory buffer, or a hidden temporary file beside the
/// destination that replaces it atomically once every part is in (and is
/// removed if the download fails), as a single GET to a file does.
final class S3DownloadTarget: Sendable {
    private enum Storage {
        case memory(Data)
        case file(AtomicFileSink)
        case finished
    }

    private let storage: Locked<Storage>

    /// A target for a `total`-byte body going to `sink` (`.memory` or `.file`).
    init(_ sink: BodySink, total: Int64) throws(CloudError) {
        switch sink {
        case .memory:
            storage = Locked(.memory(Data(count: Int(total))))
        case .file(let path):
            storage = Locked(.file(try AtomicFileSink(replacing: path)))
        case .stream:
            throw .internal("a stream sink is written in order, not in parts")
        }
    }

    deinit { discard() }

    /// Writes `data` at `offset`. Blocking for a file: call it from `BlockingIO.run`.
    func write(_ data: Data, at offset: Int64) throws(CloudError) {
        let file: AtomicFileSink? = try storage.withLock { (storage: inout Storage) throws(CloudError) -> AtomicFileSink? in
            switch storage {
            case .memory(var buffer):
                storage = .finished  // Keeps `buffer` uniquely referenced while it is changed.
                let start = buffer.startIndex + Int(offset)
                buffer.replaceSubrange(start..<(start + data.count), with: data)
                storage = .memory(buffer)
                return nil
            case .file(let sink):
                return sink
            case .finished:
                throw .internal("the download target was already finished")
            }
        }
        // Parts land in the file outside the lock: the sink takes concurrent writes at offsets.
        guard let file else { return }
        let outcome = data.withUnsafeBytes { bytes in Result { () throws(CloudError) in try file.write(bytes, at: offset) } }
        try outcome.get()
    }

    /// The bytes for a memory sink (nil for a file, which is synced and
    /// renamed into place). Blocking for a file.
    func finish() throws(CloudError) -> Data? {
        let current = storage.withLock { storage in
            let current = storage
            storage = .finished
            return current
        }
        switch current {
        case .memory(let buffer): return buffer
        case .file(let sink):
            try sink.commit()
            return nil
        case .finished: throw .internal("the download target was already finished")
        }
    }

    /// Drops what was written (a file's temporary is removed).
    func discard() {
        let current = storage.withLock { storage in
            let current = storage
            storage = .finished
            return current
        }
        if case .file(let sink) = current { sink.discard() }
    }
}
