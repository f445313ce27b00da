import CloudKit
@testable import CloudKitConformance
import Foundation
import Testing

/// The kit's presigned-URL transfers (`URLTransfer`, libcurl opened on
/// first use): a body out and back through plain HTTP, statuses and
/// transport failures as failures that never quote the URL.
@Suite("Presigned-URL transfers of the conformance kit", .enabled(if: ProcessInfo.processInfo.environment["CLOUDKIT_TEST_MOTO_ENDPOINT"] != nil))
struct URLTransferTests {
    let moto = ProcessInfo.processInfo.environment["CLOUDKIT_TEST_MOTO_ENDPOINT"] ?? ""

    @Test("a body PUT to a URL reads back the same through S3 (moto takes the unsigned PUT), and a GET brings the object's bytes")
    func roundTrip() async throws {
        try await ProviderFixture.withBucket("aws", "kit-url") { cloud, bucket in
            let body = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            try await URLTransfer.put(try #require(URL(string: "\(moto)/\(bucket)/a%20key")), body)
            #expect(try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "a key")).data == body)
            let url = try await cloud.storage.presign(PresignRequest(bucket: bucket, key: "a key", method: .get, expiresSeconds: 300))
            #expect(try await URLTransfer.get(try #require(URL(string: url))) == body)
        }
    }

    @Test("a status outside 2xx fails naming the method and status, not the URL")
    func statusFails() async throws {
        let url = try #require(URL(string: "\(moto)/kit-url-no-such-bucket/key?X-Amz-Signature=topsecret"))
        let error = await #expect(throws: ConformanceFailure.self) { _ = try await URLTransfer.get(url) }
        #expect(error.map { "\($0)" }?.contains("GET of the presigned URL: HTTP 404") == true, "\(String(describing: error))")
        #expect(error.map { "\($0)" }?.contains("topsecret") == false)
    }

    @Test("no server, or a scheme other than http(s), fails with the reason and without the URL")
    func transportFails() async throws {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        let refused = try #require(URL(string: "http://127.0.0.1:1/b/k?X-Amz-Signature=topsecret"))
        let error = await #expect(throws: ConformanceFailure.self) { try await URLTransfer.put(refused, Data("x".utf8)) }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("PUT of the presigned URL failed: "), "\(text)")
        #expect(!text.contains("topsecret"), "\(text)")
        let ftp = try #require(URL(string: "ftp://127.0.0.1/b/k"))
        let refusedScheme = await #expect(throws: ConformanceFailure.self) { _ = try await URLTransfer.get(ftp) }
        #expect(refusedScheme.map { "\($0)" }?.contains("only http and https URLs are sent") == true)
    }
}
