/// The UUIDs in the local provider's file names (`<leaf>.<uuid>.object`,
/// temporary files): made from the system's random generator in one call,
/// and recognised by their shape, without Foundation's `UUID` (which reads
/// `/dev/urandom` through three system calls to make one, and `sscanf`s to
/// parse one) on every put and get.
enum UUIDText {
    /// A random (version 4) UUID in `UUID().uuidString`'s form: upper-case
    /// hex, grouped 8-4-4-4-12.
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<2).flatMap { _ in withUnsafeBytes(of: generator.next() as UInt64) { Array($0) } }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let digits = Array("0123456789ABCDEF".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// True for what `UUID(uuidString:)` accepts: 36 characters, hyphens at
    /// offsets 8, 13, 18 and 23 and hex digits (either case) elsewhere.
    static func isUUID(_ text: Substring) -> Bool {
        var count = 0
        for byte in text.utf8 {
            let isHyphen = count == 8 || count == 13 || count == 18 || count == 23
            let isHex = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
            guard isHyphen ? byte == UInt8(ascii: "-") : isHex else { return false }
            count += 1
            if count > 36 { return false }
        }
        return count == 36
    }
}
