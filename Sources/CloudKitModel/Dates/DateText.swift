/// The byte-level pieces the fixed date forms share (`AmzDate`, `HTTPDate`,
/// `ISO8601Date`): writing zero-padded numbers into a string's buffer, and
/// reading fixed-width digits from a reply's bytes.
enum DateText {
    /// Writes `value` as exactly `width` decimal digits at `index`, advancing it.
    static func write(_ value: Int, width: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at index: inout Int) {
        var rest = value
        var position = index + width - 1
        while position >= index {
            buffer[position] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
            position -= 1
        }
        index += width
    }

    /// Writes `bytes` at `index`, advancing it.
    static func write(_ bytes: StaticString, into buffer: UnsafeMutableBufferPointer<UInt8>, at index: inout Int) {
        bytes.withUTF8Buffer { source in
            for byte in source {
                buffer[index] = byte
                index += 1
            }
        }
    }

    /// Writes `yyyy-MM-dd`, or `yyyyMMdd` when `separated` is false.
    static func writeDate(_ time: UTCTime, separated: Bool, into buffer: UnsafeMutableBufferPointer<UInt8>, at index: inout Int) {
        writeFields((time.year, 4), time.month, time.day, separator: separated ? "-" : nil, into: buffer, at: &index)
    }

    /// Writes the time of day as `HH:mm:ss`, or `HHmmss` when `separated` is false.
    static func writeClock(_ time: UTCTime, separated: Bool, into buffer: UnsafeMutableBufferPointer<UInt8>, at index: inout Int) {
        writeFields((time.hour, 2), time.minute, time.second, separator: separated ? ":" : nil, into: buffer, at: &index)
    }

    /// Writes three numbers, the first `first.width` digits wide and the
    /// others two, with `separator` (if any) between them.
    static func writeFields(
        _ first: (value: Int, width: Int), _ second: Int, _ third: Int, separator: StaticString?, into buffer: UnsafeMutableBufferPointer<UInt8>,
        at index: inout Int
    ) {
        write(first.value, width: first.width, into: buffer, at: &index)
        if let separator { write(separator, into: buffer, at: &index) }
        write(second, width: 2, into: buffer, at: &index)
        if let separator { write(separator, into: buffer, at: &index) }
        write(third, width: 2, into: buffer, at: &index)
    }

    /// The `HH:mm:ss` at `index` (not checked against the clock's ranges), advancing past it.
    static func clock(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> (hour: Int, minute: Int, second: Int)? {
        guard let hour = digits(bytes, &index, width: 2), expect(UInt8(ascii: ":"), bytes, &index),
            let minute = digits(bytes, &index, width: 2), expect(UInt8(ascii: ":"), bytes, &index),
            let second = digits(bytes, &index, width: 2)
        else { return nil }
        return (hour, minute, second)
    }

    /// A string of at most `capacity` ASCII bytes written by `body`, which returns the count.
    static func string(capacity: Int, _ body: (UnsafeMutableBufferPointer<UInt8>) -> Int) -> String {
        String(unsafeUninitializedCapacity: capacity, initializingUTF8With: body)
    }

    /// The number in `width` decimal digits at `index`, advancing it; nil
    /// (and `index` unchanged) when they are not all digits or the text is too short.
    static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int, width: Int) -> Int? {
        guard index + width <= bytes.count else { return nil }
        var value = 0
        for position in index..<(index + width) {
            let digit = bytes[position] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        index += width
        return value
    }

    /// Whether `byte` is at `index`, advancing past it when it is.
    static func expect(_ byte: UInt8, _ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Runs `body` over the UTF-8 bytes of `text`, in place when it is a native string.
    static func withBytes<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var text = text
        return text.withUTF8(body)
    }
}
