@testable import AWSAuth
import AWSHTTP
import Foundation
import Synchronization
import Testing

/// The signer's signing keys, cached per secret, day, region and service;
/// and the HMAC the keys come from.
@Suite("SigV4 signing keys")
struct SigningKeyCacheTests {
    static let scope = SigningKeyCache.Scope(secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", day: "20150830", region: "us-east-1", service: "iam")

    @Test("one derivation per scope: the same key for the same day, a new one for another day, region, service or secret")
    func perScope() {
        let cache = SigningKeyCache()
        let derived = Atomic<Int>(0)
        func key(_ scope: SigningKeyCache.Scope) -> [UInt8] {
            cache.key(for: scope) { scope in
                derived.add(1, ordering: .relaxed)
                return SigV4Signer.signingKey(scope)
            }.bytes
        }
        let first = key(Self.scope)
        #expect(key(Self.scope) == first)
        #expect(derived.load(ordering: .relaxed) == 1)
        var others: [SigningKeyCache.Scope] = []
        for change in [\SigningKeyCache.Scope.day, \.region, \.service, \.secret] {
            var other = Self.scope
            other[keyPath: change] += "x"
            others.append(other)
        }
        for other in others {
            #expect(key(other) == SigV4Signer.signingKey(other))
            #expect(key(other) != first)
        }
        #expect(derived.load(ordering: .relaxed) == 5)
        #expect(key(Self.scope) == first)
        #expect(derived.load(ordering: .relaxed) == 5)
    }

    @Test("the suite's signing key (the AWS documentation's example)")
    func documentedKey() {
        #expect(Digest.hex(SigV4Signer.signingKey(Self.scope)) == "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9")
    }

    @Test("a full cache starts again instead of growing")
    func bounded() {
        let cache = SigningKeyCache(capacity: 3)
        for day in 1...10 {
            var scope = Self.scope
            scope.day = "201508\(day)"
            _ = cache.key(for: scope, derive: SigV4Signer.signingKey)
        }
        #expect(cache.count <= 3)
    }

    @Test("one signer across days signs as a fresh signer does each day")
    func acrossDays() {
        let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: Self.scope.secret, source: "test")
        let request = SignableRequest(method: "GET", path: "/", headers: [HTTPHeader("Host", "example.amazonaws.com")])
        let signer = SigV4Signer(region: "us-east-1", service: "service")
        for seconds in [1_440_938_160.0, 1_441_024_560, 1_440_938_170, 1_441_110_960] {
            let date = Date(timeIntervalSince1970: seconds)
            let fresh = SigV4Signer(region: "us-east-1", service: "service")
                .sign(request, payload: .hash(Digest.emptySHA256), credentials: credentials, date: date)
            #expect(signer.sign(request, payload: .hash(Digest.emptySHA256), credentials: credentials, date: date).signature == fresh.signature)
        }
    }

    @Test("the timestamp is made once a second: the same within a second, the right one for any other")
    func timestamps() {
        let signer = SigV4Signer(region: "us-east-1", service: "s3")
        for seconds in [1_440_938_160.25, 1_440_938_160.75, 1_440_938_161.0, 1_440_938_160.5, 1_441_024_560, -0.5] {
            let date = Date(timeIntervalSince1970: seconds)
            let stamp = signer.timestamp(date)
            let fresh = SigV4Signer.Timestamp(date, region: "us-east-1", service: "s3")
            #expect(stamp.full == fresh.full && stamp.day == fresh.day && stamp.scope == fresh.scope, "\(seconds)")
        }
        #expect(signer.timestamp(Date(timeIntervalSince1970: 1_440_938_160.1)).full == "20150830T123600Z")
    }

    @Test("HMAC-SHA256 gives RFC 4231's results, short and longer-than-a-block keys")
    func hmacVectors() {
        #expect(Digest.hex(Digest.hmacSHA256(key: Array("Jefe".utf8), Array("what do ya want for nothing?".utf8)))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(Digest.hmacSHA256Hex(key: [UInt8](repeating: 0xAA, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))
            == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
        #expect(Digest.hex(Digest.hmacSHA256(key: [UInt8](repeating: 0x0B, count: 20), Array("Hi There".utf8)))
            == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    @Test("a key's precomputed HMAC gives the full HMAC's bytes, for keys shorter than, as long as and longer than a block, from many threads at once")
    func precomputedHMAC() async {
        for keyLength in [0, 1, 32, 64, 65, 200] {
            let key = HMACKey((0..<keyLength).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) })
            for dataLength in [0, 1, 55, 56, 64, 120, 1000] {
                let data = (0..<dataLength).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 1) }
                #expect(key.hex(data) == Digest.hmacSHA256Hex(key: key.bytes, data), "key \(keyLength), data \(dataLength)")
            }
        }
        let shared = HMACKey(SigV4Signer.signingKey(Self.scope))
        let data = Array("AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\nf536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59".utf8)
        let expected = Digest.hmacSHA256Hex(key: shared.bytes, data)
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 { group.addTask { (0..<500).allSatisfy { _ in shared.hex(data) == expected } } }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: true, count: 8))
    }
}
