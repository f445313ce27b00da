import CloudKit
import Foundation
import Testing

/// Object options and listings written by cloudkit, read by boto3 on moto — and the other way round.
@Suite("AWS options and listings cross-check with boto3", .enabled(if: ProviderFixture.providers.contains("aws")))
struct AWSOptionsCrossCheckTests {
    @Test("cache-control, storage class, SSE and tags that cloudkit stores are what boto3 reads back")
    func storedOptions() async throws {
        let endpoint = try #require(ProviderFixture.motoEndpoint)
        let bucket = ProviderFixture.uniqueBucket("xopts")
        #expect(try await BotoRunner.cloudkit(["storage", "create-bucket", bucket], endpoint: endpoint).status == 0)
        let put = try await BotoRunner.cloudkit(
            ["storage", "put", bucket, "k", "-", "--cache-control", "max-age=600", "--storage-class", "STANDARD_IA", "--sse", "AES256",
             "--tag", "team=core", "--tag", "tier=1"], endpoint: endpoint)
        #expect(put.status == 0, "\(put.stderr)")
        let script = """
            import boto3, sys, json
            s3 = boto3.client("s3")
            h = s3.head_object(Bucket=sys.argv[1], Key="k")
            t = s3.get_object_tagging(Bucket=sys.argv[1], Key="k")["TagSet"]
            print(json.dumps({"cc": h.get("CacheControl"), "sc": h.get("StorageClass"), "sse": h.get("ServerSideEncryption"),
                              "tags": sorted([x["Key"] + "=" + x["Value"] for x in t])}, sort_keys=True))
            """
        let read = try await BotoRunner.python(script, [bucket], endpoint: endpoint)
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.text.trimmingCharacters(in: .whitespacesAndNewlines)
            == #"{"cc": "max-age=600", "sc": "STANDARD_IA", "sse": "AES256", "tags": ["team=core", "tier=1"]}"#)
        let head = try await BotoRunner.cloudkit(["storage", "head", bucket, "k"], endpoint: endpoint)
        let json = try #require(try JSONSerialization.jsonObject(with: head.stdout) as? [String: Any])
        let properties = try #require(json["properties"] as? [String: String])
        #expect(properties["storage_class"] == "STANDARD_IA")
        #expect(properties["tag_count"] == "2")
    }

    @Test("a bucket, queue and topic boto3 creates appear in cloudkit's listings")
    func listings() async throws {
        let endpoint = try #require(ProviderFixture.motoEndpoint)
        let name = ProviderFixture.uniqueBucket("xlist")
        let script = """
            import boto3, sys
            boto3.client("s3").create_bucket(Bucket=sys.argv[1])
            boto3.client("sqs").create_queue(QueueName=sys.argv[1])
            boto3.client("sns").create_topic(Name=sys.argv[1])
            """
        let made = try await BotoRunner.python(script, [name], endpoint: endpoint)
        #expect(made.status == 0, "\(made.stderr)")
        for command in [["storage", "list-buckets"], ["queue", "list"], ["pubsub", "list-topics"]] {
            let listed = try await BotoRunner.cloudkit(command + ["--prefix", name], endpoint: endpoint)
            #expect(listed.status == 0, "\(command): \(listed.stderr)")
            #expect(listed.text == "\(name)\n", "\(command): \(listed.text)")
        }
    }
}
