import CloudKit
import Foundation
import Testing

/// Against a moto that verifies every SigV4 signature (`.ci/moto` made an IAM
/// user allowed everything): the right keys work, a wrong secret is `unauthenticated`.
@Suite("AWS signatures checked by the server", .enabled(if: ProviderFixture.signatureCheckingConfigured))
struct AWSSignatureCheckTests {
    static let environment = ProcessInfo.processInfo.environment

    func open(secret: String? = nil) async throws -> Cloud {
        let endpoint = try #require(ProviderFixture.motoAuthEndpoint)
        let key = try #require(Self.environment["CLOUDKIT_TEST_MOTO_AUTH_KEY_ID"])
        let realSecret = try #require(Self.environment["CLOUDKIT_TEST_MOTO_AUTH_SECRET"])
        return try await Cloud.load(
            provider: "aws", options: ProviderFixture.awsOptions(endpoint: endpoint, accessKey: key, secret: secret ?? realSecret),
            environment: Self.environment)
    }

    // ASCII keys only: moto's own signature check rejects non-ASCII object keys
    // even from boto3, while the SigV4 suite test covers their encoding.
    @Test("signed requests with the IAM user's keys succeed end to end")
    func rightKeysSucceed() async throws {
        let cloud = try await open()
        let bucket = ProviderFixture.uniqueBucket("signed")
        try await cloud.storage.createBucket(bucket)
        _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "signed key.txt", body: .bytes(Data("signed".utf8)), metadata: ["m": "v"]))
        let got = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "signed key.txt", range: ByteRange(start: 1, end: 3)))
        #expect(got.data == Data("ign".utf8))
        let listing = try await cloud.storage.listObjects(ListObjectsRequest(bucket: bucket, prefix: "signed"))
        #expect(listing.objects.map(\.key) == ["signed key.txt"])
        _ = try await cloud.storage.copyObject(CopyObjectRequest(sourceBucket: bucket, sourceKey: "signed key.txt", bucket: bucket, key: "copy"))
        try await cloud.storage.deleteObject(bucket: bucket, key: "copy")
    }

    @Test("signed DynamoDB calls with the IAM user's keys succeed, and a wrong secret is refused")
    func dynamoDBSignatures() async throws {
        let cloud = try await open()
        let table = "ck-signed-\(UUID().uuidString.prefix(8).lowercased())"
        try await cloud.kv.createTable(TableSpec(table: table, partitionKey: KeyAttribute("id")))
        try await cloud.kv.putItem(PutItemRequest(table: table, item: ["id": .string("a"), "v": .number(try KVNumber("1"))]))
        let item = try await cloud.kv.getItem(GetItemRequest(table: table, key: ["id": .string("a")], consistent: true))
        #expect(item?["v"] == .number(try KVNumber("1")))
        let denied = try await open(secret: "WRONGwrongWRONGwrongWRONGwrong0123456789")
        var failure: CloudError?
        do {
            _ = try await denied.kv.getItem(GetItemRequest(table: table, key: ["id": .string("a")]))
        } catch {
            failure = error
        }
        #expect(failure?.kind == .unauthenticated, "\(String(describing: failure))")
        try await cloud.kv.deleteTable(table)
    }

    @Test("a wrong secret is the unauthenticated kind, and the secret is in no message")
    func wrongSecretIsUnauthenticated() async throws {
        let wrongSecret = "WRONGwrongWRONGwrongWRONGwrong0123456789"
        let cloud = try await open(secret: wrongSecret)
        var failure: CloudError?
        do {
            _ = try await cloud.storage.listObjects(ListObjectsRequest(bucket: ProviderFixture.uniqueBucket("denied")))
        } catch {
            failure = error
        }
        let error = try #require(failure, "a request signed with a wrong secret did not fail with a CloudError")
        #expect(error.kind == .unauthenticated, "\(error)")
        #expect(error.code == "SignatureDoesNotMatch")
        #expect(!error.description.contains(wrongSecret))
        #expect(error.httpStatus == 403)
    }
}
