import CloudKit
import CloudKitTestSupport
import Foundation
import Testing

/// What cloudkit writes to S3 (moto), boto3 reads back identically — and the other way round.
@Suite("AWS cross-check with boto3", .enabled(if: ProviderFixture.providers.contains("aws")))
struct AWSCrossCheckTests {
    let cli = BotoRunner.cli

    func environment(_ endpoint: String) -> [String: String] { BotoRunner.environment(endpoint) }

    func python(_ script: String, _ arguments: [String], endpoint: String) async throws -> ProgramRunner.Outcome {
        try await BotoRunner.python(script, arguments, endpoint: endpoint)
    }

    @Test("cloudkit put → boto3 get: same bytes, content type and metadata")
    func cloudkitWritesBotoReads() async throws {
        let endpoint = try #require(ProviderFixture.motoEndpoint)
        let bucket = ProviderFixture.uniqueBucket("xcheck")
        let folder = try ProviderFixture.temporaryDirectory("xcheck")
        let bytes = Data((0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 13) })
        try bytes.write(to: URL(fileURLWithPath: "\(folder)/in.bin"))
        #expect(try await ProgramRunner.run(cli, ["storage", "create-bucket", bucket], environment: environment(endpoint)).status == 0)
        let put = try await ProgramRunner.run(cli, ["storage", "put", bucket, "dir/obj ü.bin", "\(folder)/in.bin", "--content-type", "application/x-cross", "--metadata", "color=blue", "n=42"], environment: environment(endpoint))
        #expect(put.status == 0, "\(put.stderr)")
        let script = """
            import boto3, sys, json
            s3 = boto3.client("s3")
            r = s3.get_object(Bucket=sys.argv[1], Key=sys.argv[2])
            open(sys.argv[3], "wb").write(r["Body"].read())
            print(json.dumps({"ct": r["ContentType"], "md": r["Metadata"]}, sort_keys=True))
            """
        let read = try await python(script, [bucket, "dir/obj ü.bin", "\(folder)/out.bin"], endpoint: endpoint)
        #expect(read.status == 0, "\(read.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(folder)/out.bin")) == bytes)
        #expect(read.text.trimmingCharacters(in: .whitespacesAndNewlines) == #"{"ct": "application/x-cross", "md": {"color": "blue", "n": "42"}}"#)
    }

    @Test("keys with '.' and '..' segments and a double slash are stored as given (the path is never squashed), as boto3 sees them")
    func dotSegmentsStayInKeys() async throws {
        let endpoint = try #require(ProviderFixture.motoEndpoint)
        let bucket = ProviderFixture.uniqueBucket("xcheck")
        #expect(try await ProgramRunner.run(cli, ["storage", "create-bucket", bucket], environment: environment(endpoint)).status == 0)
        let keys = ["d/../x.txt", "d/./y.txt", "d//z.txt", "../up.txt"]
        for key in keys {
            let put = try await ProgramRunner.run(cli, ["storage", "put", bucket, key, "-"], stdin: Data(key.utf8), environment: environment(endpoint))
            #expect(put.status == 0, "\(key): \(put.stderr)")
        }
        let script = """
            import boto3, sys
            s3 = boto3.client("s3")
            for item in s3.list_objects_v2(Bucket=sys.argv[1])["Contents"]:
                print(item["Key"], s3.get_object(Bucket=sys.argv[1], Key=item["Key"])["Body"].read().decode())
            """
        let listed = try await python(script, [bucket], endpoint: endpoint)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.text == keys.sorted().map { "\($0) \($0)\n" }.joined())
        for key in keys {
            let get = try await ProgramRunner.run(cli, ["storage", "get", bucket, key, "-"], environment: environment(endpoint))
            #expect(get.text == key)
        }
    }

    @Test("boto3 put → cloudkit get and head: same bytes, content type and metadata")
    func botoWritesCloudkitReads() async throws {
        let endpoint = try #require(ProviderFixture.motoEndpoint)
        let bucket = ProviderFixture.uniqueBucket("xcheck")
        let script = """
            import boto3, sys
            s3 = boto3.client("s3")
            s3.create_bucket(Bucket=sys.argv[1])
            s3.put_object(Bucket=sys.argv[1], Key=sys.argv[2], Body=bytes(range(256)) * 3, ContentType="image/x-boto", Metadata={"source": "boto3"})
            """
        let write = try await python(script, [bucket, "from boto/ключ.bin"], endpoint: endpoint)
        #expect(write.status == 0, "\(write.stderr)")
        let get = try await ProgramRunner.run(cli, ["storage", "get", bucket, "from boto/ключ.bin", "-"], environment: environment(endpoint))
        #expect(get.status == 0, "\(get.stderr)")
        #expect(get.stdout == Data((0..<3).flatMap { _ in (0..<256).map { UInt8($0) } }))
        let head = try await ProgramRunner.run(cli, ["storage", "head", bucket, "from boto/ключ.bin"], environment: environment(endpoint))
        let json = try #require(try JSONSerialization.jsonObject(with: head.stdout) as? [String: Any])
        #expect(json["contentType"] as? String == "image/x-boto")
        #expect(json["metadata"] as? [String: String] == ["source": "boto3"])
        #expect(json["size"] as? Int == 768)
    }
}
