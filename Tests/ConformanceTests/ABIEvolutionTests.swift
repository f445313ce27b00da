import CloudKit
import Foundation
import Testing

/// The growth rules of the ABI from a C host, against each provider: old
/// and grown structs, unknown non-zero members, per-call options, init
/// refusals and tables cut to the host's minor (`C/abi_evolution.c`).
@Suite("ABI evolution")
struct ABIEvolutionTests {
    @Test("short, grown and poisoned structs, unknown options, other majors and 1.0 hosts, under ASan", arguments: ProviderFixture.storageProviders)
    func evolution(provider: String) async throws {
        try await CProgramTests().run("abi_evolution", provider: provider, target: ProviderFixture.uniqueBucket("evolve"))
    }
}

/// Capabilities through the Swift API and the CLI, on each provider.
@Suite("Provider capabilities")
struct CapabilitiesTests {
    @Test("each provider describes its five services, option keys and limits", arguments: ProviderFixture.providers)
    func capabilities(provider: String) async throws {
        let cloud = try await ProviderFixture.open(provider)
        let capabilities = try await cloud.capabilities()
        await cloud.close()
        #expect(capabilities.provider == provider)
        #expect(capabilities.abi == ProviderFixture.abiVersion(of: provider))
        #expect(Set(capabilities.services.keys) == ["storage", "kv", "queue", "pubsub", "functions"])
        let put = try #require(capabilities.options(service: "storage", operation: "put_object"))
        #expect(put.isSuperset(of: ["cache_control", "content_encoding", "content_disposition", "tags", "if_none_match", "if_match"]))
        #expect(capabilities.services["storage"]?.limits["presign_methods"]?.names == ["GET", "PUT"])
        #expect(capabilities.services["queue"]?.limits["fifo"]?.flag == true)
        switch provider {
        case "aws": #expect(put.isSuperset(of: ["storage_class", "server_side_encryption", "sse_kms_key_id"]))
        case "local": #expect(put.isDisjoint(with: ["storage_class", "server_side_encryption", "sse_kms_key_id"]))
        default: break
        }
    }

    @Test("the memory provider describes exactly the services and operations it has: no presign, no queues, no functions",
          .enabled(if: ProviderFixture.builtProviders.contains("memory")))
    func memoryCapabilities() async throws {
        let cloud = try await ProviderFixture.open("memory")
        let capabilities = try await cloud.capabilities()
        await cloud.close()
        #expect(capabilities.provider == "memory")
        #expect(capabilities.abi == "1.3")
        #expect(Set(capabilities.services.keys) == ProviderFixture.memoryServices)
        let storage = try #require(capabilities.services["storage"])
        #expect(Set(storage.operations.keys) == [
            "create_bucket", "delete_bucket", "put_object", "get_object", "head_object", "delete_object", "list_objects", "copy_object", "list_buckets",
        ])
        #expect(storage.limits["presign_methods"] == nil)
        #expect(storage.limits["max_object_size"]?.number == 5_368_709_120)
        #expect(storage.operations["put_object"]?.options == ["cache_control", "content_disposition", "content_encoding", "if_match", "if_none_match", "tags"])
        #expect(storage.operations["copy_object"]?.options == ["cache_control", "content_disposition", "content_encoding", "tags"])
        #expect(storage.operations["get_object"]?.options == ["if_match", "if_modified_since", "if_none_match"])
        #expect(storage.operations["list_objects"]?.options == [])
        let kv = try #require(capabilities.services["kv"])
        #expect(Set(kv.operations.keys) == [
            "create_table", "delete_table", "put_item", "get_item", "delete_item", "update_item", "query", "scan", "batch_get", "batch_put",
            "transact", "list_tables",
        ])
        #expect(kv.operations.values.allSatisfy { $0.options.isEmpty })
        #expect(kv.limits["max_transaction_operations"]?.number == 100)
        #expect(kv.limits["max_page_size"]?.number == 1000)
    }

    @Test("an option a provider on this machine cannot honour is unsupported by name; one nobody defines is invalid by name",
          arguments: ProviderFixture.storageProviders.filter { $0 != "aws" })
    func refusedOptions(provider: String) async throws {
        let cloud = try await ProviderFixture.open(provider)
        let bucket = ProviderFixture.uniqueBucket("opts")
        try await cloud.storage.createBucket(bucket)
        let unsupported = await #expect(throws: CloudError.self) {
            _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "k", body: .bytes(Data("x".utf8)), options: ["storage_class": "GLACIER"]))
        }
        #expect(unsupported?.kind == .unsupported)
        #expect(unsupported?.message.contains("storage_class") == true)
        let unknown = await #expect(throws: CloudError.self) {
            _ = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "k", options: ["colour": "red"]))
        }
        #expect(unknown?.kind == .invalidArgument)
        #expect(unknown?.message.contains("colour") == true)
        let nothing = await #expect(throws: CloudError.self) { _ = try await cloud.storage.headObject(bucket: bucket, key: "k") }
        #expect(nothing?.kind == .notFound)
        try await cloud.storage.deleteBucket(bucket)
        await cloud.close()
    }

    @Test("cloudkit providers --capabilities prints the document")
    func cli() async throws {
        let root = try ProviderFixture.temporaryDirectory("caps")
        let outcome = try await CLITests().run(["providers", "--capabilities", "local"], root: root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: outcome.stdout) as? [String: Any])
        #expect(json["provider"] as? String == "local")
        #expect((json["services"] as? [String: Any])?["storage"] != nil)
    }
}
