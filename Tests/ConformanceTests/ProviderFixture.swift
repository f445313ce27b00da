import CloudKit
import CloudKitTestSupport
import Foundation
import Logging

/// Opens each provider the conformance suites run against, in a clean state.
///
/// `local` always runs (a fresh temporary root per test). `aws` runs against
/// moto at `CLOUDKIT_TEST_MOTO_ENDPOINT` (set by `.ci/test`); when CI=true it
/// must be set. `memory` (a fresh store per client) runs the suites of the
/// services it has: storage and key-value tables.
enum ProviderFixture {
    static let environment = ProcessInfo.processInfo.environment

    static var motoEndpoint: String? { environment["CLOUDKIT_TEST_MOTO_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 } }
    static var motoAuthEndpoint: String? { environment["CLOUDKIT_TEST_MOTO_AUTH_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 } }

    /// The providers every conformance test runs against: each has all five services.
    static let providers: [String] = ["local"] + (motoEndpoint != nil && builtProviders.contains("aws") ? ["aws"] : [])

    /// The services the memory provider has; `CapabilitiesTests` checks that its capabilities document says the same.
    static let memoryServices: Set<String> = ["storage", "kv"]
    /// What a provider documents it does not offer (its capabilities leave it
    /// out), so the conformance kit rightly skips the cases that need it.
    static let documentedGaps: [String: [String]] = ["memory": ["presign"]]

    /// The providers the conformance tests of `service` run against: `providers`, and `memory` when it has the service.
    static func providers(offering service: String) -> [String] {
        providers + (builtProviders.contains("memory") && memoryServices.contains(service) ? ["memory"] : [])
    }

    /// The ABI version each provider's table announces: the Swift providers
    /// speak the host's (1.7); the memory provider, in C, implements 1.3 (a
    /// 1.7 host spools bodies of unknown length for it, and copies the bodies it lends).
    static func abiVersion(of provider: String) -> String { provider == "memory" ? "1.3" : "1.7" }

    /// The providers with object storage.
    static let storageProviders = providers(offering: "storage")
    /// The providers with key-value tables.
    static let kvProviders = providers(offering: "kv")

    /// A moto that checks signatures, with an IAM user's keys (made by `.ci/moto`).
    static var signatureCheckingConfigured: Bool {
        builtProviders.contains("aws") && motoAuthEndpoint != nil
            && environment["CLOUDKIT_TEST_MOTO_AUTH_KEY_ID"] != nil && environment["CLOUDKIT_TEST_MOTO_AUTH_SECRET"] != nil
    }

    /// Every provider library the package builds.
    static let builtProviders: [String] = ["aws", "local", "memory"].filter {
        FileManager.default.fileExists(atPath: "\(binDirectory)/\(libraryFile($0))")
    }

    /// A client of `provider` with its own empty state.
    static func open(_ provider: String, logger: Logger? = nil) async throws -> Cloud {
        switch provider {
        case "local":
            return try await Cloud.load(
                provider: "local", options: ["root": try temporaryDirectory("local-root")], environment: environment, logger: logger)
        case "aws":
            guard let endpoint = motoEndpoint else { throw CloudError(.unsupported, "CLOUDKIT_TEST_MOTO_ENDPOINT is not set") }
            return try await Cloud.load(provider: "aws", options: awsOptions(endpoint: endpoint), environment: environment, logger: logger)
        default:
            return try await Cloud.load(provider: provider, environment: environment, logger: logger)
        }
    }

    /// Runs `body` with a client of `provider` and a new bucket named after `label`, then closes the client.
    static func withBucket(_ provider: String, _ label: String, _ body: (Cloud, String) async throws -> Void) async throws {
        let cloud = try await open(provider)
        let bucket = uniqueBucket(label)
        try await cloud.storage.createBucket(bucket)
        try await body(cloud, bucket)
        await cloud.close()
    }

    /// Options that point the AWS provider at moto with dummy credentials.
    static func awsOptions(endpoint: String, accessKey: String = "testing", secret: String = "testing") -> [String: String] {
        ["endpoint_url": endpoint, "region": "us-east-1", "access_key_id": accessKey, "secret_access_key": secret]
    }

    /// A new empty directory in this test process's folder (`TestFolders`,
    /// removed when the process exits).
    static func temporaryDirectory(_ label: String) throws -> String {
        try TestFolders.make("cloudkit-\(label)")
    }

    /// A bucket name unique to one test (S3 naming rules).
    static func uniqueBucket(_ label: String) -> String {
        "ck-\(label)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// The folder holding the built CLI and provider libraries.
    static var binDirectory: String {
        if let path = environment["CLOUDKIT_PLUGIN_PATH"], !path.isEmpty { return path.split(separator: ":").map(String.init)[0] }
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return ".build/debug" }
        return URL(fileURLWithPath: executable).deletingLastPathComponent().path
    }

    /// The file name of provider `name`'s library.
    static func libraryFile(_ name: String) -> String { "libcloudkit-\(name).so" }

    /// The package's root folder.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
