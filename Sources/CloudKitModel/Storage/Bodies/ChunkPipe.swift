import Foundation

/// Chunks of bytes on their way from one producer to one consumer, with at
/// most `limit` bytes waiting between them (a chunk always fits when none
/// wait, so a producer's pieces need not be smaller than the limit).
///
/// Each side waits in one of two ways: a provider's thread blocks (it is the
/// provider's, never a Swift cooperative thread), a task suspends (holding
/// no thread). So one pipe carries a download from a provider's body writer
/// to an async consumer (`ObjectBody`), and an async sequence to a
/// provider's body reader (`AsyncBodyReader`). A waiter is woken when the
/// other side moves and then tries again.
///
/// The producer ends the pipe with `finish`; the consumer gets the chunks
/// still waiting, then the end (nil) or the producer's error. The consumer
/// gives up with `abandon`: waiting chunks are dropped and the producer's
/// next push fails with `cancelled`.
final class ChunkPipe: Sendable {
    /// Pieces smaller than this are joined to the chunk before them.
    static let joinSize = 64 << 10

    enum End: Sendable, Equatable {
        case finished
        case failed(CloudError)
    }

    private enum Waiter {
        case thread(DispatchSemaphore)
        case task(CheckedContinuation<Void, Never>)

        func wake() {
            switch self {
            case .thread(let semaphore): semaphore.signal()
            case .task(let continuation): continuation.resume()
            }
        }
    }

    /// The result of one try under the lock: done, or wait for the other side.
    private enum Attempt<T> {
        case done(Result<T, CloudError>)
        case wait
    }

    private struct State {
        var chunks: [Data] = []
        var head = 0
        var buffered = 0
        var peak = 0
        var end: End?
        /// The end was handed to the consumer (an error is thrown once).
        var endTaken = false
        var abandoned = false
        var producerWaiting: Waiter?
        var consumerWaiting: Waiter?
        var endWatchers: [CheckedContinuation<End, Never>] = []

        var hasChunk: Bool { head < chunks.count }

        mutating func append(_ piece: Data) {
            if hasChunk, let last = chunks.last, last.count + piece.count <= ChunkPipe.joinSize {
                chunks[chunks.count - 1].append(piece)
            } else {
                chunks.append(piece)
            }
            buffered += piece.count
            peak = max(peak, buffered)
        }

        mutating func removeFirst(upTo count: Int) -> Data {
            let first = chunks[head]
            guard first.count > count else {
                chunks[head] = Data()
                head += 1
                if head == chunks.count {
                    chunks.removeAll(keepingCapacity: true)
                    head = 0
                } else if head >= 32 && head * 2 >= chunks.count {
                    chunks.removeFirst(head)
                    head = 0
                }
                buffered -= first.count
                return first
            }
            let split = first.index(first.startIndex, offsetBy: count)
            chunks[head] = first[split...]
            buffered -= count
            return first[..<split]
        }

        mutating func dropAll() {
            chunks = []
            head = 0
            buffered = 0
        }
    }

    /// Bytes that may wait between the two sides.
    let limit: Int
    private let state = Locked(State())

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// The most bytes that have waited at once so far.
    var peakBufferedBytes: Int { state.withLock { $0.peak } }

    // MARK: Producer

    /// Queues `piece`, blocking the calling (provider) thread while the pipe is full.
    func pushBlocking(_ piece: Data) throws(CloudError) {
        try waitBlocking(\.producerWaiting) { state in self.tryPush(piece, &state) }
    }

    /// Queues `piece`, suspended while the pipe is full; cancelling the task abandons the pipe.
    func push(_ piece: Data) async throws(CloudError) {
        try await waitSuspending(\.producerWaiting) { state in self.tryPush(piece, &state) }
    }

    /// Ends the pipe: nil when every byte was pushed, else the error the consumer gets after the waiting chunks.
    func finish(_ error: CloudError?) {
        let (wake, watchers) = state.withLock { state -> (Waiter?, [CheckedContinuation<End, Never>]) in
            if state.end == nil { state.end = error.map { .failed($0) } ?? .finished }
            let wake = state.consumerWaiting
            state.consumerWaiting = nil
            let watchers = state.endWatchers
            state.endWatchers = []
            return (wake, watchers)
        }
        wake?.wake()
        for watcher in watchers { watcher.resume(returning: error.map { .failed($0) } ?? .finished) }
    }

    /// How the producer ended, once it has.
    func ended() async -> End {
        await withCheckedContinuation { continuation in
            let end = state.withLock { state -> End? in
                if state.end == nil { state.endWatchers.append(continuation) }
                return state.end
            }
            if let end { continuation.resume(returning: end) }
        }
    }

