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

    /// Decodes %XX escapes (and leaves malformed ones as they are); with
    /// `plusAsSpace`, a `+` is a space (form encoding, S3's `encoding-type=url`).
    /// Text with neither comes back as it is, with no copy.
    public static func decode(_ text: String, plusAsSpace: Bool = false) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }) else { return text }
        var bytes = [UInt8]()
        bytes.reserveCapacity(text.utf8.count)
        let input = Array(text.utf8)
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "%"), index + 2 < input.count, let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2]) {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(plusAsSpace && input[index] == UInt8(ascii: "+") ? UInt8(ascii: " ") : input[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The value of a hex digit (either case), or nil.
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
