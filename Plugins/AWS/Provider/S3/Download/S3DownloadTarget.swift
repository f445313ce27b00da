import CloudKitModel
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
        case file(descriptor: Int32, temporary: String, final: String)
        case finished
    }

    private let storage: Mutex<Storage>

    /// A target for a `total`-byte body going to `sink` (`.memory` or `.file`).
    init(_ sink: BodySink, total: Int64) throws(CloudError) {
        switch sink {
        case .memory:
            storage = Mutex(.memory(Data(count: Int(total))))
        case .file(let path):
            let folder = (path as NSString).deletingLastPathComponent
            let temporary = "\(folder.isEmpty ? "." : folder)/.\((path as NSString).lastPathComponent).\(UUID().uuidString).part"
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw CloudError(.internal, "cannot create \(temporary): \(String(cString: strerror(errno)))", code: "IOError")
            }
            storage = Mutex(.file(descriptor: descriptor, temporary: temporary, final: path))
        case .stream:
            throw .internal("a stream sink is written in order, not in parts")
        }
    }

    deinit { discard() }

    /// Writes `data` at `offset`. Blocking for a file: call it from `BlockingIO.run`.
    func write(_ data: Data, at offset: Int64) throws(CloudError) {
        let outcome: Result<Void, CloudError> = storage.withLock { storage in
            switch storage {
            case .memory(var buffer):
                storage = .finished  // Keeps `buffer` uniquely referenced while it is changed.
                let start = buffer.startIndex + Int(offset)
                buffer.replaceSubrange(start..<(start + data.count), with: data)
                storage = .memory(buffer)
                return .success(())
            case .file(let descriptor, let temporary, _):
                return data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Result<Void, CloudError> in
                    guard let base = bytes.baseAddress else { return .success(()) }
                    var written = 0
                    while written < bytes.count {
                        let count = pwrite(descriptor, base + written, bytes.count - written, off_t(offset) + off_t(written))
                        if count < 0 && errno == EINTR { continue }
                        guard count > 0 else {
                            return .failure(CloudError(.internal, "cannot write \(temporary): \(String(cString: strerror(errno)))", code: "IOError"))
                        }
                        written += count
                    }
                    return .success(())
                }
            case .finished:
                return .failure(.internal("the download target was already finished"))
            }
        }
        try outcome.get()
    }

    /// The bytes for a memory sink (nil for a file, which is synced and
    /// renamed into place). Blocking for a file.
    func finish() throws(CloudError) -> Data? {
        let outcome: Result<Data?, CloudError> = storage.withLock { storage in
            let current = storage
            storage = .finished
            switch current {
            case .memory(let buffer):
                return .success(buffer)
            case .file(let descriptor, let temporary, let final):
                let synced = fsync(descriptor) == 0
                _ = close(descriptor)
                guard synced, rename(temporary, final) == 0 else {
                    let error = CloudError(.internal, "cannot write \(final): \(String(cString: strerror(errno)))", code: "IOError")
                    unlink(temporary)
                    return .failure(error)
                }
                return .success(nil)
            case .finished:
                return .failure(.internal("the download target was already finished"))
            }
        }
        return try outcome.get()
    }

    /// Drops what was written (a file's temporary is removed).
    func discard() {
        storage.withLock { storage in
            if case .file(let descriptor, let temporary, _) = storage {
                _ = close(descriptor)
                unlink(temporary)
            }
            storage = .finished
        }
    }
}
