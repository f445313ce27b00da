import CloudKit
import CloudKitTestSupport
import Foundation

/// Functions for the tests, made the way each provider needs: executable
/// scripts under a local root, or Lambda functions created with boto3 in
/// moto (the plain server runs Lambda without Docker and echoes the payload;
/// the signature-checking one has no Docker, so every invocation there is a
/// handled function error).
enum FunctionFixture {
    static func name(_ label: String) -> String { "ck-\(label)-\(UUID().uuidString.prefix(8).lowercased())" }

    /// A fresh local root whose `functions` folder holds `functions` (file name → script) as executables.
    static func localRoot(_ label: String, functions: [String: String]) throws -> String {
        let root = try ProviderFixture.temporaryDirectory(label)
        try FileManager.default.createDirectory(atPath: "\(root)/functions", withIntermediateDirectories: true)
        for (name, script) in functions {
            let path = "\(root)/functions/\(name)"
            try script.write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
        return root
    }

    /// A function that returns its payload.
    static let echoScript = "#!/bin/sh\ncat\n"
    /// A function that runs and fails, handled, with `{"errorMessage": …}`.
    static let failingScript = "#!/bin/sh\necho '{\"errorMessage\":\"refused\",\"errorType\":\"Refusal\"}' >&2\nexit 1\n"

    /// The scripts of a local root holding an echo function with a version
    /// "1" (a copy, as a published Lambda version is) and a failing one.
    static func localScripts(echo: String, failing: String) -> [String: String] {
        [echo: echoScript, "\(echo)@1": echoScript, failing: failingScript]
    }

    /// Creates a Python Lambda function (and its role) in moto with boto3, and publishes its version 1.
    static func createLambda(_ function: String, endpoint: String, key: String, secret: String, region: String = "us-east-1") async throws {
        let script = """
            import boto3, io, json, sys, zipfile
            iam = boto3.client("iam")
            try:
                role = iam.create_role(RoleName="cloudkit-tests-lambda", AssumeRolePolicyDocument=json.dumps({}))["Role"]["Arn"]
            except iam.exceptions.EntityAlreadyExistsException:
                role = iam.get_role(RoleName="cloudkit-tests-lambda")["Role"]["Arn"]
            code = io.BytesIO()
            with zipfile.ZipFile(code, "w") as archive:
                archive.writestr("index.py", "def handler(event, context):\\n    return event\\n")
            boto3.client("lambda").create_function(FunctionName=sys.argv[1], Runtime="python3.12", Role=role,
                Handler="index.handler", Code={"ZipFile": code.getvalue()}, Timeout=7, MemorySize=256)
            boto3.client("lambda").publish_version(FunctionName=sys.argv[1])
            """
        var environment = BotoRunner.environment(endpoint)
        environment["AWS_ACCESS_KEY_ID"] = key
        environment["AWS_SECRET_ACCESS_KEY"] = secret
        environment["AWS_DEFAULT_REGION"] = region
        environment["AWS_REGION"] = region
        let outcome = try await ProgramRunner.run(ProgramRunner.which("python3") ?? "/usr/bin/python3", ["-c", script, function], environment: environment)
        guard outcome.status == 0 else { throw CloudError(.internal, "creating \(function) in moto failed: \(outcome.stderr)") }
    }

    /// `value`, or `unsupported` saying `what` is not configured.
    static func require<T>(_ value: T?, _ what: String) throws -> T {
        guard let value else { throw CloudError(.unsupported, "\(what) is not configured") }
        return value
    }
}
