@testable import AWSAuth
import AWSHTTP
@testable import AWSProvider
import CloudKitModel
import CloudKitTestSupport
import Foundation
import Testing

/// Instance metadata (IMDSv2) and container credentials against a fake server on loopback.
@Suite("Instance metadata and container credentials")
struct MetadataCredentialTests {
    let transport: CurlTransport

    init() throws {
        transport = try CurlTransport()
    }

    func base() async throws -> String { try #require(await FakeMetadataServer.baseURL.value, "the fake metadata server did not start") }

    func imds(_ mode: String) async throws -> InstanceMetadataCredentialProvider {
        InstanceMetadataCredentialProvider(environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": "\(try await base())/\(mode)/"], transport: transport)
    }

    func failure(_ provider: any CredentialProvider) async -> CloudError? {
        do {
            _ = try await provider.resolve()
            return nil
        } catch {
            return error
        }
    }

    @Test("IMDSv2: a session token, then the role's credentials with their expiration")
    func imdsSuccess() async throws {
        let credentials = try await imds("ok").resolve()
        #expect(credentials.accessKeyID == "ASIAFAKE")
        #expect(credentials.sessionToken == "fake-token")
        #expect(credentials.expiration == ISO8601Date.parse("2099-01-01T00:00:00Z"))
        #expect(credentials.source.contains("role-a"))
    }

    @Test("IMDS that refuses the token PUT, has no role, or is disabled yields nothing (the chain moves on)")
    func imdsUnavailable() async throws {
        #expect(await failure(try imds("notoken"))?.code == "CredentialsUnavailable")
        #expect(await failure(try imds("norole"))?.code == "CredentialsUnavailable")
        let disabled = InstanceMetadataCredentialProvider(
            environment: ["AWS_EC2_METADATA_DISABLED": "true", "AWS_EC2_METADATA_SERVICE_ENDPOINT": "\(try await base())/ok"], transport: transport)
        #expect(await failure(disabled)?.message.contains("AWS_EC2_METADATA_DISABLED") == true)
    }

    @Test("a slow IMDS fails fast, within its short timeout")
    func imdsSlow() async throws {
        let started = Date()
        let error = await failure(try imds("slow"))
        #expect(error?.code == "CredentialsUnavailable")
        // The server would answer after 600 s; the 1 s timeout gives up long
        // before. The bound is over 100× the timeout, so a loaded machine
        // cannot make it fail, and far below the server's answer.
        #expect(Date().timeIntervalSince(started) < 120)
    }

    @Test("malformed IMDS credentials are an error that names the source and no secret")
    func imdsMalformed() async throws {
        let error = await failure(try imds("malformed"))
        #expect(error?.kind == .unauthenticated)
        #expect(error?.code == "MalformedCredentials")
    }

    @Test("container credentials: relative and full URIs, token from a variable or a file re-read each time")
    func container() async throws {
        let relative = ContainerCredentialProvider(
            environment: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/container/ok", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer container-token"],
            transport: transport, relativeHost: try await base())
        #expect(try await relative.resolve().accessKeyID == "ASIAFAKE")
        let tokenFile = TestFolders.path("ck-token")
        try "Bearer container-token\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let full = ContainerCredentialProvider(
            environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(try await base())/container/ok", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
                          "AWS_CONTAINER_AUTHORIZATION_TOKEN": "ignored"], transport: transport)
        #expect(try await full.resolve().sessionToken == "fake-token")
        try "Bearer rotated-wrong".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        #expect(await failure(full)?.httpStatus == 401)
    }

    @Test("container credentials refuse plain http to other hosts, malformed JSON, and yield nothing when unset")
    func containerRefusals() async throws {
        let remote = ContainerCredentialProvider(environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://203.0.113.5/creds"], transport: transport)
        #expect(await failure(remote)?.code == "InvalidContainerURI")
        #expect(ContainerCredentialProvider.allowedPlainHost("127.0.0.1"))
        #expect(ContainerCredentialProvider.allowedPlainHost("[::1]"))
        #expect(!ContainerCredentialProvider.allowedPlainHost("127.0.0.1.example.com"))
        let malformed = ContainerCredentialProvider(
            environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(try await base())/container/malformed", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer container-token"],
            transport: transport)
        #expect(await failure(malformed)?.code == "MalformedCredentials")
        #expect(await failure(ContainerCredentialProvider(environment: [:], transport: transport))?.code == "CredentialsUnavailable")
    }
}
