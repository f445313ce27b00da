import CloudKitModel
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a running function writes to stdout and stderr, read without ever
/// blocking from the read ends of its pipes (made non-blocking here): all of
/// stdout up to one byte past its limit, and the tail of stderr.
///
/// Used by one `FunctionWatch` on the reactor's thread, which owns the
/// descriptors, reads when epoll says a pipe is readable, and kills the
/// process once `isOverLimit`.
struct FunctionOutputCollector {
    /// Which of the two pipes.
    enum Stream {
        case stdout
        case stderr
    }

    /// What a read found.
    enum Progress: Equatable {
        /// Nothing more to read now; the pipe is still open.
        case open
        /// End of file (or an error): stop watching the pipe and close it.
        case ended
    }

    private let stdoutLimit: Int
    private var stdout = Data()
    private var stderr = FunctionLogTail(capacity: FunctionLimits.synchronousPayloadBytes)

    /// A collector that keeps at most one byte of stdout past `stdoutLimit`.
    init(stdoutLimit: Int = FunctionLimits.synchronousPayloadBytes) {
        self.stdoutLimit = stdoutLimit
    }

    /// Makes `descriptor` (a read end) non-blocking, as `read` needs it.
    static func prepare(_ descriptor: Int32) { FunctionDescriptors.setNonBlocking(descriptor) }

    /// True once stdout holds more than its limit.
    var isOverLimit: Bool { stdout.count > stdoutLimit }

    /// Reads what `descriptor` (`stream`'s pipe) holds now, through `buffer`,
    /// until it is empty or `budget` bytes were read (so one busy pipe cannot
    /// keep the reactor from the others). Stdout is never read more than one
    /// byte past its limit.
    mutating func read(_ stream: Stream, from descriptor: Int32, _ buffer: UnsafeMutableRawBufferPointer, budget: Int) -> Progress {
        guard let base = buffer.baseAddress else { return .open }
        var total = 0
        while total < budget {
            let wanted = stream == .stdout ? min(buffer.count, stdoutLimit + 1 - stdout.count) : buffer.count
            guard wanted > 0 else { return .open }
            let count = Glibc.read(descriptor, base, wanted)
            if count > 0 {
                let bytes = UnsafeRawBufferPointer(start: base, count: count)
                if stream == .stdout { stdout.append(contentsOf: bytes) } else { stderr.append(bytes) }
                total += count
            } else if count < 0 && errno == EINTR {
                continue
            } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                return .open
            } else {
                return .ended
            }
        }
        return .open
    }

    /// The run's output, ended by `ending`.
    func output(_ ending: FunctionRunOutput.Ending) -> FunctionRunOutput {
        FunctionRunOutput(ending: ending, stdout: stdout, stderr: stderr)
    }
}
