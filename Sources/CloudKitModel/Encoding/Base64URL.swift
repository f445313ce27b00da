import Foundation

/// Unpadded base64url (RFC 4648 §5), the alphabet of page tokens: `-` and
/// `_` for `+` and `/`, no `=`. Encoding maps Foundation's base64 byte by
/// byte (no string searches: a query's token is made for every page).
public enum Base64URL {
    /// `bytes` as unpadded base64url.
    public static func encode(_ bytes: some DataProtocol) -> String {
        let base64 = Data(bytes).base64EncodedData()
        var out: [UInt8] = []
        out.reserveCapacity(base64.count)
        for byte in base64 {
            switch byte {
            case UInt8(ascii: "+"): out.append(UInt8(ascii: "-"))
            case UInt8(ascii: "/"): out.append(UInt8(ascii: "_"))
            case UInt8(ascii: "="): continue
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of `text` when it is non-empty, unpadded base64url made of
    /// the URL alphabet only (the form page tokens are issued in); nil otherwise.
    public static func decodeUnpadded(_ text: some StringProtocol) -> Data? {
        guard !text.isEmpty, text.utf8.allSatisfy(isAlphabet) else { return nil }
        return decode(text)
    }

    private static func isAlphabet(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default: false
        }
    }

    /// The bytes of unpadded (or padded) base64url `text`; nil when it is not
    /// base64url (a byte outside the alphabet, a bad length or padding).
    public static func decode(_ text: some StringProtocol) -> Data? {
        var base64: [UInt8] = []
        base64.reserveCapacity(text.utf8.count + 3)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "-"): base64.append(UInt8(ascii: "+"))
            case UInt8(ascii: "_"): base64.append(UInt8(ascii: "/"))
            case UInt8(ascii: "+"), UInt8(ascii: "/"): return nil
            default: base64.append(byte)
            }
        }
        if let firstPad = base64.firstIndex(of: UInt8(ascii: "=")) {
            // Padding only at the end, and only to a whole quantum.
            guard base64[firstPad...].allSatisfy({ $0 == UInt8(ascii: "=") }), base64.count % 4 == 0 else { return nil }
        } else {
            base64 += repeatElement(UInt8(ascii: "="), count: (4 - base64.count % 4) % 4)
        }
        return Data(base64Encoded: Data(base64))
    }
}
