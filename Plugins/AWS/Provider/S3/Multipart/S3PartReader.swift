import CloudKitModel
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Reads an upload's body one part at a time, in order: slices of bytes in
/// memory, reads of a file (opened once, read by offset), or pulls from the
/// host's reader. Blocking: call it from `BlockingIO.run`, one part at a time.
/// A stream of unknown length is read with `upTo`, which returns short only
/// at the body's end.
final class S3PartReader: Sendable {
    private enum Source {
        case bytes(Data)
        case file(descriptor: Int32, path: String)
        case stream(BodyReader)
    }

    private let source: Locked<Source>
    private let length: Int64?
    private let position = Locked<Int64>(0)

    /// A reader of `body`, which holds `length` bytes (nil: unknown); a
    /// file that cannot be opened is `not found`.
    init(_ body: BodySource, length: Int64?) throws(CloudError) {
        self.length = length
        switch body {
        case .bytes(let data):
            source = Locked(.bytes(data))
        case .file(let path):
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw CloudError(.notFound, "cannot open \(path) for reading: \(String(cString: strerror(errno)))", code: "NoSuchFile")
            }
            source = Locked(.file(descriptor: descriptor, path: path))
        case .stream(_, let reader):
            source = Locked(.stream(reader))
        }
    }

    deinit {
        source.withLock { source in
            if case .file(let descriptor, _) = source { _ = close(descriptor) }
        }
    }

    /// The next `count` bytes. `invalid argument` (`IncompleteBody`) when the
    /// body ends early; a reader that throws stops it (its `CloudError`, else `cancelled`).
    func next(_ count: Int) throws(CloudError) -> Data {
        let data = try upTo(count)
        guard data.count == count else {
            let read = position.withLock { $0 }
            throw CloudError(
                .invalidArgument, "the body ended after \(read) of \(length.map(String.init) ?? "?") bytes", code: "IncompleteBody")
        }
        return data
    }

    /// The next bytes, `count` of them unless the body ends first (then
    /// fewer; none once it has ended). A reader that throws stops it.
    func upTo(_ count: Int) throws(CloudError) -> Data {
        let offset = position.withLock { $0 }
        var data = try S3PartBuffer.make(count)
        let outcome: Result<Int, CloudError> = source.withLock { source in
            data.withUnsafeMutableBytes { buffer in Result { () throws(CloudError) -> Int in try Self.fill(buffer, from: source, offset: offset) } }
        }
        let filled = try outcome.get()
        position.withLock { $0 += Int64(filled) }
        return filled < count ? data.prefix(filled) : data
    }

    /// Checks that a streamed body has nothing past its declared length.
    func finish() throws(CloudError) {
        guard let length else { return }
        let outcome: Result<Int, CloudError> = source.withLock { source in
            guard case .stream = source else { return .success(0) }
            var probe: UInt8 = 0
            return withUnsafeMutableBytes(of: &probe) { buffer in
                Result { () throws(CloudError) -> Int in try Self.fill(buffer, from: source, offset: length) }
            }
        }
        let extra = try outcome.get()
        guard extra == 0 else {
            throw CloudError(.invalidArgument, "the body is longer than its declared length \(length)", code: "IncompleteBody")
        }
    }

    /// Fills as much of `buffer` as the source gives, from `offset`; the count filled.
    private static func fill(_ buffer: UnsafeMutableRawBufferPointer, from source: Source, offset: Int64) throws(CloudError) -> Int {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return 0 }
        switch source {
        case .bytes(let data):
            let start = data.startIndex + Int(offset)
            let end = min(start + buffer.count, data.endIndex)
            guard start < end else { return 0 }
            data.copyBytes(to: base.assumingMemoryBound(to: UInt8.self), from: start..<end)
            return end - start
        case .file(let descriptor, let path):
            var filled = 0
            while filled < buffer.count {
                let count = pread(descriptor, base + filled, buffer.count - filled, off_t(offset) + off_t(filled))
                if count < 0 && errno == EINTR { continue }
                guard count >= 0 else {
                    throw CloudError(.internal, "cannot read \(path): \(String(cString: strerror(errno)))", code: "IOError")
                }
                if count == 0 { break }
                filled += count
            }
            return filled
        case .stream(let reader):
            var filled = 0
            while filled < buffer.count {
                // As for a single PUT: a reader that gives up stops the upload.
                let count = try reader.checkedRead(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
                guard count > 0 else { break }
                filled += count
            }
            return filled
        }
    }
}
