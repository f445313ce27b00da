import Foundation

extension BodyReader {
    /// A reader that hands out `data` in order, at most `chunk` bytes a call, then 0.
    public static func over(_ data: Data, chunk: Int = .max) -> BodyReader {
        let offset = Locked(0)
        return BodyReader { buffer in
            let range: Range<Int> = offset.withLock { offset in
                let start = offset
                offset = min(data.count, start + min(buffer.count, chunk))
                return start..<offset
            }
            data.copyBytes(to: buffer.bindMemory(to: UInt8.self), from: range)
            return range.count
        }
    }
}
