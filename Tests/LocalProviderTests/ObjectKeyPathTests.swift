import CloudKitModel
@testable import LocalProvider
import XCTest

/// Key validation and the key → path mapping of the local provider.
final class ObjectKeyPathTests: XCTestCase {
    func kind(_ key: String) -> CloudErrorKind? {
        do {
            _ = try ObjectKeyPath(key: key)
            return nil
        } catch {
            return error.kind
        }
    }

    func testTraversalAndAbsoluteKeysAreRejected() {
        for key in ["..", "../etc/passwd", "a/../b", "a/..", ".", "./a", "a/./b", "/absolute", "/"] {
            XCTAssertEqual(kind(key), .invalidArgument, key)
        }
    }

    func testEmptyOverlongAndNulKeysAreRejected() {
        XCTAssertEqual(kind(""), .invalidArgument)
        XCTAssertEqual(kind(String(repeating: "a/", count: 513)), .invalidArgument)
        XCTAssertEqual(kind("a\u{0}b"), .invalidArgument)
        XCTAssertEqual(kind(String(repeating: "x", count: 230)), .invalidArgument)
    }

    func testOrdinaryUnusualKeysAreAccepted() {
        for key in ["a", "a b/c d.txt", "ünï/日本語", "dir/", "a//b", "..a", "a..", "%41", ".hidden", "x.d", "x.meta", "y.object"] {
            XCTAssertNil(kind(key), key)
        }
    }

    func testMappingIsInjectiveForLookalikeKeys() throws {
        let keys = ["a", "a/", "a/b", "a//b", "%", "%25", "", "x.d", "x.d/y", "x/y", ".a", "%2Ea", "a.meta", "b%2F"].filter { !$0.isEmpty }
        var paths = Set<String>()
        for key in keys {
            XCTAssertTrue(paths.insert(try ObjectKeyPath(key: key).metaPath).inserted, "collision for \(key)")
        }
    }

    func testEncodingRoundTripsThroughDecode() {
        for segment in ["", "plain", "%", ".dot", "spa ce", "ü", "tab\there", "100%"] {
            XCTAssertEqual(ObjectKeyPath.decode(ObjectKeyPath.encode(segment)), segment)
        }
    }

    func testBucketNamesFollowS3Rules() {
        for good in ["abc", "my-bucket.data", "a1b", String(repeating: "a", count: 63)] {
            XCTAssertNoThrow(try StorageNames.validateBucket(good), good)
        }
        for bad in ["ab", "Abc", "under_score", "-start", "end-", "a..b", "192.168.1.1", String(repeating: "a", count: 64), "sp ace"] {
            XCTAssertThrowsError(try StorageNames.validateBucket(bad), bad) { error in
                XCTAssertEqual((error as? CloudError)?.code, "InvalidBucketName")
            }
        }
    }
}
