import CloudKitModel
import CloudKitProviderSupport

/// Runs the host's callbacks of one transfer — its body writer or reader
/// and its progress handler — off the transport's loop thread.
///
/// The loop thread drives every transfer of a client, so it must never wait
/// for the host; host code may block as long as it likes (a C host writing
/// to a full pipe, a Swift consumer applying backpressure). Jobs posted here
/// run one at a time, in the order posted, on `BlockingIO`'s `.transfers`
/// pool: a blocked callback holds one of that pool's threads and stalls only
/// its own transfer. A job that throws fails the lane: later jobs are
/// skipped and `onFailure` hears the error once (the transport aborts the
/// transfer with it).
///
/// `close` ends the lane: its last step runs after every job posted before
/// it has returned (or was skipped), so no host callback ever runs after the
/// transfer's completion begins, as the ABI promises.
final class HostLane: Sendable {
    typealias Job = @Sendable () throws(CloudError) -> Void

    private enum Step {
        case run(Job)
        case last(@Sendable (CloudError?) -> Void, CloudError?)
        case idle
    }

    private struct State {
        /// Queued jobs from `next` on; taken ones are set to nil and dropped in bulk.
        var jobs: [Job?] = []
        var next = 0
        var running = false
        var failure: CloudError?
        var discarding = false
        var last: (@Sendable (CloudError?) -> Void)?
        var closed = false
    }

    private let state = Locked(State())
    private let onFailure: @Sendable (CloudError) -> Void

    /// A lane whose first failing job's error goes to `onFailure` (from the job's thread).
    init(onFailure: @escaping @Sendable (CloudError) -> Void) {
        self.onFailure = onFailure
    }

    /// The error of the job that failed, once one has.
    var failure: CloudError? { state.withLock { $0.failure } }

    /// Queues `job` behind those already posted. Ignored once the lane is closed.
    func post(_ job: @escaping Job) {
        let startsRunner = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.jobs.append(job)
            guard !state.running else { return false }
            state.running = true
            return true
        }
        if startsRunner { BlockingIO.start(.transfers) { self.runJobs() } }
    }

    /// Ends the lane: `last` runs once the jobs posted so far are done —
    /// with `discarding`, those not yet started are skipped — and receives the
    /// first job error, if any. It runs on this thread when the lane is idle,
    /// else on the lane's thread. Call once.
    func close(discarding: Bool, then last: @escaping @Sendable (CloudError?) -> Void) {
        let runNow = state.withLock { state -> CloudError?? in
            state.closed = true
            if discarding { state.discarding = true }
            guard state.running else { return .some(state.failure) }
            state.last = last
            return .none
        }
        if case .some(let failure) = runNow { last(failure) }
    }

    private func runJobs() {
        while true {
            switch nextStep() {
            case .run(let job):
                do throws(CloudError) {
                    try job()
                } catch {
                    let first = state.withLock { state -> Bool in
                        guard state.failure == nil else { return false }
                        state.failure = error
                        return true
                    }
                    if first { onFailure(error) }
                }
            case .last(let last, let failure):
                last(failure)
                return
            case .idle:
                return
            }
        }
    }

    /// The next job to run, or the last step, or nothing (the runner stops).
    private func nextStep() -> Step {
        state.withLock { state -> Step in
            if state.failure != nil || state.discarding {
                state.jobs.removeAll()
                state.next = 0
            }
            if state.next < state.jobs.count, let job = state.jobs[state.next] {
                state.jobs[state.next] = nil
                state.next += 1
                if state.next == state.jobs.count {
                    state.jobs.removeAll(keepingCapacity: true)
                    state.next = 0
                } else if state.next >= 64 && state.next * 2 >= state.jobs.count {
                    state.jobs.removeFirst(state.next)
                    state.next = 0
                }
                return .run(job)
            }
            state.running = false
            if let last = state.last {
                state.last = nil
                return .last(last, state.failure)
            }
            return .idle
        }
    }
}
