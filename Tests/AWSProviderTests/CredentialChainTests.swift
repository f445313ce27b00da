import AWSAuth
import AWSHTTP
@testable import AWSProvider
import CloudKitModel
import CloudKitProviderSupport
import CloudKitTestSupport
import Foundation
import XCTest

/// Credential sources and their order; the shared files' INI format.
final class CredentialChainTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = TestFolders.path("ck-cred")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try """
            # shared credentials
            [default]
            aws_access_key_id = AKIDDEFAULT
            aws_secret_access_key = secret-default

            [dev]
            aws_access_key_id=AKIDDEV
            aws_secret_access_key=secret-dev ; a comment
            aws_session_token = token-dev
            """.write(toFile: "\(folder)/credentials", atomically: true, encoding: .utf8)
        try """
            [default]
            region = eu-central-1
            [profile dev]
            region = us-west-2
            s3 =
              max_concurrent_requests = 10
            [profile config-only]
            aws_access_key_id = AKIDCONFIG
            aws_secret_access_key = secret-config
            """.write(toFile: "\(folder)/config", atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The provider's standard chain for an environment (instance metadata off, so nothing waits on 169.254.169.254).
    func chain(explicit: AWSCredentials? = nil, profile: String? = nil, environment: [String: String]) throws -> RefreshingCredentialProvider {
        var options: [String: String] = ["region": "us-east-1"]
        if let explicit {
            options["access_key_id"] = explicit.accessKeyID
            options["secret_access_key"] = explicit.secretAccessKey
        }
        if let profile { options["profile"] = profile }
        let configuration = try AWSConfiguration(options: options, environment: environment.merging(["AWS_EC2_METADATA_DISABLED": "true"]) { $1 })
        return try AWSCredentialChain.standard(configuration: configuration, transport: try CurlTransport(), logger: .silent)
    }

    var files: [String: String] { ["AWS_SHARED_CREDENTIALS_FILE": "\(folder)/credentials", "AWS_CONFIG_FILE": "\(folder)/config", "HOME": folder] }

    func testExplicitBeatsEnvironmentBeatsProfile() async throws {
        let environment = files.merging(["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "secret-env"]) { $1 }
        let explicit = AWSCredentials(accessKeyID: "AKIDEXPLICIT", secretAccessKey: "s", source: "client options")
        let withExplicit = try await chain(explicit: explicit, environment: environment).resolve()
        XCTAssertEqual(withExplicit.accessKeyID, "AKIDEXPLICIT")
        let fromEnvironment = try await chain(environment: environment).resolve()
        XCTAssertEqual(fromEnvironment.accessKeyID, "AKIDENV")
        XCTAssertEqual(fromEnvironment.source, "environment")
        let fromProfile = try await chain(environment: files).resolve()
        XCTAssertEqual(fromProfile.accessKeyID, "AKIDDEFAULT")
    }

    func testAWSProfileAndExplicitProfileSelectTheSection() async throws {
        let dev = try await chain(environment: files.merging(["AWS_PROFILE": "dev"]) { $1 }).resolve()
        XCTAssertEqual(dev.accessKeyID, "AKIDDEV")
        XCTAssertEqual(dev.secretAccessKey, "secret-dev")
        XCTAssertEqual(dev.sessionToken, "token-dev")
        let configOnly = try await chain(profile: "config-only", environment: files).resolve()
        XCTAssertEqual(configOnly.accessKeyID, "AKIDCONFIG")
    }

    func testNothingFoundListsEverySourceWithoutSecrets() async {
        let environment = ["AWS_ACCESS_KEY_ID": "AKIDHALF", "AWS_SHARED_CREDENTIALS_FILE": "\(folder)/absent", "AWS_CONFIG_FILE": "\(folder)/absent2", "HOME": folder]
        do {
            _ = try await chain(environment: environment).resolve()
            XCTFail("should find nothing")
        } catch let error as CloudError {
            XCTAssertEqual(error.kind, .unauthenticated)
            for source in ["web identity: AWS_WEB_IDENTITY_TOKEN_FILE is not set", "container credentials: neither", "instance metadata (IMDSv2): AWS_EC2_METADATA_DISABLED is true"] {
                XCTAssertTrue(error.message.contains(source), error.message)
            }
            XCTAssertTrue(error.message.contains("environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"), error.message)
            XCTAssertTrue(error.message.contains("shared files (profile default)"), error.message)
            XCTAssertTrue(error.message.contains("\(folder)/absent"), error.message)
        } catch {
            XCTFail("\(error)")
        }
    }

    func testProfileFileParsingHandlesCommentsWhitespaceAndNesting() {
        let file = AWSProfileFile.parse("""
            ; leading comment
              [ profile   spaced ]
            Region=us-east-2   # trailing
            s3 =
                addressing_style = path
            output = json
            [broken
            key = ignored
            """)
        XCTAssertEqual(file.sections["profile spaced"]?["region"], "us-east-2")
        XCTAssertEqual(file.sections["profile spaced"]?["s3.addressing_style"], "path")
        XCTAssertEqual(file.sections["profile spaced"]?["output"], "json")
        XCTAssertNil(file.sections["broken"])
    }

    func testSharedConfigGivesTheProfileRegion() {
        XCTAssertEqual(AWSSharedConfig(profile: nil, environment: files).region(), "eu-central-1")
        XCTAssertEqual(AWSSharedConfig(profile: "dev", environment: files).region(), "us-west-2")
        XCTAssertNil(AWSSharedConfig(profile: "absent", environment: files).region())
    }
}
