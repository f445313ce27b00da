import CloudKitModel
import Foundation

extension BodyReader {
    /// A reader that hands out `data` in order, at most `chunk` bytes a call,
    /// then 0: a stream body for tests.
    public static func over(_ data: Data, chunk: Int = .max) -> BodyReader {
        let offset = LockedCounter()
        return BodyReader { buffer in
            let start = offset.take(min(buffer.count, chunk), limit: data.count)
            let count = min(buffer.count, chunk, data.count - start)
            data.copyBytes(to: buffer.bindMemory(to: UInt8.self), from: start..<(start + count))
            return count
        }
    }
}
