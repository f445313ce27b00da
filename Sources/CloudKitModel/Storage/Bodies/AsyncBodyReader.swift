import Foundation

/// Feeds an upload from an `AsyncSequence` of byte chunks (`Data`,
/// `[UInt8]`, any `DataProtocol`) in bounded memory: a task iterates the
/// sequence and pushes each chunk into a pipe, suspended while
/// `bufferLimit` bytes wait; the provider's body reader — called on a
/// provider thread, which may block, never on a Swift cooperative thread —
/// takes from the pipe, blocking while it is empty.
///
/// The task starts at the provider's first read, and stops when the
/// sequence ends or throws, on `cancel()`, or when the reader is released
/// with the request. The sequence must bring exactly `length` bytes: fewer
/// or more fail the upload with `invalid argument` (`IncompleteBody`). An
/// error the sequence throws fails the upload (through the C ABI, as
/// `cancelled`; `failure` keeps the original).
///
/// A read waiting for the sequence's next chunk returns only when the
/// sequence yields, ends or throws, or on `cancel()`: to have cancelling
/// the put's task stop a stalled sequence at once, call `cancel()` from a
/// cancellation handler (`withTaskCancellationHandler`).
public final class AsyncBodyReader: Sendable {
    /// Bytes that may wait for the provider by default: 1 MiB.
    public static let defaultBufferLimit = 1 << 20

    /// The exact number of bytes the sequence brings.
    public let length: Int64
    private let pipe: ChunkPipe
    private let start: @Sendable (ChunkPipe) -> Task<Void, Never>
    private let pump = Locked<Task<Void, Never>?>(nil)
    private let stopped = Locked(false)
    private let sequenceFailure = Locked<CloudError?>(nil)

    public init<Chunks: AsyncSequence & Sendable>(
        _ chunks: Chunks, length: Int64, bufferLimit: Int = AsyncBodyReader.defaultBufferLimit
    ) where Chunks.Element: DataProtocol {
        self.length = length
        pipe = ChunkPipe(limit: bufferLimit)
        let failure = sequenceFailure
        start = { pipe in
            Task {
                var chunkIterator = chunks.makeAsyncIterator()
                while true {
                    let chunk: Chunks.Element?
                    do {
                        chunk = try await chunkIterator.next()
                    } catch {
                        let failed = error as? CloudError ?? CloudError(.cancelled, "the body sequence failed: \(error)")
                        failure.withLock { $0 = failed }
                        pipe.finish(failed)
                        return
                    }
                    guard let chunk else {
                        pipe.finish(nil)
                        return
                    }
                    // Fails only once the reader side is gone: nothing more to do.
                    do { try await pipe.push(Data(chunk)) } catch { return }
                }
            }
        }
    }

    deinit { cancel() }

    /// The body to put: a stream of `length` bytes pulled through this reader.
    public var body: BodySource {
        .stream(length: length, reader: BodyReader { buffer in try self.read(into: buffer) })
    }

    /// The error the sequence threw, if it did (a `CloudError` it threw is kept as it was).
    public var failure: CloudError? { sequenceFailure.withLock { $0 } }

    /// Stops iterating the sequence; a read in progress or later fails with `cancelled`.
    public func cancel() {
        stopped.withLock { $0 = true }
        pipe.finish(CloudError(.cancelled, "the upload's body sequence was cancelled"))
        pump.withLock { $0 }?.cancel()
    }

    /// The most bytes that have waited for the provider at once so far.
    var peakBufferedBytes: Int { pipe.peakBufferedBytes }

    /// Called by the provider on its thread: copies the next bytes into `buffer`, blocking until they come.
    private func read(into buffer: UnsafeMutableRawBufferPointer) throws(CloudError) -> Int {
        startPump()
        guard let chunk = try pipe.popBlocking(upTo: buffer.count) else { return 0 }
        return chunk.copyBytes(to: buffer.bindMemory(to: UInt8.self))
    }

    private func startPump() {
        let pipe = pipe
        let start = start
        let stopped = stopped
        pump.withLock { pump in
            guard pump == nil, !stopped.withLock({ $0 }) else { return }
            pump = start(pipe)
        }
    }
}
