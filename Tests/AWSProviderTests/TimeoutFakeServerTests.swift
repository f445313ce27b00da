@testable import AWSProvider
import CloudKitModel
import CloudKitTestSupport
import Foundation
import Testing

/// The time limits against a server that stops answering: a call ends under
/// `request_timeout_ms`, an object transfer under `stall_timeout_ms`, always
/// as `timeout`. Limits are set small; only the outcome is checked, plus a
/// 120 s hang guard far above anything a working limit takes.
@Suite("Time limits against a server that stops answering")
struct TimeoutFakeServerTests {
    static let hangGuard: TimeInterval = 120

    @Test("an S3 call to a server that accepts and never answers ends with timeout (RequestTimeout)")
    func silentS3Call() async throws {
        // 5 s, far above a loopback connect even on a loaded machine, so the limit that ends it is the request's.
        let client = try await MisbehavingServer.client(["request_timeout_ms": "5000"])
        defer { client.shutdown() }
        let started = Date()
        let error = await failure { try await client.s3.headObject(bucket: "silent", key: MisbehavingServer.name()) }
        #expect(error?.kind == .timeout, "\(String(describing: error))")
        #expect(error?.code == "RequestTimeout")
        #expect(error?.retryable == true)
        #expect(Date().timeIntervalSince(started) < Self.hangGuard)
    }

    @Test("a JSON call to a server that accepts and never answers ends with timeout (RequestTimeout)")
    func silentJSONCall() async throws {
        let client = try await MisbehavingServer.client(path: "/silent/\(MisbehavingServer.name())", ["request_timeout_ms": "5000"])
        defer { client.shutdown() }
        let started = Date()
        let error = await failure { try await client.dynamoDB.listTables(ListResourcesRequest()) }
        #expect(error?.kind == .timeout, "\(String(describing: error))")
        #expect(error?.code == "RequestTimeout")
        #expect(Date().timeIntervalSince(started) < Self.hangGuard)
    }

    @Test("an object download from a server that never answers ends under the stall limit, not the request timeout")
    func silentTransfer() async throws {
        let client = try await MisbehavingServer.client(["request_timeout_ms": "500", "stall_timeout_ms": "500"])
        defer { client.shutdown() }
        let started = Date()
        let error = await failure {
            try await client.s3.getObject(GetObjectRequest(bucket: "silent", key: MisbehavingServer.name(), range: ByteRange(start: 0, end: 9)))
        }
        #expect(error?.kind == .timeout, "\(String(describing: error))")
        #expect(error?.code == "StallTimeout", "object bodies are bound by the stall limit only: \(String(describing: error))")
        #expect(Date().timeIntervalSince(started) < Self.hangGuard)
    }

    @Test("a download that sends one byte and then stalls ends with timeout (StallTimeout) and leaves no file")
    func trickle() async throws {
        let client = try await MisbehavingServer.client(["stall_timeout_ms": "500"])
        defer { client.shutdown() }
        let target = TestFolders.path("ck-stall")
        let started = Date()
        let error = await failure {
            try await client.s3.getObject(GetObjectRequest(bucket: "trickle", key: MisbehavingServer.name(), sink: .file(path: target)))
        }
        #expect(error?.kind == .timeout, "\(String(describing: error))")
        #expect(error?.code == "StallTimeout")
        #expect(!FileManager.default.fileExists(atPath: target))
        #expect(Date().timeIntervalSince(started) < Self.hangGuard)
    }
}
