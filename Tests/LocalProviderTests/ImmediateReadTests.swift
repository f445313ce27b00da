import CloudKitModel
import Foundation
@testable import LocalProvider
import XCTest

/// Gets and heads answered on the caller's thread (`ImmediateObjectReads`)
/// answer exactly what the usual path answers, or nothing — never a
/// different object, error or missing key — and leave every case that is not
/// plainly a success to the usual path.
final class ImmediateReadTests: LocalStoreTestCase {
    /// True where the kernel can open without waiting (`RESOLVE_CACHED`, Linux 5.12).
    var kernelCanTell: Bool {
        var name = utsname()
        uname(&name)
        let release = withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let numbers = release.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
        return numbers.count == 2 && (numbers[0], numbers[1]) >= (5, 12)
    }

    func testAHotObjectIsAnsweredAtOnceWithWhatTheUsualGetAnswers() async throws {
        let store = try await makeStore(bucket: "bkt")
        _ = try await store.putObject(PutObjectRequest(
            bucket: "bkt", key: "dir/k", body: .bytes(Data("hello world".utf8)), contentType: "text/plain", metadata: ["a": "1"]))
        let usual = try await store.getObject(GetObjectRequest(bucket: "bkt", key: "dir/k"))
        let immediate = store.getObjectImmediately(GetObjectRequest(bucket: "bkt", key: "dir/k"))
        if kernelCanTell { XCTAssertNotNil(immediate, "a just-written object is in memory") }
        if let immediate {
            let result = try immediate.get()
            XCTAssertEqual(result.data, usual.data)
            XCTAssertEqual(result.info, usual.info)
        }
        let head = try await store.headObject(bucket: "bkt", key: "dir/k")
        if let immediateHead = store.headObjectImmediately(bucket: "bkt", key: "dir/k") { XCTAssertEqual(try immediateHead.get(), head) }
    }

    func testRangesAndProgressAreTheUsualOnes() async throws {
        let store = try await makeStore(bucket: "bkt")
        try await put(store, "bkt", "k", "0123456789")
        for range in [ByteRange(start: 2, end: 4), ByteRange(start: 7, end: nil), ByteRange(start: 5, end: 100)] {
            let usual = try await store.getObject(GetObjectRequest(bucket: "bkt", key: "k", range: range))
            let reports = Locked<[Int64]>([])
            let request = GetObjectRequest(bucket: "bkt", key: "k", range: range, progress: { done, _ in reports.withLock { $0.append(done) } })
            guard let immediate = store.getObjectImmediately(request) else { continue }
            XCTAssertEqual(try immediate.get().data, usual.data)
            XCTAssertEqual(reports.withLock { $0 }, [Int64(usual.data?.count ?? 0)])
        }
    }

    func testFailedConditionsAndRangesFailAsUsual() async throws {
        let store = try await makeStore(bucket: "bkt")
        let info = try await put(store, "bkt", "k", "abc")
        let etag = try XCTUnwrap(info.etag)
        let requests = [
            GetObjectRequest(bucket: "bkt", key: "k", options: [ObjectOptionKey.ifMatch: "\"nope\""]),
            GetObjectRequest(bucket: "bkt", key: "k", options: [ObjectOptionKey.ifNoneMatch: etag]),
            GetObjectRequest(bucket: "bkt", key: "k", range: ByteRange(start: 3, end: nil)),
        ]
        for request in requests {
            var usual: CloudError?
            do throws(CloudError) {
                _ = try await store.getObject(request)
            } catch {
                usual = error
            }
            XCTAssertNotNil(usual)
            guard let immediate = store.getObjectImmediately(request) else { continue }
            guard case .failure(let error) = immediate else { return XCTFail("\(request.options) succeeded at once") }
            XCTAssertEqual(error, usual)
        }
    }

    func testWhatIsNotPlainlyASuccessIsLeftToTheUsualPath() async throws {
        let store = try await makeStore(bucket: "bkt")
        try await put(store, "bkt", "k", "abc")
        let big = Data(count: LocalObjectStore.immediateLimit + 1)
        _ = try await store.putObject(PutObjectRequest(bucket: "bkt", key: "big", body: .bytes(big)))
        XCTAssertNil(store.getObjectImmediately(GetObjectRequest(bucket: "bkt", key: "absent")), "a missing key")
        XCTAssertNil(store.headObjectImmediately(bucket: "bkt", key: "absent"), "a missing key")
        XCTAssertNil(store.getObjectImmediately(GetObjectRequest(bucket: "nobucket", key: "k")), "a missing bucket")
        XCTAssertNil(store.getObjectImmediately(GetObjectRequest(bucket: "BAD", key: "k")), "an invalid bucket name")
        XCTAssertNil(store.getObjectImmediately(GetObjectRequest(bucket: "bkt", key: "a/../k")), "an invalid key")
        XCTAssertNil(store.getObjectImmediately(GetObjectRequest(bucket: "bkt", key: "big")), "a body past the limit")
        let file = rootPath + "-out"
        defer { try? FileManager.default.removeItem(atPath: file) }
        XCTAssertNil(store.getObjectImmediately(GetObjectRequest(bucket: "bkt", key: "k", sink: .file(path: file))), "a file sink")
        XCTAssertNil(store.getObjectImmediately(GetObjectRequest(bucket: "bkt", key: "k", options: ["no_such_option": "1"])), "an unknown option")
    }

    func testAPresignedUploadWaitingInTheBucketIsCommittedByTheUsualPathFirst() async throws {
        let store = try await makeStore(bucket: "bkt")
        try await put(store, "bkt", "k", "old")
        let address = try await store.presign(PresignRequest(bucket: "bkt", key: "k", method: .put))
        let url = try XCTUnwrap(URL(string: address))
        try Data("new".utf8).write(to: url)
        XCTAssertNil(store.getObjectImmediately(GetObjectRequest(bucket: "bkt", key: "k")))
        XCTAssertNil(store.headObjectImmediately(bucket: "bkt", key: "k"))
        let text = try await text(store, "bkt", "k")
        XCTAssertEqual(text, "new")
    }

    func testALinkOrADamagedRecordIsLeftToTheUsualPath() async throws {
        let store = try await makeStore(bucket: "bkt")
        try await put(store, "bkt", "k", "abc")
        try await put(store, "bkt", "dir/j", "abc")
        let recordPath = store.layout("bkt").recordPath(for: try ObjectKeyPath(key: "k")).path
        try Data("{\"key\":".utf8).write(to: URL(fileURLWithPath: recordPath))
        XCTAssertNil(store.getObjectImmediately(GetObjectRequest(bucket: "bkt", key: "k")), "a damaged record")
        let folder = "\(rootPath)/storage/bkt/objects/dir.d"
        try FileManager.default.moveItem(atPath: folder, toPath: folder + "-real")
        try FileManager.default.createSymbolicLink(atPath: folder, withDestinationPath: folder + "-real")
        XCTAssertNil(store.getObjectImmediately(GetObjectRequest(bucket: "bkt", key: "dir/j")), "a folder that is a link")
        XCTAssertNil(store.headObjectImmediately(bucket: "bkt", key: "dir/j"), "a folder that is a link")
    }
}
