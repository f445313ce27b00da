import CloudKitModel
import CloudKitProviderSupport
import Foundation

/// Writes an upload's bytes to a new file in a bucket's temporary folder,
/// hashing (MD5, for the ETag) and counting as it goes, in chunks of
/// `chunkSize` — so a body of any size moves in bounded memory.
///
/// Runs on the calling thread; the body reader and the progress handler are
/// called on it. An unfinished writer's file is removed when it goes away.
final class BlobWriter {
    static let chunkSize = 1 << 20

    private let file: WritableFile
    private let staged: StagedFile
    private let hasher: ContentDigest
    private let cancellation: CancellationFlag
    private(set) var size: Int64 = 0

    init(temporaryFolder: RootedPath, cancellation: CancellationFlag) throws(CloudError) {
        let path = StagedFile.temporaryPath(in: temporaryFolder, suffix: "blob")
        hasher = try ContentDigest(.md5)
        // Blobs are never changed once written; read-only guards the files a
        // presigned GET URL exposes.
        file = try WritableFile(creating: path, mode: 0o444)
        staged = StagedFile(path: path)
        self.cancellation = cancellation
    }

    /// Copies a whole body in, reporting progress after each chunk.
    func write(_ body: BodySource, progress: ProgressHandler?) throws(CloudError) {
        switch body {
        case .bytes(let data):
            try data.withBytes { bytes throws(CloudError) in
                var offset = 0
                repeat {
                    let end = min(bytes.count, offset + Self.chunkSize)
                    try append(UnsafeRawBufferPointer(rebasing: bytes[offset..<end]))
                    offset = end
                    progress?(size, Int64(bytes.count))
                } while offset < bytes.count
            }
        case .file(let path):
            let source: ReadableFile
            do {
                source = try ReadableFile(path: path)
            } catch where error.kind == .notFound {
                throw CloudError(.notFound, "cannot open \(path) for reading: no such file", code: "NoSuchFile")
            }
            let total = try source.size()
            try pump(total: nil, progressTotal: total, progress: progress) { buffer throws(CloudError) in
                try source.read(into: buffer, at: self.size)
            }
        case .stream(let length, let reader):
            // An unknown length (nil) streams to the end of the reader, straight into this file.
            if let length, length < 0 { throw .invalidArgument("the stream length must not be negative, not \(length)") }
            try pump(total: length, progressTotal: length ?? -1, progress: progress) { buffer throws(CloudError) in
                try reader.checkedRead(into: buffer)
            }
            if let length, size != length {
                throw CloudError(.invalidArgument, "the body reader gave \(size) bytes but the content length is \(length)", code: "IncompleteBody")
            }
        }
    }

    /// Copies `length` bytes of an open file from its start.
    func copy(from source: ReadableFile, length: Int64) throws(CloudError) {
        try pump(total: length, progressTotal: length, progress: nil) { buffer throws(CloudError) in
            try source.read(into: buffer, at: self.size)
        }
        guard size == length else { throw CloudError(.internal, "\(source.path) ended early", code: "IOError") }
    }

    /// Appends bytes read by `read` until it returns 0 (or `total` is reached,
    /// after which one more byte is an error). Progress reports
    /// `progressTotal`, -1 when unknown.
    private func pump(
        total: Int64?, progressTotal: Int64, progress: ProgressHandler?, _ read: (UnsafeMutableRawBufferPointer) throws(CloudError) -> Int
    ) throws(CloudError) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            try cancellation.check()
            var limit = buffer.count
            if let total {
                limit = Int(min(Int64(buffer.count), total - size))
                if limit == 0 {
                    // Everything promised has arrived; a further byte is an error.
                    let extra = try read(UnsafeMutableRawBufferPointer(rebasing: buffer[0..<1]))
                    if extra > 0 {
                        throw CloudError(.invalidArgument, "the body is longer than its content length \(total)", code: "IncompleteBody")
                    }
                    return
                }
            }
            let count = try read(UnsafeMutableRawBufferPointer(rebasing: buffer[0..<limit]))
            if count == 0 { return }
            try append(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            progress?(size, progressTotal < 0 ? -1 : max(progressTotal, size))
        }
    }

    private func append(_ bytes: UnsafeRawBufferPointer) throws(CloudError) {
        try file.write(bytes)
        hasher.update(bytes)
        size += Int64(bytes.count)
    }

    /// Syncs the bytes; returns the staged file (to commit) and its ETag (quoted hex MD5, as S3 gives).
    func finish() throws(CloudError) -> (blob: StagedFile, etag: String) {
        try cancellation.check()
        try file.syncAndClose()
        return (staged, "\"\(hasher.finalizeHex())\"")
    }
}
