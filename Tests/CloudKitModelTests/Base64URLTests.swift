import CloudKitModel
import Foundation
import Testing

/// Unpadded base64url, the alphabet of page tokens.
@Suite("Base64URL")
struct Base64URLTests {
    @Test("RFC 4648's vectors, in the URL alphabet and unpadded, and back")
    func vectors() {
        let vectors = ["": "", "f": "Zg", "fo": "Zm8", "foo": "Zm9v", "foob": "Zm9vYg", "fooba": "Zm9vYmE", "foobar": "Zm9vYmFy"]
        for (plain, encoded) in vectors {
            #expect(Base64URL.encode(Data(plain.utf8)) == encoded)
            #expect(Base64URL.decode(encoded) == Data(plain.utf8))
        }
        // Bytes whose standard base64 has '+' and '/'.
        let bytes = Data([0xFB, 0xFF, 0xBF, 0xFE])
        #expect(Base64URL.encode(bytes) == "-_-__g")
        #expect(Base64URL.decode("-_-__g") == bytes)
        #expect(Base64URL.decode("-_-__g==") == bytes, "padding to a whole quantum is accepted")
    }

    @Test("every byte string round-trips")
    func roundTrip() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<64 {
            let bytes = Data((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) })
            let encoded = Base64URL.encode(bytes)
            #expect(!encoded.contains("=") && !encoded.contains("+") && !encoded.contains("/"))
            #expect(Base64URL.decode(encoded) == bytes)
        }
    }

    @Test("the standard alphabet's '+' and '/', bad padding and stray bytes are refused")
    func refused() {
        for text in ["+_8", "/w", "Zg=a", "Zg=", "Z", "Zm9v!", "Zm 9v"] {
            #expect(Base64URL.decode(text) == nil, "\(text)")
        }
    }

    @Test("decodeUnpadded takes only non-empty, unpadded text in the URL alphabet")
    func unpadded() {
        #expect(Base64URL.decodeUnpadded("Zm9vYg") == Data("foob".utf8))
        #expect(Base64URL.decodeUnpadded("-_-__g") == Data([0xFB, 0xFF, 0xBF, 0xFE]))
        for text in ["", "Zm9vYg==", "Zm9v Yg", "Zm9vYé", "+_8"] {
            #expect(Base64URL.decodeUnpadded(text) == nil, "\(text)")
        }
    }

    @Test("a page token is base64url of its key's JSON and decodes to the key")
    func pageToken() throws {
        let key: KVItem = ["pk": .string("p?>"), "n": .number(try KVNumber("12"))]
        let token = KVPageToken.encode(key)
        #expect(Base64URL.decode(token) == Data(KVJSON.text(key).utf8))
        #expect(try KVPageToken.decode(token) == key)
        #expect(throws: CloudError.self) { try KVPageToken.decode("not a token") }
    }
}
