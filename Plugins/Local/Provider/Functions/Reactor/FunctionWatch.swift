import CloudKitModel
#if canImport(Glibc)
import Glibc
#endif

/// One function process as `FunctionReactor` watches it. Made and used on
/// the reactor's thread only; it owns the request's descriptors from its
/// creation until it has an `outcome`, when all of them are closed.
///
/// It feeds the payload to stdin as the child reads it, collects stdout and
/// stderr, notices the process's end through its pidfd (or, without one, by
/// calling `waitpid` at growing intervals of up to 50 ms), and kills the
/// process group at the deadline, past the stdout limit or when cancelled.
/// The process is always reaped before there is an outcome. Once it has
/// ended, what is left in its pipes is read without waiting for more, so a
/// background child that inherited them cannot hold the invocation open.
final class FunctionWatch {
    /// Which descriptor of the watch an epoll event is about (the low two bits of its token).
    enum Source: UInt64 {
        case exit = 0
        case stdout = 1
        case stderr = 2
        case stdin = 3
    }

    /// Why the watch killed the process group.
    private enum Kill {
        case timedOut
        case outputTooLarge
        case cancelled
        case failed(CloudError)
    }

    let id: UInt64
    private let epoll: Epoll
    private let child: FunctionChild
    private let deadline: UInt64
    private var exitDescriptor: Int32
    private var stdout: Int32
    private var stderr: Int32
    private var input: FunctionInputWriter?
    private var collector: FunctionOutputCollector
    private var killed: Kill?
    /// Without a pidfd: when to call `waitpid` next, and the pause after that.
    private var nextReap: UInt64 = 0
    private var reapPause: UInt64 = 1_000_000

    /// The outcome, once the process is reaped and the descriptors closed.
    private(set) var outcome: FunctionWatchOutcome?

    /// The longest pause between `waitpid` calls when there is no pidfd.
    private static let longestReapPause: UInt64 = 50_000_000
    /// The most bytes read from one pipe per event, or after the process ended.
    private static let readBudget = 1 << 20

    /// A watch with `id` (the high bits of its epoll tokens) of `request`, on `epoll`.
    init(id: UInt64, request: FunctionWatchRequest, epoll: Epoll) {
        self.id = id
        self.epoll = epoll
        child = request.child
        deadline = request.deadline
        exitDescriptor = request.child.exitDescriptor
        stdout = request.output?.stdout ?? -1
        stderr = request.output?.stderr ?? -1
        input = request.input.map { FunctionInputWriter(descriptor: $0.descriptor, payload: $0.payload) }
        collector = FunctionOutputCollector(stdoutLimit: request.stdoutLimit)
    }

    /// Registers the descriptors with epoll (`now` in uptime nanoseconds).
    /// When one is refused the group is killed and the watch will fail.
    func start(now: UInt64) {
        if exitDescriptor >= 0 && !epoll.add(exitDescriptor, events: Epoll.readable, token: token(.exit)) {
            FunctionDescriptors.close(exitDescriptor)
            exitDescriptor = -1
        }
        nextReap = now + reapPause
        for descriptor in [stdout, stderr] where descriptor >= 0 { FunctionOutputCollector.prepare(descriptor) }
        if input?.isFinished == true { close(.stdin) }
        let wanted: [(Int32, UInt32, Source)] = [
            (stdout, Epoll.readable, .stdout), (stderr, Epoll.readable, .stderr), (input?.descriptor ?? -1, Epoll.writable, .stdin),
        ]
        for (descriptor, events, source) in wanted where descriptor >= 0 {
            if !epoll.add(descriptor, events: events, token: token(source)) {
                kill(.failed(Epoll.error("cannot watch a function's pipe")))
                return
            }
        }
    }

    /// Handles an epoll event for `source`, reading through `buffer`.
    func handle(_ source: Source, _ buffer: UnsafeMutableRawBufferPointer) {
        switch source {
        case .exit:
            reapIfEnded(buffer)
        case .stdout, .stderr:
            read(source, buffer)
            if killed == nil && collector.isOverLimit { kill(.outputTooLarge) }
        case .stdin:
            guard input != nil else { return }
            input?.write()
            if input?.isFinished == true { close(.stdin) }
        }
    }

    /// Kills the group because the caller cancelled (unless it is already being killed).
    func cancel() { kill(.cancelled) }

    /// Acts on the time `now`: kills the group past the deadline and, without
    /// a pidfd, checks whether the process ended (reading through `buffer`).
    /// Returns when it next needs to be called, or nil when only an event
    /// can move it on.
    func check(now: UInt64, _ buffer: UnsafeMutableRawBufferPointer) -> UInt64? {
        guard outcome == nil else { return nil }
        if killed == nil && now >= deadline { kill(.timedOut) }
        guard exitDescriptor < 0 else { return killed == nil ? deadline : nil }
        if now >= nextReap {
            reapIfEnded(buffer)
            if outcome != nil { return nil }
            nextReap = now + reapPause
            reapPause = min(reapPause * 2, Self.longestReapPause)
        }
        return killed == nil ? min(deadline, nextReap) : nextReap
    }

    // MARK: Private

    private func token(_ source: Source) -> UInt64 { id << 2 | source.rawValue }

    private func read(_ source: Source, _ buffer: UnsafeMutableRawBufferPointer) {
        let descriptor = source == .stdout ? stdout : stderr
        guard descriptor >= 0 else { return }
        let stream: FunctionOutputCollector.Stream = source == .stdout ? .stdout : .stderr
        if collector.read(stream, from: descriptor, buffer, budget: Self.readBudget) == .ended { close(source) }
    }

    private func kill(_ reason: Kill) {
        guard killed == nil, outcome == nil else { return }
        killed = reason
        child.killGroup()
        // What it writes from now on is not wanted; without a pidfd, look for its end again soon.
        for source in [Source.stdin, .stdout, .stderr] { close(source) }
        (nextReap, reapPause) = (0, 1_000_000)
    }

    /// Reaps the process if it has ended, reads what is left in its pipes
    /// (through `buffer`) unless it was killed, and settles the outcome.
    private func reapIfEnded(_ buffer: UnsafeMutableRawBufferPointer) {
        guard outcome == nil, let termination = child.reap() else { return }
        if killed == nil {
            read(.stdout, buffer)
            read(.stderr, buffer)
        }
        for source in [Source.exit, .stdin, .stdout, .stderr] { close(source) }
        switch killed {
        case .none: outcome = .ended(collector.output(collector.isOverLimit ? .outputTooLarge : .finished(termination)))
        case .timedOut?: outcome = .ended(collector.output(.timedOut))
        case .outputTooLarge?: outcome = .ended(collector.output(.outputTooLarge))
        case .cancelled?: outcome = .cancelled
        case .failed(let error)?: outcome = .failed(error)
        }
    }

    private func close(_ source: Source) {
        let descriptor: Int32
        switch source {
        case .exit: (descriptor, exitDescriptor) = (exitDescriptor, -1)
        case .stdout: (descriptor, stdout) = (stdout, -1)
        case .stderr: (descriptor, stderr) = (stderr, -1)
        case .stdin: (descriptor, input) = (input?.descriptor ?? -1, nil)
        }
        guard descriptor >= 0 else { return }
        epoll.remove(descriptor)
        FunctionDescriptors.close(descriptor)
    }
}
