/// The last bytes of a function's stderr: everything up to `capacity`,
/// then only the most recent `capacity` bytes (with a note that some were
/// dropped), so a chatty function cannot exhaust memory.
struct FunctionLogTail: Sendable {
    /// The most bytes kept.
    let capacity: Int
    private var storage: [UInt8] = []
    /// True once bytes had to be dropped from the front.
    private(set) var truncated = false

    /// An empty tail keeping at most `capacity` bytes.
    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Appends bytes, dropping the oldest past the capacity (in amortized batches).
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        storage.append(contentsOf: bytes)
        if storage.count > 2 * capacity { dropExcess() }
    }

    /// The kept bytes (at most `capacity`).
    var bytes: [UInt8] {
        storage.count > capacity ? Array(storage.suffix(capacity)) : storage
    }

    /// The bytes without leading and trailing ASCII whitespace.
    var trimmedBytes: ArraySlice<UInt8> {
        let kept = bytes
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x0B || $0 == 0x0C }
        guard let first = kept.firstIndex(where: { !isSpace($0) }), let last = kept.lastIndex(where: { !isSpace($0) }) else { return [] }
        return kept[first...last]
    }

    /// The last `count` bytes as text, starting at a character boundary
    /// (invalid UTF-8 is repaired).
    func lastText(_ count: Int) -> String {
        var slice = storage.suffix(count)
        // Skip the continuation bytes of a character cut in half.
        var skipped = 0
        while skipped < 3, let first = slice.first, first & 0xC0 == 0x80 {
            slice = slice.dropFirst()
            skipped += 1
        }
        return String(decoding: slice, as: UTF8.self)
    }

    private mutating func dropExcess() {
        storage.removeFirst(storage.count - capacity)
        truncated = true
    }

    /// True when some bytes were dropped or are about to be.
    var isIncomplete: Bool { truncated || storage.count > capacity }
}
