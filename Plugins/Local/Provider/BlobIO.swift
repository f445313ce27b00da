import CloudKitModel
import Foundation

/// Writes an object's bytes to a temporary file, hashing (MD5) and counting
/// as it goes, in bounded memory; `finish` fsyncs and renames it into place.
/// A writer that is not finished removes its temporary file.
final class BlobWriter: @unchecked Sendable {
    private let temporaryPath: String
    private let file: WritableFile
    private let hasher = MD5Hasher()
    private var finished = false
    private(set) var size: Int64 = 0
    /// The lower-case hex MD5 of everything appended (ends hashing).
    var md5: String { hasher.finalizeHex() }

    init(temporaryFolder: String) throws(CloudError) {
        try FileSystem.makeDirectories(temporaryFolder)
        temporaryPath = "\(temporaryFolder)/\(UUID().uuidString).blob"
        file = try WritableFile(creating: temporaryPath)
    }

    deinit {
        if !finished {
            file.abandon()
            FileSystem.remove(temporaryPath)
        }
    }

    func append(_ bytes: UnsafeRawBufferPointer) throws(CloudError) {
        try file.write(bytes)
        hasher.update(bytes)
        size += Int64(bytes.count)
    }

    /// Copies a whole body source in.
    func write(_ body: BodySource, progress: ProgressHandler?) throws(CloudError) {
        switch body {
        case .bytes(let data):
            try data.withBytes { bytes throws(CloudError) in try append(bytes) }
            progress?(Int64(data.count), Int64(data.count))
        case .file(let path):
            let source = try ReadableFile(path: path)
            try pump(total: -1, progress: progress) { buffer throws(CloudError) in try source.read(into: buffer, at: self.size) }
        case .stream(let length, let reader):
            try pump(total: length, progress: progress) { buffer throws(CloudError) in
                do {
                    return try reader.read(buffer)
                } catch let error as CloudError {
                    throw error
                } catch {
                    throw CloudError(.cancelled, "the body reader failed: \(error)")
                }
            }
            guard size == length else {
                throw CloudError(.invalidArgument, "the body reader gave \(size) bytes but the content length is \(length)", code: "IncompleteBody")
            }
        }
    }

    private func pump(total: Int64, progress: ProgressHandler?, _ read: (UnsafeMutableRawBufferPointer) throws(CloudError) -> Int) throws(CloudError) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: LocalObjectStore.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let limit = total >= 0 ? Int(min(Int64(buffer.count), max(0, total - size))) : buffer.count
            if total >= 0 && limit == 0 {
                // Everything promised has arrived; a further byte is an error.
                var probe: UInt8 = 0
                let extra = try withUnsafeMutableBytes(of: &probe) { bytes throws(CloudError) in try read(bytes) }
                if extra > 0 { throw CloudError(.invalidArgument, "the body is longer than its content length \(total)", code: "IncompleteBody") }
                return
            }
            let count = try read(UnsafeMutableRawBufferPointer(rebasing: buffer[0..<limit]))
            if count == 0 { return }
            try append(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            progress?(size, total)
        }
    }

    /// Syncs the bytes and renames them to `path`.
    func finish(into path: String) throws(CloudError) {
        try file.syncAndClose()
        try FileSystem.rename(temporaryPath, to: path)
        finished = true
    }
}

/// Streams an inclusive byte range of an open blob to a `BodySink`.
struct BlobReader {
    let file: ReadableFile
    let start: Int64
    let end: Int64

    /// Delivers the range; returns the bytes for `.memory`, nil otherwise.
    func deliver(to sink: BodySink, progress: ProgressHandler?) throws(CloudError) -> Data? {
        let total = max(0, end - start + 1)
        switch sink {
        case .memory:
            var data = Data(count: Int(total))
            try data.withMutableBytes { buffer throws(CloudError) in
                var done = 0
                while done < buffer.count {
                    let count = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]), at: start + Int64(done))
                    if count == 0 { break }
                    done += count
                }
            }
            progress?(total, total)
            return data
        case .file(let path):
            let folder = (path as NSString).deletingLastPathComponent
            let temporary = "\(folder.isEmpty ? "." : folder)/.\((path as NSString).lastPathComponent).\(UUID().uuidString).part"
            let output = try WritableFile(creating: temporary)
            do throws(CloudError) {
                try copy(total: total, progress: progress) { bytes throws(CloudError) in try output.write(bytes) }
                try output.syncAndClose()
                try FileSystem.rename(temporary, to: path)
            } catch {
                output.abandon()
                FileSystem.remove(temporary)
                throw error
            }
            return nil
        case .stream(let writer):
            try copy(total: total, progress: progress) { bytes throws(CloudError) in
                do {
                    try writer.write(bytes)
                } catch let error as CloudError {
                    throw error
                } catch {
                    throw CloudError(.cancelled, "the body writer failed: \(error)")
                }
            }
            return nil
        }
    }

    private func copy(total: Int64, progress: ProgressHandler?, _ emit: (UnsafeRawBufferPointer) throws(CloudError) -> Void) throws(CloudError) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: LocalObjectStore.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var done: Int64 = 0
        while done < total {
            let want = Int(min(Int64(buffer.count), total - done))
            let count = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]), at: start + done)
            if count == 0 { throw CloudError(.internal, "\(file.path) ended early", code: "IOError") }
            try emit(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            done += Int64(count)
            progress?(done, total)
        }
    }
}
