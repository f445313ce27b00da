import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Feeds a payload to a function's stdin pipe without ever blocking: each
/// `write()` puts in what the pipe has room for, and the reactor calls it
/// again when the pipe is writable, so a child that writes a lot before
/// reading never deadlocks against us, and one that never reads holds
/// nothing up.
///
/// Used by one `FunctionWatch` on the reactor's thread (which blocks
/// `SIGPIPE`, so a child that exits without reading makes the write fail with
/// `EPIPE` rather than kill this process). The watch owns the descriptor and
/// closes it once the writer is finished (the child then sees end of input).
struct FunctionInputWriter {
    /// The write end of the child's stdin pipe, made non-blocking.
    let descriptor: Int32
    private let payload: Data
    private var offset = 0

    /// A writer of `payload` to `descriptor`.
    init(descriptor: Int32, payload: Data) {
        self.descriptor = descriptor
        self.payload = payload
        isFinished = payload.isEmpty
        FunctionDescriptors.setNonBlocking(descriptor)
    }

    /// True once every byte is written or the child stopped reading: the pipe can be closed.
    private(set) var isFinished: Bool

    /// Writes as much of the rest as the pipe takes now.
    mutating func write() {
        while offset < payload.count {
            let count = payload.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Int in
                guard let base = bytes.baseAddress else { return 0 }
                return Glibc.write(descriptor, base + offset, bytes.count - offset)
            }
            if count > 0 {
                offset += count
            } else if count < 0 && errno == EINTR {
                continue
            } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                return  // The pipe is full: the reactor calls again when it has room.
            } else {
                break  // EPIPE: the function stopped reading.
            }
        }
        isFinished = true
    }
}
