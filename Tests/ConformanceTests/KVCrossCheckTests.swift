import CloudKit
import Foundation
import Testing

/// What `cloudkit kv` writes to DynamoDB (moto), boto3 reads with exactly the
/// DynamoDB types and values — and the other way round.
@Suite("Key-value cross-check with boto3", .enabled(if: ProviderFixture.providers.contains("aws")))
struct KVCrossCheckTests {
    func table() -> String { "ck-xkv-\(UUID().uuidString.prefix(8).lowercased())" }

    @Test("cloudkit kv put → boto3 get_item: 38-digit number, nested map, list, binary and string set keep their types")
    func cloudkitWritesBotoReads() async throws {
        let endpoint = try #require(ProviderFixture.motoEndpoint)
        let table = table()
        let create = try await BotoRunner.cloudkit(["kv", "create-table", table, "--partition-key", "id"], endpoint: endpoint)
        #expect(create.status == 0, "\(create.stderr)")
        let item = #"{"id":"k1","n":12345678901234567890123456789012345678,"m":{"inner":{"x":"y","z":-0.5}},"l":[1,"two",false],"b":{"$b64":"AAEC/w=="},"ss":{"$ss":["b","a"]}}"#
        let put = try await BotoRunner.cloudkit(["kv", "put", table, item], endpoint: endpoint)
        #expect(put.status == 0, "\(put.stderr)")
        let script = """
            import base64, boto3, json, sys
            item = boto3.client("dynamodb").get_item(TableName=sys.argv[1], Key={"id": {"S": "k1"}}, ConsistentRead=True)["Item"]
            def plain(v):
                if isinstance(v, (bytes, bytearray)): return base64.b64encode(v).decode()
                if isinstance(v, dict): return {k: plain(x) for k, x in v.items()}
                if isinstance(v, list): return [plain(x) for x in v]
                return v
            item = plain(item)
            item["ss"]["SS"].sort()
            print(json.dumps(item, sort_keys=True))
            """
        let read = try await BotoRunner.python(script, [table], endpoint: endpoint)
        #expect(read.status == 0, "\(read.stderr)")
        let expected = #"""
            {"b": {"B": "AAEC/w=="}, "id": {"S": "k1"}, "l": {"L": [{"N": "1"}, {"S": "two"}, {"BOOL": false}]}, \#
            "m": {"M": {"inner": {"M": {"x": {"S": "y"}, "z": {"N": "-0.5"}}}}}, "n": {"N": "12345678901234567890123456789012345678"}, \#
            "ss": {"SS": ["a", "b"]}}
            """#
        #expect(read.text.trimmingCharacters(in: .whitespacesAndNewlines) == expected)
    }

    @Test("boto3 put_item → cloudkit kv get prints the documented JSON form")
    func botoWritesCloudkitReads() async throws {
        let endpoint = try #require(ProviderFixture.motoEndpoint)
        let table = table()
        let script = """
            import boto3, sys
            ddb = boto3.client("dynamodb")
            ddb.create_table(TableName=sys.argv[1], KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}],
                BillingMode="PAY_PER_REQUEST")
            ddb.put_item(TableName=sys.argv[1], Item={
                "pk": {"S": "from boto"}, "sk": {"N": "7"}, "big": {"N": "-98765432109876543210987654321098765432"},
                "bin": {"B": bytes([0, 1, 2, 255])}, "ns": {"NS": ["1.5", "10"]}, "bs": {"BS": [b"\\x01"]},
                "map": {"M": {"list": {"L": [{"NULL": True}, {"BOOL": True}, {"S": "é"}]}}}, "ss": {"SS": ["z"]}})
            """
        let write = try await BotoRunner.python(script, [table], endpoint: endpoint)
        #expect(write.status == 0, "\(write.stderr)")
        let get = try await BotoRunner.cloudkit(["kv", "get", table, #"{"pk":"from boto","sk":7}"#, "--consistent"], endpoint: endpoint)
        #expect(get.status == 0, "\(get.stderr)")
        #expect(get.text == #"""
            {"big":-98765432109876543210987654321098765432,"bin":{"$b64":"AAEC/w=="},"bs":{"$bs":["AQ=="]},"map":{"list":[null,true,"é"]},"ns":{"$ns":[1.5,10]},"pk":"from boto","sk":7,"ss":{"$ss":["z"]}}

            """#)
        let missing = try await BotoRunner.cloudkit(["kv", "get", table, #"{"pk":"from boto","sk":8}"#], endpoint: endpoint)
        #expect(missing.status == 3)
    }
}
