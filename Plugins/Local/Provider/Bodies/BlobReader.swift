import CloudKitModel
import CloudKitProviderSupport
import Foundation

/// Delivers an inclusive byte range of an open blob to a `BodySink`, in
/// chunks of `BlobWriter.chunkSize`, on the calling thread (which also calls
/// the sink's writer and the progress handler).
struct BlobReader {
    let file: ReadableFile
    /// First byte to deliver.
    let start: Int64
    /// Number of bytes to deliver.
    let length: Int64
    let cancellation: CancellationFlag

    /// The range S3 would serve for `range` of an object of `size` bytes: the
    /// whole object without one, the end clamped to the last byte, and
    /// `InvalidRange` when the start is at or past the end (which includes
    /// any range of an empty object).
    static func resolve(_ range: ByteRange?, size: Int64) throws(CloudError) -> (start: Int64, length: Int64) {
        guard let range else { return (0, size) }
        let end = range.end.map { String($0) } ?? ""
        guard range.start >= 0, range.end.map({ $0 >= range.start }) ?? true else {
            throw CloudError(.invalidArgument, "bytes=\(range.start)-\(end) is not a valid byte range", code: "InvalidRange", httpStatus: 416)
        }
        guard range.start < size else {
            throw CloudError(
                .invalidArgument, "the range bytes=\(range.start)-\(end) starts beyond the object's \(size) bytes", code: "InvalidRange",
                httpStatus: 416)
        }
        let last = min(range.end ?? (size - 1), size - 1)
        return (range.start, last - range.start + 1)
    }

    /// Delivers the range; returns the bytes for `.memory` (in the host's
    /// `memory` when it lends some), nil otherwise.
    func deliver(to sink: BodySink, memory: BodyMemory? = nil, progress: ProgressHandler?) throws(CloudError) -> Data? {
        switch sink {
        case .memory:
            return try readAll(into: memory, progress: progress)
        case .file(let path):
            try deliverToFile(path, progress: progress)
            return nil
        case .stream(let writer):
            try copy(progress: progress) { bytes throws(CloudError) in
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

    /// Writes the bytes through an `AtomicFileSink`: `path` appears whole or
    /// not at all, and a failure leaves neither a temporary file nor a changed `path`.
    private func deliverToFile(_ path: String, progress: ProgressHandler?) throws(CloudError) {
        let sink = try AtomicFileSink(replacing: path)
        try copy(progress: progress) { bytes throws(CloudError) in try sink.write(bytes) }
        try sink.commit()
    }

    /// Reads the range straight into memory of its size, in chunks (each
    /// checked for cancellation and reported as progress): the host's when
    /// it lends some (`memory`; each chunk read while the memory is held
    /// open, so none lands once the call has completed), else a `Data`.
    private func readAll(into memory: BodyMemory?, progress: ProgressHandler?) throws(CloudError) -> Data {
        if length == 0 { progress?(0, 0) }
        if let memory, length > 0 {
            _ = try memory.reserve(Int(length))
            try fill(progress: progress) { range, read throws(CloudError) in
                try memory.withBytes { bytes throws(CloudError) in try read(UnsafeMutableRawBufferPointer(rebasing: bytes[range])) }
            }
            return try memory.data()
        }
        var data = Data(count: Int(length))
        var failure: CloudError?
        data.withUnsafeMutableBytes { (buffer: UnsafeMutableRawBufferPointer) in
            do throws(CloudError) {
                try fill(progress: progress) { range, read throws(CloudError) in try read(UnsafeMutableRawBufferPointer(rebasing: buffer[range])) }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return data
    }

    /// Reads the range's bytes in chunks of at most `BlobWriter.chunkSize`:
    /// `place` runs `read` over the span of the destination given (offsets
    /// from the range's start) and returns what it read.
    private func fill(
        progress: ProgressHandler?,
        _ place: (Range<Int>, (UnsafeMutableRawBufferPointer) throws(CloudError) -> Int) throws(CloudError) -> Int
    ) throws(CloudError) {
        var done = 0
        while Int64(done) < length {
            try cancellation.check()
            let want = Int(min(Int64(BlobWriter.chunkSize), length - Int64(done)))
            let offset = start + Int64(done)
            let count = try place(done..<(done + want)) { buffer throws(CloudError) in try file.read(into: buffer, at: offset) }
            if count == 0 { throw CloudError(.internal, "\(file.path) ended early", code: "IOError") }
            done += count
            progress?(Int64(done), length)
        }
    }

    private func copy(progress: ProgressHandler?, _ emit: (UnsafeRawBufferPointer) throws(CloudError) -> Void) throws(CloudError) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: BlobWriter.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var done: Int64 = 0
        if length == 0 { progress?(0, 0) }
        while done < length {
            try cancellation.check()
            let want = Int(min(Int64(buffer.count), length - done))
            let count = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]), at: start + done)
            if count == 0 { throw CloudError(.internal, "\(file.path) ended early", code: "IOError") }
            try emit(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            done += Int64(count)
            progress?(done, length)
        }
    }
}
