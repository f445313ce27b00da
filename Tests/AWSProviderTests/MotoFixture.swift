@testable import AWSProvider
import CloudKitModel
import CloudKitTestSupport
import Foundation

/// A client on the moto server the tests were pointed at
/// (`CLOUDKIT_TEST_MOTO_ENDPOINT`, see `.ci/moto`), and boto3 for what the
/// provider itself cannot show.
enum MotoFixture {
    static let endpoint = ProcessInfo.processInfo.environment["CLOUDKIT_TEST_MOTO_ENDPOINT"]
    static var available: Bool { endpoint != nil }

    /// A client on moto; `options` are added (multipart settings).
    static func client(_ options: [String: String] = [:]) throws -> AWSClient {
        guard let endpoint else { throw CloudError(.invalidArgument, "CLOUDKIT_TEST_MOTO_ENDPOINT is not set") }
        let configuration = try AWSConfiguration(options: [
            "endpoint_url": endpoint, "region": "us-east-1", "access_key_id": "testing", "secret_access_key": "testing",
        ].merging(options) { $1 }, environment: ["HOME": "/nonexistent"])
        return try AWSClient(configuration: configuration, logger: .silent)
    }

    /// A fresh lower-case name beginning with `stem`.
    static func name(_ stem: String) -> String { "\(stem)\(UUID().uuidString.prefix(8).lowercased())" }

    /// What a Python snippet using boto3 (`s3 = boto3.client("s3")`, `sys.argv[1:]`) prints, trimmed.
    static func boto3(_ code: String, _ arguments: String...) async throws -> String {
        guard let endpoint else { throw CloudError(.invalidArgument, "CLOUDKIT_TEST_MOTO_ENDPOINT is not set") }
        let outcome = try await ProgramRunner.run(
            "/usr/bin/env", ["python3", "-c", "import boto3, sys\ns3 = boto3.client('s3')\n" + code] + arguments,
            environment: ProcessInfo.processInfo.environment.merging([
                "AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
            ]) { _, new in new })
        if outcome.status != 0 { FileHandle.standardError.write(Data(outcome.stderr.utf8)) }
        return outcome.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
