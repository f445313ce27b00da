import CloudKit
import CloudKitTestSupport
import Foundation
import Testing

/// `--debug`/`-v` and `cloudkit config`: what the CLI says about what it does.
@Suite("cloudkit --debug and cloudkit config")
struct DiagnosticsCLITests {
    @Test("--debug logs each call to stderr, leaves stdout to the body, and -v is the same flag", arguments: ProviderFixture.providers)
    func debugLogsCalls(provider: String) async throws {
        let cli = try await ProviderCLI.open(provider)
        let bucket = try await cli.bucket("debug")
        try await cli.put(bucket, "k", "the body")
        let debug = try await cli.run(["--debug", "storage", "get", bucket, "k", "-"])
        #expect(debug.status == 0, "\(debug.stderr)")
        #expect(debug.text == "the body")
        #expect(debug.stderr.contains("debug cloudkit.client: storage.get_object → ok in "), "\(debug.stderr)")
        let quiet = try await cli.run(["storage", "get", bucket, "k", "-"])
        #expect(quiet.text == "the body")
        #expect(!quiet.stderr.contains("storage.get_object"), "\(quiet.stderr)")
        let missing = try await cli.run(["storage", "head", bucket, "absent", "-v"])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("storage.head_object → not found"), "\(missing.stderr)")
        if provider == "aws" {
            #expect(debug.stderr.contains("S3 GET "), "each HTTP request is logged: \(debug.stderr)")
        }
    }

    @Test("--debug on AWS never shows the secret key, the session token or a signature", .enabled(if: ProviderFixture.providers.contains("aws")))
    func debugHidesSecrets() async throws {
        let cli = try await ProviderCLI.open("aws")
        let secret = "ckDebugSecret0123456789abcdefghijklmnopqrstuv"
        let token = "ckDebugSessionToken0123456789"
        var environment = cli.environment
        environment["AWS_SECRET_ACCESS_KEY"] = secret
        environment["AWS_SESSION_TOKEN"] = token
        let bucket = ProviderFixture.uniqueBucket("debugsecret")
        let outcomes = [
            try await ProgramRunner.run(BotoRunner.cli, ["--debug", "storage", "create-bucket", bucket], environment: environment),
            try await ProgramRunner.run(BotoRunner.cli, ["--debug", "storage", "put", bucket, "k", "-"], stdin: Data("x".utf8), environment: environment),
            try await ProgramRunner.run(BotoRunner.cli, ["--debug", "storage", "get", bucket, "absent", "-"], environment: environment),
            try await ProgramRunner.run(BotoRunner.cli, ["--debug", "storage", "presign", bucket, "k"], environment: environment),
        ]
        #expect(outcomes[0].status == 0 && outcomes[1].status == 0, "\(outcomes.map(\.stderr))")
        #expect(outcomes[2].status == 3)
        for outcome in outcomes {
            #expect(outcome.stderr.contains("debug "), "\(outcome.stderr)")
            #expect(!outcome.stderr.contains(secret) && !outcome.stderr.contains(token), "\(outcome.stderr)")
            #expect(!outcome.stderr.contains("Signature="), "\(outcome.stderr)")
        }
    }

    @Test("config shows the provider, the library, the file and each option with its source; secrets hidden")
    func configShowsSources() async throws {
        let root = try ProviderFixture.temporaryDirectory("config")
        let file = root + "/cloudkit.toml"
        try Data("""
            provider = "aws"
            [aws]
            region = "eu-west-1"
            access_key_id = "AKIDEXAMPLE7890"
            secret_access_key = "ckConfigSecretValue"
            """.utf8).write(to: URL(fileURLWithPath: file))
        let environment = CLITests().environment(root: root)
        let shown = try await ProgramRunner.run(
            BotoRunner.cli, ["config", "--config", file, "--endpoint-url", "http://127.0.0.1:9", "--option", "max_attempts=5"], environment: environment)
        #expect(shown.status == 0, "\(shown.stderr)")
        let lines = shown.text.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(lines.contains("provider aws from config file \(file)"), "\(shown.text)")
        #expect(lines.contains("config \(file)"), "\(shown.text)")
        #expect(lines.contains("region eu-west-1 \(file) [aws]"), "\(shown.text)")
        #expect(lines.contains("endpoint_url http://127.0.0.1:9 --endpoint-url"), "\(shown.text)")
        #expect(lines.contains("max_attempts 5 --option max_attempts=…"), "\(shown.text)")
        #expect(lines.contains("secret_access_key (hidden) \(file) [aws]"), "\(shown.text)")
        #expect(lines.contains("access_key_id ***********7890 \(file) [aws]"), "\(shown.text)")
        #expect(lines.contains { $0.hasPrefix("profile - not set: ") }, "\(shown.text)")
        #expect(!shown.text.contains("ckConfigSecretValue"))

        let json = try await ProgramRunner.run(BotoRunner.cli, ["config", "--provider", "local", "--json"], environment: environment)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [String: Any])
        #expect(object["provider"] as? String == "local")
        #expect(object["providerSource"] as? String == "argument")
        #expect(object["configFile"] == nil)
        let options = try #require(object["options"] as? [[String: Any]])
        #expect(options.first?["key"] as? String == "root")
        #expect(options.first?["source"] as? String == "unset")

        let missing = try await ProgramRunner.run(BotoRunner.cli, ["config", "--provider", "nonesuch"], environment: environment)
        #expect(missing.status == 4, "a provider not found is exit status 4: \(missing.stderr)")
        #expect(missing.stderr.contains("libcloudkit-nonesuch.so"))
    }
}
