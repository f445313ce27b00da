import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Writes a payload to a function's stdin on a thread of its own, so a child
/// that writes a lot before reading can never deadlock against us, then
/// closes the pipe (the child sees end of input).
///
/// The thread blocks `SIGPIPE` (a child that exits without reading makes the
/// write fail with `EPIPE` rather than kill this process) and writes without
/// blocking, waking at least every 100 ms to see whether it was stopped (a
/// grandchild may hold the pipe open after the function ended).
final class FunctionInputWriter: Sendable {
    private let stopped = Atomic<Bool>(false)

    private init() {}

    /// Starts writing `payload` to `descriptor`, which the writer then owns and closes.
    static func start(descriptor: Int32, payload: Data) -> FunctionInputWriter {
        let writer = FunctionInputWriter()
        if payload.isEmpty {
            _ = close(descriptor)
            return writer
        }
        let thread = Thread { writer.write(payload, to: descriptor) }
        thread.name = "cloudkit.local.function-stdin"
        thread.start()
        return writer
    }

    /// Asks the thread to give up on what is left and close the pipe.
    func stop() { stopped.store(true, ordering: .relaxed) }

    private func write(_ payload: Data, to descriptor: Int32) {
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &blocked, nil)
        defer { _ = close(descriptor) }
        FunctionDescriptors.setNonBlocking(descriptor)
        payload.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count, !stopped.load(ordering: .relaxed) {
                let written = Glibc.write(descriptor, base + offset, min(bytes.count - offset, 64 * 1024))
                if written > 0 {
                    offset += written
                } else if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                    var entry = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                    _ = Glibc.poll(&entry, 1, 100)
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return  // EPIPE: the function stopped reading.
                }
            }
        }
    }
}
