import Foundation
@testable import LocalProvider
import XCTest

/// The UUIDs of file names are made and recognised exactly as Foundation's `UUID` would.
final class UUIDTextTests: XCTestCase {
    func testFileNameUUIDsHaveFoundationsShape() {
        for _ in 0..<100 {
            let text = UUIDText.random()
            XCTAssertEqual(UUID(uuidString: text)?.uuidString, text)
            XCTAssertTrue(UUIDText.isUUID(Substring(text)))
            XCTAssertTrue(UUIDText.isUUID(Substring(text.lowercased())))
            XCTAssertEqual(Array(text)[14], "4")
        }
        for text in ["", "x", "00000000-0000-0000-0000-00000000000", "00000000-0000-0000-0000-0000000000000", "00000000_0000-0000-0000-000000000000",
                     "0000000g-0000-0000-0000-000000000000", "00000000-0000-0000-0000-00000000000é"] {
            XCTAssertEqual(UUIDText.isUUID(Substring(text)), UUID(uuidString: text) != nil, text)
        }
    }
}
