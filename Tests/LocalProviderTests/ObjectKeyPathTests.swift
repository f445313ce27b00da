import CloudKitModel
@testable import LocalProvider
import XCTest

/// The key → file mapping: injective, readable, and within file-name limits.
final class ObjectKeyPathTests: XCTestCase {
    func location(_ key: String) throws -> String {
        let path = try ObjectKeyPath(key: key)
        return (path.folderPath.isEmpty ? "" : path.folderPath + "/") + path.recordName
    }

    func testOrdinaryKeysMapToReadableFolders() throws {
        XCTAssertEqual(try location("photos/2024/a b.jpg"), "photos.d/2024.d/a b.jpg.meta")
        XCTAssertEqual(try location("dir/"), "dir.d/%.meta")
        XCTAssertEqual(try location(".hidden"), "%2Ehidden.meta")
    }

    func testLookalikeKeysNeverShareAFile() throws {
        let keys = [
            "a", "a/", "a/b", "a//b", "a/b/", "%", "%25", "x.d", "x.d/y", "x/y", ".a", "%2Ea", "a.meta", "a%2Fb", "a\u{1}", "a%01",
            "A", String(repeating: "k", count: 300), String(repeating: "k", count: 301), "p/" + String(repeating: "q", count: 300),
        ]
        var seen: [String: String] = [:]
        for key in keys {
            let place = try location(key)
            XCTAssertNil(seen[place], "\(key) and \(seen[place] ?? "") share \(place)")
            seen[place] = key
        }
    }

    func testSegmentCodingRoundTrips() {
        for segment in ["plain", "%", ".dot", "spa ce", "ü", "tab\there", "100%", "日本語", "a.b.c", "del\u{7F}"] {
            let stem = KeySegmentCoding.encode(Substring(segment))
            XCTAssertEqual(KeySegmentCoding.decode(Substring(stem)), segment, stem)
        }
        XCTAssertEqual(KeySegmentCoding.decode("%"), "")
    }

    func testNonCanonicalNamesDoNotDecode() {
        // Also names holding what `encode` would have escaped, raw: a control character, a slash; and no name at all.
        for stem in ["%41", "%2e", ".x", "%zz", "%2", "%%abc", "a%2Fb", "a\u{1}b", "tab\there", "del\u{7F}", "a/b", "", "."] {
            XCTAssertNil(KeySegmentCoding.decode(Substring(stem)), stem)
        }
    }

    func testLongSegmentsGetAHashedLeafInTheDeepestFolder() throws {
        let long = String(repeating: "x", count: 250)
        let path = try ObjectKeyPath(key: "top/\(long)/end")
        XCTAssertEqual(path.folders, ["top"])
        XCTAssertTrue(path.isHashed)
        XCTAssertEqual(path.leaf.count, 2 + 64)
        XCTAssertEqual(try ObjectKeyPath(key: "top/\(long)/end").leaf, path.leaf, "the mapping is deterministic")
        XCTAssertNotEqual(try ObjectKeyPath(key: "top/\(long)/end2").leaf, path.leaf)
    }

    func testEveryFileNameFitsIn255BytesAndPathsStayBounded() throws {
        let keys = [
            String(repeating: "é", count: 512), String(repeating: "%", count: 1024), String(repeating: "a/", count: 512),
            String(repeating: "%/", count: 512), String(repeating: "\u{1}", count: 1024), String(repeating: "ab/", count: 341),
        ]
        for key in keys {
            let path = try ObjectKeyPath(key: key)
            for name in path.folders.map({ $0 + ".d" }) + [path.recordName, path.newBlobName()] {
                XCTAssertLessThanOrEqual(name.utf8.count, 255, key)
            }
            XCTAssertLessThanOrEqual(path.folderPath.utf8.count, ObjectKeyPath.folderBudgetBytes)
        }
    }

    func testInvalidKeysHaveNoPath() {
        for key in ["", "/a", "a/../b", "a\u{0}"] {
            XCTAssertThrowsError(try ObjectKeyPath(key: key), key)
        }
    }
}
