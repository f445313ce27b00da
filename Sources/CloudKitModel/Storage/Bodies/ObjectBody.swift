import Foundation

/// An object's bytes as they arrive, as an `AsyncSequence` of `Data` chunks
/// that throws only `CloudError` (from `ObjectStorage.getObjectBody`).
///
/// The provider's body writer (on a provider thread) hands each piece to a
/// pipe and blocks — that thread, never a Swift cooperative one — while
/// `bufferLimit` bytes wait for the consumer; the consumer suspends while
/// none wait. So memory stays near the limit (plus one piece: a provider's
/// piece always fits an empty buffer; small pieces are joined into chunks
/// of up to 64 KiB), however large the object and however slow the consumer.
///
/// Single pass: iterate it once. Cancelling the iterating task, calling
/// `cancel()`, or dropping the body and its iterators (breaking out of a
/// `for try await` loop) cancels the download in the provider; a later
/// `next()` throws `cancelled`. The download's failure (a network error, an
/// object replaced mid-read) is thrown by `next()` after the chunks that came.
public struct ObjectBody: AsyncSequence, Sendable {
    public typealias Element = Data
    public typealias Failure = CloudError

    /// Bytes that may wait for the consumer by default: 1 MiB.
    public static let defaultBufferLimit = 1 << 20

    let pipe: ChunkPipe
    private let owner: Owner

    init(pipe: ChunkPipe, onAbandon: @escaping @Sendable () -> Void) {
        self.pipe = pipe
        owner = Owner(pipe: pipe, onAbandon: onAbandon)
    }

    public func makeAsyncIterator() -> Iterator { Iterator(pipe: pipe, owner: owner) }

    /// Stops the download: the provider's call is cancelled and iteration throws `cancelled`.
    public func cancel() { owner.abandon() }

    public struct Iterator: AsyncIteratorProtocol {
        let pipe: ChunkPipe
        private let owner: Owner

        init(pipe: ChunkPipe, owner: Owner) {
            self.pipe = pipe
            self.owner = owner
        }

        /// The next chunk, suspended until it comes; nil after the last.
        public mutating func next() async throws(CloudError) -> Data? {
            try await Self.take(from: pipe, owner)
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async throws(CloudError) -> Data? {
            try await Self.take(from: pipe, owner)
        }

        /// A failed read (the download's error, or cancelled) abandons the download.
        private static func take(from pipe: ChunkPipe, _ owner: Owner) async throws(CloudError) -> Data? {
            do {
                return try await pipe.pop()
            } catch {
                owner.abandon()
                throw error
            }
        }
    }

    /// Shared by a body and its iterators: when the last of them goes, or
    /// on `cancel`, the pipe is abandoned and the download cancelled.
    final class Owner: Sendable {
        private let pipe: ChunkPipe
        private let onAbandon: Locked<(@Sendable () -> Void)?>

        init(pipe: ChunkPipe, onAbandon: @escaping @Sendable () -> Void) {
            self.pipe = pipe
            self.onAbandon = Locked(onAbandon)
        }

        func abandon() {
            pipe.abandon()
            let stop = onAbandon.withLock { stop -> (@Sendable () -> Void)? in
                defer { stop = nil }
                return stop
            }
            stop?()
        }

        deinit { abandon() }
    }
}
