import AWSAuth
import AWSHTTP
@testable import AWSProvider
import CloudKitModel
import CloudKitProviderSupport
import CloudKitTestSupport
import Foundation
import Testing

/// How a profile's settings choose a credential source: roles, loops, processes, and mistakes.
@Suite("Profile credential resolution")
struct ProfileResolutionTests {
    let folder: String

    init() throws {
        folder = TestFolders.path("ck-profiles")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try """
            [profile loop-a]
            role_arn = arn:aws:iam::123456789012:role/a
            source_profile = loop-b
            [profile loop-b]
            role_arn = arn:aws:iam::123456789012:role/b
            source_profile = loop-a
            [profile orphan]
            role_arn = arn:aws:iam::123456789012:role/o
            source_profile = nowhere
            [profile sourceless]
            role_arn = arn:aws:iam::123456789012:role/s
            [profile odd-source]
            role_arn = arn:aws:iam::123456789012:role/s
            credential_source = Satellite
            [profile long]
            role_arn = arn:aws:iam::123456789012:role/l
            source_profile = keys
            duration_seconds = 99999
            [profile keys]
            aws_access_key_id = AKIDKEYS
            aws_secret_access_key = keys-secret
            [profile process]
            credential_process = printf '{"Version":1,"AccessKeyId":"AKIDPROCESS","SecretAccessKey":"s"}'
            [profile empty]
            region = us-east-1
            [profile from-env]
            role_arn = arn:aws:iam::123456789012:role/env-role
            credential_source = Environment
            [profile from-container]
            role_arn = arn:aws:iam::123456789012:role/container-role
            credential_source = EcsContainer
            [profile from-imds]
            role_arn = arn:aws:iam::123456789012:role/imds-role
            credential_source = Ec2InstanceMetadata
            [profile web]
            role_arn = arn:aws:iam::123456789012:role/web-role
            web_identity_token_file = TOKEN_FILE
            """.write(toFile: "\(folder)/config", atomically: true, encoding: .utf8)
    }

    func resolve(_ profile: String, extra: [String: String] = [:]) async throws(CloudError) -> AWSCredentials {
        let environment = ["AWS_CONFIG_FILE": "\(folder)/config", "AWS_SHARED_CREDENTIALS_FILE": "\(folder)/none", "HOME": folder]
            .merging(extra) { $1 }
        let configuration = try AWSConfiguration(options: ["region": "us-east-1", "profile": profile], environment: environment)
        let resolver = ProfileCredentialResolver(
            config: AWSSharedConfig(profile: profile, environment: environment), configuration: configuration, transport: try CurlTransport(), logger: .silent)
        return try await resolver.resolve()
    }

    func failure(_ profile: String) async -> CloudError? {
        do {
            _ = try await resolve(profile)
            return nil
        } catch {
            return error
        }
    }

    @Test("a source_profile loop is refused and named")
    func loop() async {
        let error = await failure("loop-a")
        #expect(error?.code == "ProfileLoop")
        #expect(error?.message.contains("loop-a → loop-b → loop-a") == true)
    }

    @Test("a missing source_profile, a role without a source, and an unknown credential_source are invalid")
    func mistakes() async {
        #expect(await failure("orphan")?.code == "ProfileNotFound")
        #expect(await failure("sourceless")?.code == "InvalidProfile")
        #expect(await failure("odd-source")?.message.contains("Satellite") == true)
        #expect(await failure("long")?.message.contains("duration_seconds") == true)
    }

    @Test("credential_source Environment, EcsContainer and Ec2InstanceMetadata, and web_identity_token_file, assume their role through STS",
          .enabled(if: ProcessInfo.processInfo.environment["CLOUDKIT_TEST_MOTO_ENDPOINT"] != nil))
    func roleSources() async throws {
        let moto = try #require(ProcessInfo.processInfo.environment["CLOUDKIT_TEST_MOTO_ENDPOINT"])
        let metadata = try #require(await FakeMetadataServer.baseURL.value)
        let token = "\(folder)/token"
        try "web-token".write(toFile: token, atomically: true, encoding: .utf8)
        let config = try String(contentsOfFile: "\(folder)/config", encoding: .utf8).replacingOccurrences(of: "TOKEN_FILE", with: token)
        try config.write(toFile: "\(folder)/config", atomically: true, encoding: .utf8)
        let sources: [(String, [String: String], String)] = [
            ("from-env", ["AWS_ACCESS_KEY_ID": "AKIDENVSOURCE", "AWS_SECRET_ACCESS_KEY": "s"], "env-role"),
            ("from-container", ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(metadata)/container/ok", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer container-token"], "container-role"),
            ("from-imds", ["AWS_EC2_METADATA_SERVICE_ENDPOINT": "\(metadata)/ok"], "imds-role"),
            ("web", [:], "web-role"),
        ]
        for (profile, environment, role) in sources {
            let credentials = try await resolve(profile, extra: environment.merging(["AWS_ENDPOINT_URL": moto]) { $1 })
            #expect(credentials.sessionToken != nil, "\(profile)")
            #expect(credentials.expiration != nil, "\(profile)")
            #expect(credentials.source.contains(role), "\(profile): \(credentials.source)")
        }
        let broken = await failure("from-container")
        #expect(broken?.kind == .unauthenticated)
    }

    @Test("static keys, credential_process, and profiles with nothing in them")
    func sources() async throws {
        #expect(try await resolve("keys").accessKeyID == "AKIDKEYS")
        #expect(try await resolve("process").accessKeyID == "AKIDPROCESS")
        #expect(await failure("empty")?.code == "CredentialsUnavailable")
        #expect(await failure("absent")?.code == "CredentialsUnavailable")
    }
}
