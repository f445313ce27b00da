/// Percent-encoding exactly as SigV4 defines it: unreserved characters
/// (A–Z a–z 0–9 - . _ ~) stay, every other UTF-8 byte becomes %XX (upper-case).
public enum URIEncoding {
    public static func encode(_ text: String, encodeSlash: Bool) -> String {
        // Most paths, names and values need no escape: the same string, no copy.
        if text.utf8.allSatisfy({ isUnreserved($0) || ($0 == UInt8(ascii: "/") && !encodeSlash) }) { return text }
        var result = [UInt8]()
        result.reserveCapacity(text.utf8.count)
        append(text.utf8, encodeSlash: encodeSlash, to: &result)
        return String(decoding: result, as: UTF8.self)
    }

    /// Appends the encoding of `bytes` to `result`.
    static func append(_ bytes: some Sequence<UInt8>, encodeSlash: Bool, to result: inout [UInt8]) {
        for byte in bytes {
            if isUnreserved(byte) || (byte == UInt8(ascii: "/") && !encodeSlash) {
                result.append(byte)
            } else {
                result.append(UInt8(ascii: "%"))
                result.append(hexDigit(byte >> 4))
                result.append(hexDigit(byte & 0x0F))
            }
        }
    }

    /// A–Z a–z 0–9 - . _ ~
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default: false
        }
    }

    /// The upper-case hex digit of `nibble` (0–15).
    static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10
    }

    /// Decodes %XX escapes (and leaves malformed ones as they are).
    public static func decode(_ text: String) -> String {
        var bytes = [UInt8]()
        let input = Array(text.utf8)
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "%"), index + 2 < input.count,
                let value = UInt8(String(decoding: input[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(input[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
