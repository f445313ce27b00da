import CloudKitModel
import CloudKitProviderSupport
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads a running function's stdout and stderr together with `poll` (a
/// full pipe on either side can never stall the other) until the process
/// ends, the deadline passes, stdout grows past its limit, or the caller is
/// cancelled; in the last three cases it kills the process group. The
/// process is always reaped before `collect` returns or throws.
///
/// Once the process has ended, what it wrote is drained without waiting
/// further: a background child that inherited the pipes cannot hold the
/// invocation open.
struct FunctionOutputCollector {
    private var stdoutDescriptor: Int32
    private var stderrDescriptor: Int32
    private let stdoutLimit: Int
    private var stdout = Data()
    private var stderr = FunctionLogTail(capacity: FunctionLimits.synchronousPayloadBytes)

    /// The longest wait between checks of the process, the deadline and cancellation.
    private static let tickMilliseconds: UInt64 = 50

    /// A collector for the read ends of the child's stdout and stderr pipes
    /// (the caller keeps ownership and closes them).
    init(stdout: Int32, stderr: Int32, stdoutLimit: Int = FunctionLimits.synchronousPayloadBytes) {
        stdoutDescriptor = stdout
        stderrDescriptor = stderr
        self.stdoutLimit = stdoutLimit
        FunctionDescriptors.setNonBlocking(stdout)
        FunctionDescriptors.setNonBlocking(stderr)
    }

    /// Collects until `child` ends or is killed at `deadline` (uptime nanoseconds).
    /// Throws `cancelled` (after killing and reaping) when `cancellation` is set.
    mutating func collect(_ child: FunctionChild, deadline: UInt64, cancellation: CancellationFlag) throws(CloudError) -> FunctionRunOutput {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        var idleSleep: UInt64 = 1
        while true {
            if cancellation.isCancelled {
                child.killAndReap()
                throw CloudError(.cancelled, "the invocation was cancelled and the function's process killed")
            }
            if let termination = child.poll() {
                drain(buffer)
                return finish(stdout.count > stdoutLimit ? .outputTooLarge : .finished(termination))
            }
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else {
                child.killAndReap()
                return finish(.timedOut)
            }
            let wait = min((deadline - now) / 1_000_000 + 1, Self.tickMilliseconds)
            if stdoutDescriptor >= 0 || stderrDescriptor >= 0 {
                waitAndRead(buffer, milliseconds: Int32(wait))
                if stdout.count > stdoutLimit {
                    child.killAndReap()
                    return finish(.outputTooLarge)
                }
            } else {
                // Both pipes are closed: the process is about to end (or has
                // closed them itself); check it again shortly.
                usleep(UInt32(min(idleSleep, wait) * 1_000))
                idleSleep = min(idleSleep * 2, Self.tickMilliseconds)
            }
        }
    }

    private func finish(_ ending: FunctionRunOutput.Ending) -> FunctionRunOutput {
        FunctionRunOutput(ending: ending, stdout: stdout, stderr: stderr)
    }

    /// Waits up to `milliseconds` for output on the open pipes and reads one chunk from each ready one.
    private mutating func waitAndRead(_ buffer: UnsafeMutableRawBufferPointer, milliseconds: Int32) {
        var entries = [stdoutDescriptor, stderrDescriptor].filter { $0 >= 0 }.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        let ready = poll(&entries, nfds_t(entries.count), milliseconds)
        guard ready > 0 else { return }
        for entry in entries where entry.revents != 0 {
            _ = readChunk(from: entry.fd, buffer)
        }
    }

    /// Reads whatever is already in the pipes, without waiting for more (and
    /// for at most 200 ms, should a leftover child keep writing).
    private mutating func drain(_ buffer: UnsafeMutableRawBufferPointer) {
        let end = DispatchTime.now().uptimeNanoseconds + 200_000_000
        for descriptor in [stdoutDescriptor, stderrDescriptor] where descriptor >= 0 {
            while readChunk(from: descriptor, buffer), stdout.count <= stdoutLimit, DispatchTime.now().uptimeNanoseconds < end {}
        }
    }

    /// Reads one chunk from `descriptor`; true when bytes were read (there may
    /// be more), false at end of file, on an error or when nothing is ready.
    /// Stdout is never read more than one byte past its limit.
    private mutating func readChunk(from descriptor: Int32, _ buffer: UnsafeMutableRawBufferPointer) -> Bool {
        guard let base = buffer.baseAddress else { return false }
        let isStdout = descriptor == stdoutDescriptor
        let wanted = isStdout ? min(buffer.count, stdoutLimit + 1 - stdout.count) : buffer.count
        guard wanted > 0 else { return false }
        while true {
            let count = read(descriptor, base, wanted)
            if count > 0 {
                let bytes = UnsafeRawBufferPointer(start: base, count: count)
                if isStdout { stdout.append(contentsOf: bytes) } else { stderr.append(bytes) }
                return true
            }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return false }
            // End of file (or a broken pipe): stop watching this one.
            if isStdout { stdoutDescriptor = -1 } else { stderrDescriptor = -1 }
            return false
        }
    }
}
