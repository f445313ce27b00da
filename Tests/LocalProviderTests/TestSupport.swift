import CloudKitModel
import CloudKitTestSupport
import Foundation
@testable import LocalProvider
import XCTest

/// A fresh root folder per test, removed afterwards.
class LocalStoreTestCase: XCTestCase {
    private(set) var rootPath = ""

    override func setUpWithError() throws {
        rootPath = TestFolders.path("cloudkit-local")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: rootPath)
    }

    /// A store on this test's root.
    func makeStore() throws -> LocalObjectStore {
        try LocalObjectStore(root: LocalRoot(path: rootPath))
    }

    /// A store with `bucket` created.
    func makeStore(bucket: String) async throws -> LocalObjectStore {
        let store = try makeStore()
        try await store.createBucket(bucket)
        return store
    }

    @discardableResult
    func put(_ store: LocalObjectStore, _ bucket: String, _ key: String, _ text: String = "x") async throws(CloudError) -> ObjectInfo {
        try await store.putObject(PutObjectRequest(bucket: bucket, key: key, body: .bytes(Data(text.utf8))))
    }

    func text(_ store: LocalObjectStore, _ bucket: String, _ key: String) async throws(CloudError) -> String? {
        let result = try await store.getObject(GetObjectRequest(bucket: bucket, key: key))
        return result.data.map { String(decoding: $0, as: UTF8.self) }
    }

    /// Every file (not folder) below `path`, relative to it.
    func files(under path: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: path)
        var result: [String] = []
        while let entry = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: "\(path)/\(entry)", isDirectory: &isFolder), !isFolder.boolValue {
                result.append(entry)
            }
        }
        return result.sorted()
    }

    /// Every folder below `path`, relative to it.
    func folders(under path: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: path)
        var result: [String] = []
        while let entry = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: "\(path)/\(entry)", isDirectory: &isFolder), isFolder.boolValue {
                result.append(entry)
            }
        }
        return result.sorted()
    }
}

/// Asserts that `body` fails with `kind` (and `code`, when given).
func assertFails<T>(
    _ kind: CloudErrorKind, code: String? = nil, _ message: String = "", file: StaticString = #filePath, line: UInt = #line,
    _ body: () async throws(CloudError) -> T
) async {
    do {
        _ = try await body()
        XCTFail("expected a \(kind) error, got success. \(message)", file: file, line: line)
    } catch {
        XCTAssertEqual(error.kind, kind, "\(error) \(message)", file: file, line: line)
        if let code { XCTAssertEqual(error.code, code, "\(error) \(message)", file: file, line: line) }
    }
}

/// The kind of error `body` throws, or nil when it succeeds.
func failureKind(_ body: () throws(CloudError) -> Void) -> CloudErrorKind? {
    do {
        try body()
        return nil
    } catch {
        return error.kind
    }
}

/// The byte at `offset` of the deterministic test pattern.
func patternByte(_ offset: Int64) -> UInt8 {
    UInt8(truncatingIfNeeded: (offset &* 31) ^ (offset >> 13))
}

/// `count` bytes of the test pattern.
func pattern(_ count: Int) -> Data {
    Data((0..<count).map { patternByte(Int64($0)) })
}
