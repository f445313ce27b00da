import CloudKit
import CloudKitTestSupport
import Foundation

/// The CLI and an in-process client on the same provider state, for CLI
/// tests that run on every provider: `local` on a fresh root, `aws` on moto
/// (buckets unique per test there).
struct ProviderCLI {
    let provider: String
    let environment: [String: String]
    /// A client of the same state as the CLI, to set up and check what the CLI did.
    let cloud: Cloud

    static func open(_ provider: String) async throws -> ProviderCLI {
        switch provider {
        case "aws":
            let endpoint = try ProviderFixture.motoEndpoint ?? { throw CloudError(.unsupported, "CLOUDKIT_TEST_MOTO_ENDPOINT is not set") }()
            let cloud = try await Cloud.load(
                provider: "aws", options: ProviderFixture.awsOptions(endpoint: endpoint), environment: ProviderFixture.environment)
            return ProviderCLI(provider: provider, environment: BotoRunner.environment(endpoint), cloud: cloud)
        default:
            let root = try ProviderFixture.temporaryDirectory("cli-\(provider)")
            let cloud = try await Cloud.load(provider: "local", options: ["root": root], environment: ProviderFixture.environment)
            return ProviderCLI(provider: provider, environment: CLITests().environment(root: root), cloud: cloud)
        }
    }

    /// Runs `cloudkit ARGUMENTS`.
    func run(_ arguments: [String]) async throws -> ProgramRunner.Outcome {
        try await ProgramRunner.run(BotoRunner.cli, arguments, environment: environment)
    }

    /// A new bucket.
    func bucket(_ label: String) async throws -> String {
        let bucket = ProviderFixture.uniqueBucket(label)
        try await cloud.storage.createBucket(bucket)
        return bucket
    }

    /// Every key of `bucket` (under `prefix`), in order.
    func keys(_ bucket: String, prefix: String? = nil) async throws -> [String] {
        try await cloud.storage.allObjects(bucket: bucket, prefix: prefix).collect().map(\.key)
    }

    /// Stores `text` under `key`.
    func put(_ bucket: String, _ key: String, _ text: String) async throws {
        _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: key, body: .bytes(Data(text.utf8))))
    }
}

/// Local folder trees for sync tests.
enum FileTree {
    /// Writes each relative path → text below `root`, making folders.
    static func write(_ root: String, _ files: [String: String]) throws {
        for (relative, text) in files {
            let path = "\(root)/\(relative)"
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        }
    }

    /// Every regular file below `root` → its text (links and folders left out).
    static func read(_ root: String) throws -> [String: String] {
        var files: [String: String] = [:]
        guard let walker = FileManager.default.enumerator(atPath: root) else { return files }
        while let relative = walker.nextObject() as? String {
            let path = "\(root)/\(relative)"
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            files[relative] = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        }
        return files
    }
}
