/// Turns one `/`-free segment of a key into a file-name stem and back,
/// injectively and canonically.
///
/// `%` becomes `%25`, a control character `%XX`, a leading `.` `%2E` (so no
/// stem is `.`/`..` or hidden), and the empty segment a lone `%`. Everything
/// else (spaces, Unicode) stays as it is, so the tree stays readable.
enum KeySegmentCoding {
    static func encode(_ segment: Substring) -> String {
        if segment.isEmpty { return "%" }
        var result = ""
        for (index, scalar) in segment.unicodeScalars.enumerated() {
            switch scalar {
            case "%": result += "%25"
            case "/": result += "%2F"
            case "." where index == 0: result += "%2E"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "%" + hexByte(UInt8(scalar.value))
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// The segment `stem` stands for, or nil when `stem` is not exactly what
    /// `encode` makes of some segment (a foreign file, a hashed name).
    static func decode(_ stem: Substring) -> String? {
        if stem == "%" { return "" }
        // Most stems are their segment as it is: nothing `encode` escapes in
        // them (no `%`, no control character, no leading `.`). Those need no
        // decoding and no check by encoding again (a listing decodes a name
        // per key).
        if let first = stem.utf8.first, first != UInt8(ascii: "."),
            !stem.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "/") || $0 < 0x20 || $0 == 0x7F }) {
            return String(stem)
        }
        var bytes: [UInt8] = []
        var iterator = stem.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        guard let segment = String(validating: bytes, as: UTF8.self), !segment.isEmpty, !segment.utf8.contains(UInt8(ascii: "/")),
            encode(Substring(segment)) == stem
        else { return nil }
        return segment
    }

    private static func hexByte(_ value: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(value >> 4)], digits[Int(value & 0x0F)]])
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