    private func tryPush(_ piece: Data, _ state: inout State) -> Attempt<Void> {
        if state.abandoned { return .done(.failure(CloudError(.cancelled, "the body's consumer stopped taking it"))) }
        guard state.buffered == 0 || state.buffered + piece.count <= limit else { return .wait }
        if !piece.isEmpty { state.append(piece) }
        return .done(.success(()))
    }

    // MARK: Consumer

    /// The next chunk (at most `maxCount` bytes), blocking the calling
    /// (provider) thread while none waits; nil at the end.
    func popBlocking(upTo maxCount: Int = .max) throws(CloudError) -> Data? {
        try waitBlocking(\.consumerWaiting) { state in self.tryPop(upTo: maxCount, &state) }
    }

    /// The next chunk, suspended while none waits; nil at the end. Cancelling the task abandons the pipe.
    func pop() async throws(CloudError) -> Data? {
        try await waitSuspending(\.consumerWaiting) { state in self.tryPop(upTo: .max, &state) }
    }

    /// Waits until a chunk or the end is there, without taking it; throws
    /// the producer's error when it ended with one before any chunk.
    func ready() async throws(CloudError) {
        try await waitSuspending(\.consumerWaiting) { state -> Attempt<Void> in
            if state.abandoned { return .done(.failure(Self.abandonedError)) }
            if state.hasChunk || state.end == .finished { return .done(.success(())) }
            if case .failed(let error) = state.end { return .done(.failure(error)) }
            return .wait
        }
    }

    /// The consumer gives up: waiting chunks are dropped, both sides are
    /// woken, and the producer's pushes fail with `cancelled` from now on.
    func abandon() {
        let wakes = state.withLock { state -> [Waiter] in
            guard !state.abandoned else { return [] }
            state.abandoned = true
            state.dropAll()
            let wakes = [state.producerWaiting, state.consumerWaiting].compactMap { $0 }
            state.producerWaiting = nil
            state.consumerWaiting = nil
            return wakes
        }
        for waiter in wakes { waiter.wake() }
    }

    private static let abandonedError = CloudError(.cancelled, "reading the body was cancelled")

    private func tryPop(upTo maxCount: Int, _ state: inout State) -> Attempt<Data?> {
        if state.abandoned { return .done(.failure(Self.abandonedError)) }
        if state.hasChunk { return .done(.success(state.removeFirst(upTo: max(1, maxCount)))) }
        switch state.end {
        case .none: return .wait
        case .finished: return .done(.success(nil))
        case .failed(let error):
            guard !state.endTaken else { return .done(.success(nil)) }
            state.endTaken = true
            return .done(.failure(error))
        }
    }

    // MARK: Waiting

    /// Tries `attempt` under the lock until it is done, blocking this thread
    /// between tries; a try that moves something wakes the other side.
    private func waitBlocking<T>(_ slot: WritableKeyPath<State, Waiter?>, _ attempt: (inout State) -> Attempt<T>) throws(CloudError) -> T {
        while true {
            let semaphore = DispatchSemaphore(value: 0)
            let (outcome, wake) = state.withLock { state in
                let outcome = attempt(&state)
                if case .wait = outcome { state[keyPath: slot] = .thread(semaphore) }
                return (outcome, Self.counterpart(after: outcome, of: slot, &state))
            }
            wake?.wake()
            guard case .done(let result) = outcome else {
                semaphore.wait()
                continue
            }
            return try result.get()
        }
    }

    /// As `waitBlocking`, suspended between tries; cancelling the task abandons the pipe.
    private func waitSuspending<T>(
        _ slot: WritableKeyPath<State, Waiter?>, _ attempt: (inout State) -> Attempt<T>
    ) async throws(CloudError) -> T {
        let result: Result<T, CloudError> = await withTaskCancellationHandler {
            while true {
                var outcome: Attempt<T> = .wait
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let wake: Waiter?
                    (outcome, wake) = state.withLock { state in
                        let outcome = attempt(&state)
                        if case .wait = outcome { state[keyPath: slot] = .task(continuation) }
                        return (outcome, Self.counterpart(after: outcome, of: slot, &state))
                    }
                    wake?.wake()
                    if case .done = outcome { continuation.resume() }
                }
                if case .done(let result) = outcome { return result }
            }
        } onCancel: {
            self.abandon()
        }
        return try result.get()
    }

    /// The other side's waiter, taken to be woken, when a try did something.
    private static func counterpart<T>(after outcome: Attempt<T>, of slot: WritableKeyPath<State, Waiter?>, _ state: inout State) -> Waiter? {
        guard case .done = outcome else { return nil }
        let other: WritableKeyPath<State, Waiter?> = slot == \State.producerWaiting ? \.consumerWaiting : \.producerWaiting
        let waiter = state[keyPath: other]
        state[keyPath: other] = nil
        return waiter
    }
}
