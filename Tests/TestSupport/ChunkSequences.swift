import CloudKitModel
import Foundation

/// `data` in pieces of `piece` bytes, made as they are asked for: an async
/// sequence body for tests.
public struct DataPieces: AsyncSequence, Sendable {
    public typealias Element = Data
    public let data: Data
    public let piece: Int

    public init(_ data: Data, piece: Int) {
        self.data = data
        self.piece = Swift.max(1, piece)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let data: Data
        let piece: Int
        var offset = 0

        public mutating func next() async -> Data? {
            guard offset < data.count else { return nil }
            let end = Swift.min(data.count, offset + piece)
            defer { offset = end }
            return data.subdata(in: offset..<end)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(data: data, piece: piece) }
}

/// An async sequence that throws `invalid argument`, code `SequenceBroke`, at once.
public struct BrokenChunks: AsyncSequence, Sendable {
    public typealias Element = Data

    public init() {}

    public struct AsyncIterator: AsyncIteratorProtocol {
        public mutating func next() async throws -> Data? {
            throw CloudError(.invalidArgument, "broken on purpose", code: "SequenceBroke")
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator() }
}
