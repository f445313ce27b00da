import CloudKit
import CloudKitTestSupport
import Foundation
import Testing

/// Credential sources that need STS, against moto: a profile's role_arn with
/// source_profile, web identity, and — with signature checking and IAM
/// policies enforced — a user allowed only sts:AssumeRole reaching S3
/// through a role, which proves the assumed credentials were used. The CLI
/// runs as a child process, because the provider reads its own environment.
@Suite("AWS credential sources against moto", .enabled(if: ProviderFixture.providers.contains("aws")))
struct AWSCredentialSourceTests {
    /// The test process's environment without any AWS_* variable, plus `extra`.
    static func environment(_ extra: [String: String]) -> [String: String] {
        ProviderFixture.environment.filter { !$0.key.hasPrefix("AWS_") }.merging(extra) { $1 }
            .merging(["AWS_EC2_METADATA_DISABLED": "true"]) { $1 }
    }

    /// Runs the CLI with exactly `environment`.
    static func cloudkit(_ arguments: [String], _ environment: [String: String]) async throws -> ProgramRunner.Outcome {
        try await ProgramRunner.run(BotoRunner.cli, arguments, environment: environment)
    }

    static func identity(_ outcome: ProgramRunner.Outcome) throws -> JSONValue {
        try JSONValue.parse(outcome.text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    static func configFile(_ text: String) throws -> String {
        let path = try ProviderFixture.temporaryDirectory("aws-config") + "/config"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("a profile with role_arn and source_profile assumes the role; whoami names the role and the source")
    func assumeRoleProfile() async throws {
        let endpoint = try #require(ProviderFixture.motoEndpoint)
        let config = try Self.configFile("""
            [profile base]
            aws_access_key_id = AKIDBASE
            aws_secret_access_key = base-secret
            [profile deploy]
            role_arn = arn:aws:iam::123456789012:role/deployer
            source_profile = base
            role_session_name = cloudkit-test
            duration_seconds = 1800
            """)
        let environment = Self.environment([
            "AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": config + ".none", "AWS_ENDPOINT_URL": endpoint, "AWS_REGION": "us-east-1",
            "AWS_PROFILE": "deploy",
        ])
        let whoami = try await Self.cloudkit(["aws", "whoami"], environment)
        #expect(whoami.status == 0, "\(whoami.stderr)")
        let identity = try Self.identity(whoami)
        #expect(identity["arn"]?.stringValue?.contains("assumed-role/deployer/cloudkit-test") == true, "\(identity)")
        #expect(identity["source"]?.stringValue?.contains("assume role arn:aws:iam::123456789012:role/deployer") == true, "\(identity)")
        #expect(!whoami.text.contains("base-secret"))
        let create = try await Self.cloudkit(["--provider", "aws", "storage", "create-bucket", ProviderFixture.uniqueBucket("role")], environment)
        #expect(create.status == 0, "\(create.stderr)")
    }

    @Test("web identity from AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN assumes the role")
    func webIdentity() async throws {
        let endpoint = try #require(ProviderFixture.motoEndpoint)
        let tokenFile = try ProviderFixture.temporaryDirectory("token") + "/token"
        try "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let whoami = try await Self.cloudkit(["aws", "whoami"], Self.environment([
            "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/web-role",
            "AWS_ROLE_SESSION_NAME": "web-session", "HOME": try ProviderFixture.temporaryDirectory("home"), "AWS_ENDPOINT_URL": endpoint,
            "AWS_REGION": "us-east-1",
        ]))
        #expect(whoami.status == 0, "\(whoami.stderr)")
        let identity = try Self.identity(whoami)
        #expect(identity["arn"]?.stringValue?.contains("web-role") == true, "\(identity)")
        #expect(identity["source"]?.stringValue?.hasPrefix("web identity") == true, "\(identity)")
    }

    @Test("with IAM enforced, a user allowed only sts:AssumeRole reaches S3 through role_arn + source_profile, and not without it",
          .enabled(if: ProviderFixture.signatureCheckingConfigured))
    func leastPrivilegeThroughRole() async throws {
        let endpoint = try #require(ProviderFixture.motoAuthEndpoint)
        let admin = ProviderFixture.environment
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let script = """
            import boto3, json, sys
            iam = boto3.client("iam")
            user, role = "limited-" + sys.argv[1], "s3-role-" + sys.argv[1]
            user_arn = iam.create_user(UserName=user)["User"]["Arn"]
            iam.put_user_policy(UserName=user, PolicyName="assume-only", PolicyDocument=json.dumps(
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}))
            key = iam.create_access_key(UserName=user)["AccessKey"]
            arn = iam.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": user_arn}, "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
            iam.put_role_policy(RoleName=role, PolicyName="s3", PolicyDocument=json.dumps(
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
            print(key["AccessKeyId"], key["SecretAccessKey"], arn)
            """
        var environment = BotoRunner.environment(endpoint)
        let adminKey: String = try #require(admin["CLOUDKIT_TEST_MOTO_AUTH_KEY_ID"])
        let adminSecret: String = try #require(admin["CLOUDKIT_TEST_MOTO_AUTH_SECRET"])
        environment["AWS_ACCESS_KEY_ID"] = adminKey
        environment["AWS_SECRET_ACCESS_KEY"] = adminSecret
        let setup = try await ProgramRunner.run(ProgramRunner.which("python3") ?? "/usr/bin/python3", ["-c", script, String(suffix)], environment: environment)
        #expect(setup.status == 0, "\(setup.stderr)")
        let fields = setup.text.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        try #require(fields.count == 3)
        let config = try Self.configFile("""
            [profile limited]
            aws_access_key_id = \(fields[0])
            aws_secret_access_key = \(fields[1])
            [profile via-role]
            role_arn = \(fields[2])
            source_profile = limited
            """)
        let files = Self.environment([
            "AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": config + ".none", "AWS_ENDPOINT_URL": endpoint, "AWS_REGION": "us-east-1",
        ])
        let denied = try await Self.cloudkit(["--provider", "aws", "--profile", "limited", "storage", "create-bucket", ProviderFixture.uniqueBucket("denied")], files)
        #expect(denied.status == 1)
        #expect(denied.stderr.hasPrefix("error: permission denied"), "\(denied.stderr)")
        let bucket = ProviderFixture.uniqueBucket("viarole")
        let create = try await Self.cloudkit(["--provider", "aws", "--profile", "via-role", "storage", "create-bucket", bucket], files)
        #expect(create.status == 0, "\(create.stderr)")
        let whoami = try await Self.cloudkit(["aws", "whoami", "--profile", "via-role"], files)
        #expect(try Self.identity(whoami)["arn"]?.stringValue?.contains("assumed-role/s3-role-\(suffix)") == true, "\(whoami.text) \(whoami.stderr)")
    }
}
