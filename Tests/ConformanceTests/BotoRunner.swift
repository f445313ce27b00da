import CloudKitTestSupport
import Foundation

/// Runs the cloudkit CLI and Python/boto3 against the same moto, with one environment.
enum BotoRunner {
    /// The built CLI.
    static var cli: String { "\(ProviderFixture.binDirectory)/cloudkit" }

    /// Dummy credentials, us-east-1, every AWS endpoint at `endpoint`, and the CLI on the aws provider.
    static func environment(_ endpoint: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["AWS_ACCESS_KEY_ID"] = "testing"
        environment["AWS_SECRET_ACCESS_KEY"] = "testing"
        environment["AWS_DEFAULT_REGION"] = "us-east-1"
        environment["AWS_REGION"] = "us-east-1"
        environment["AWS_ENDPOINT_URL"] = endpoint
        environment["CLOUDKIT_PROVIDER"] = "aws"
        return environment
    }

    /// Runs a Python script with `arguments` as `sys.argv[1...]`.
    static func python(_ script: String, _ arguments: [String], endpoint: String) async throws -> ProgramRunner.Outcome {
        try await ProgramRunner.run(ProgramRunner.which("python3") ?? "/usr/bin/python3", ["-c", script] + arguments, environment: environment(endpoint))
    }

    /// Runs the CLI.
    static func cloudkit(_ arguments: [String], endpoint: String) async throws -> ProgramRunner.Outcome {
        try await ProgramRunner.run(cli, arguments, environment: environment(endpoint))
    }
}
