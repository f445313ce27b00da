import CloudKitModel
@testable import LocalProvider
import XCTest

/// Which object keys the local provider accepts.
final class ObjectKeyValidatorTests: XCTestCase {
    func kind(_ key: String) -> CloudErrorKind? {
        failureKind { () throws(CloudError) in try ObjectKeyValidator.validate(key) }
    }

    func testOrdinaryAndUnusualKeysAreAccepted() {
        let keys = [
            "a", "a/b", "dir/", "a//b", "a b/c d.txt", "ünïcödé/日本語.txt", "emoji 🚀", "%41", "100%", ".hidden", "a/.hidden",
            "..a", "a..", "a/...", "x.d", "x.meta", "y.object", "tab\there", "plus+and&amp=?.txt", "trailing/slash/",
        ]
        for key in keys {
            XCTAssertNil(kind(key), key)
        }
    }

    func testKeysOfExactly1024BytesAreAccepted() {
        XCTAssertNil(kind(String(repeating: "k", count: 1024)))
        XCTAssertNil(kind(String(repeating: "é", count: 512)))  // 2 bytes each
    }

    func testEmptyKeyIsRejected() {
        XCTAssertEqual(kind(""), .invalidArgument)
    }

    func testKeysLongerThan1024BytesAreRejectedWithS3Code() {
        XCTAssertThrowsError(try ObjectKeyValidator.validate(String(repeating: "k", count: 1025))) { error in
            XCTAssertEqual((error as? CloudError)?.kind, .invalidArgument)
            XCTAssertEqual((error as? CloudError)?.code, "KeyTooLongError")
        }
        XCTAssertEqual(kind(String(repeating: "é", count: 513)), .invalidArgument, "1026 bytes in 513 characters")
    }

    func testNulByteIsRejected() {
        XCTAssertEqual(kind("a\u{0}b"), .invalidArgument)
    }

    func testDotAndDotDotSegmentsAreRejected() {
        for key in ["..", "../etc/passwd", "a/../b", "a/..", ".", "./a", "a/./b", "a/.", "a/b/../../c"] {
            XCTAssertEqual(kind(key), .invalidArgument, key)
        }
    }

    func testAbsoluteKeysAreRejected() {
        for key in ["/", "/absolute", "/a/b", "//a"] {
            XCTAssertEqual(kind(key), .invalidArgument, key)
        }
    }
}
