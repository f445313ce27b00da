import CloudKitABI
import CloudKitModel
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A stream body of unknown length copied to an unnamed temporary file so
/// that its length is known: how the host serves a provider older than ABI
/// 1.4, which needs `content_length` with a read callback (the host does
/// what an older provider cannot, as the Vulkan loader does for old
/// drivers). Memory stays at one chunk whatever the body's size. The file
/// is unlinked as soon as it is made, so it goes with its descriptor —
/// when the call is over, or when the process dies.
final class BodySpool: Sendable {
    /// Bytes moved per read of the host's reader.
    static let chunkSize = 1 << 20

    private let descriptor: Int32
    /// The body's length.
    let length: Int64
    private let offset = Locked<Int64>(0)

    private init(descriptor: Int32, length: Int64) {
        self.descriptor = descriptor
        self.length = length
    }

    deinit { close(descriptor) }

    /// `request` as a provider of ABI `providerMinor` can take it: unchanged,
    /// unless its body is a stream of unknown length and the provider is
    /// older than 1.4; then the body is spooled and given with its length,
    /// and the spool is returned too, to keep alive until the call completes.
    /// Progress reports the spooling with a total of -1. A negative length
    /// is `invalid argument` (an unknown one is nil), never sent.
    static func prepare(_ request: PutObjectRequest, providerMinor: UInt32) async throws(CloudError) -> (PutObjectRequest, BodySpool?) {
        if case .stream(let length?, _) = request.body, length < 0 {
            throw .invalidArgument("a stream body's length must be 0 or more, or nil when it is not known; not \(length)")
        }
        guard case .stream(nil, let reader) = request.body, !ABIAgreement.acceptsUnknownLength(providerMinor: providerMinor) else {
            return (request, nil)
        }
        let spool = try await spooling(reader, progress: request.progress)
        var spooled = request
        spooled.body = .stream(length: spool.length, reader: spool.reader)
        return (spooled, spool)
    }

    /// Reads `reader` to its end into a new spool, on a thread of its own
    /// (the reader may block); cancelling the task stops it between chunks.
    /// The spool comes back through a `Locked`, so ThreadSanitizer sees it
    /// handed over (it cannot see the continuation's own synchronisation).
    static func spooling(_ reader: BodyReader, progress: ProgressHandler?) async throws(CloudError) -> BodySpool {
        let cancelled = Locked(false)
        let outcome = Locked<Result<BodySpool, CloudError>?>(nil)
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                Thread.detachNewThread {
                    let result = Result { () throws(CloudError) -> BodySpool in
                        let descriptor = try temporaryFile()
                        do throws(CloudError) {
                            let length = try copy(reader, to: descriptor, progress: progress, cancelled: cancelled)
                            return BodySpool(descriptor: descriptor, length: length)
                        } catch {
                            close(descriptor)
                            throw error
                        }
                    }
                    outcome.withLock { $0 = result }
                    continuation.resume()
                }
            }
        } onCancel: {
            cancelled.withLock { $0 = true }
        }
        guard let result = outcome.withLock({ $0 }) else { throw .internal("the body spool gave no result") }
        return try result.get()
    }

    /// A reader of the spooled bytes, from the first; 0 at the end.
    var reader: BodyReader {
        BodyReader { [self] buffer in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return 0 }
            let start = offset.withLock { $0 }
            var count: Int
            repeat {
                count = pread(descriptor, base, buffer.count, off_t(start))
            } while count < 0 && errno == EINTR
            guard count >= 0 else { throw Self.failure("read the spooled body") }
            offset.withLock { $0 = start + Int64(count) }
            return count
        }
    }

    /// A new, already unlinked file in the temporary folder (`TMPDIR`), open for reading and writing.
    private static func temporaryFile() throws(CloudError) -> Int32 {
        var template = Array((FileManager.default.temporaryDirectory.path + "/cloudkit-spool-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard descriptor >= 0 else { throw failure("create a temporary file to spool the body in") }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        template.withUnsafeBufferPointer { buffer in _ = buffer.baseAddress.map { unlink($0) } }
        return descriptor
    }

    /// Copies `reader` into `descriptor` one chunk at a time; the byte count.
    private static func copy(
        _ reader: BodyReader, to descriptor: Int32, progress: ProgressHandler?, cancelled: Locked<Bool>
    ) throws(CloudError) -> Int64 {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        guard let base = buffer.baseAddress else { throw .internal("no spool buffer") }
        var total: Int64 = 0
        while true {
            if cancelled.withLock({ $0 }) { throw CloudError(.cancelled, "the upload was cancelled while its body was being spooled") }
            let count = try reader.checkedRead(into: buffer)
            if count == 0 { return total }
            var written = 0
            while written < count {
                let result = write(descriptor, base + written, count - written)
                if result < 0 && errno == EINTR { continue }
                guard result > 0 else { throw failure("spool the body to a temporary file") }
                written += result
            }
            total += Int64(count)
            progress?(total, -1)
        }
    }

    private static func failure(_ what: String) -> CloudError {
        CloudError(.internal, "cannot \(what): \(String(cString: strerror(errno)))", code: "IOError")
    }
}
