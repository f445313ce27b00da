@testable import AWSProvider
import CloudKitModel
import CloudKitTestSupport
import Foundation
import Testing

/// Cancelling the task of a multipart upload, against moto: the upload is
/// aborted before the call returns, so S3 keeps no parts and no object.
@Suite("S3 multipart upload cancellation", .enabled(if: ProcessInfo.processInfo.environment["CLOUDKIT_TEST_MOTO_ENDPOINT"] != nil))
struct S3MultipartCancelTests {
    @Test("cancelling an upload in parts aborts it: no object and no unfinished upload remain")
    func cancellingAborts() async throws {
        let moto = try #require(ProcessInfo.processInfo.environment["CLOUDKIT_TEST_MOTO_ENDPOINT"])
        let configuration = try AWSConfiguration(options: [
            "endpoint_url": moto, "region": "us-east-1", "access_key_id": "testing", "secret_access_key": "testing",
            "multipart_threshold_mb": "5", "multipart_part_size_mb": "5", "multipart_concurrency": "1",
        ], environment: ["HOME": "/nonexistent"])
        let client = try AWSClient(configuration: configuration, logger: .silent)
        defer { client.shutdown() }
        let bucket = "ck-cancel-\(UUID().uuidString.prefix(8).lowercased())"
        try await client.s3.createBucket(bucket)
        // 64 KiB every 10 ms: the 12 MiB body would take about 2 s.
        let chunks = LockedCounter()
        let reader = BodyReader { buffer in
            chunks.advance(by: 1)
            usleep(10_000)
            let count = min(buffer.count, 64 * 1024)
            buffer.initializeMemory(as: UInt8.self, repeating: 0x5A)
            return count
        }
        let s3 = client.s3
        let upload = Task {
            try await s3.putObject(PutObjectRequest(bucket: bucket, key: "cancelled", body: .stream(length: 12 << 20, reader: reader)))
        }
        for _ in 0..<500 where chunks.value < 100 { try await Task.sleep(nanoseconds: 10_000_000) }
        #expect(chunks.value >= 100, "the body was never read")
        upload.cancel()
        let outcome = await upload.result
        guard case .failure(let error) = outcome else {
            Issue.record("a cancelled upload succeeded")
            return
        }
        #expect((error as? CloudError)?.kind == .cancelled, "\(error)")
        await #expect(throws: CloudError.self) { _ = try await s3.headObject(bucket: bucket, key: "cancelled") }
        let text = try await MotoFixture.boto3("print(len(s3.list_multipart_uploads(Bucket=sys.argv[1]).get('Uploads', [])))", bucket)
        #expect(text.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "unfinished uploads remain")
    }
}
