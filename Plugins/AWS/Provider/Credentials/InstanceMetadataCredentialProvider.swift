import AWSAuth
import AWSHTTP
import CloudKitModel
import Foundation

/// EC2 instance metadata, IMDSv2 only: a PUT for a session token, then the
/// role's credentials with that token. `AWS_EC2_METADATA_SERVICE_ENDPOINT`
/// overrides the endpoint; `AWS_EC2_METADATA_DISABLED=true` turns it off.
/// Timeouts are short (1 s per request) so a machine without IMDS fails fast.
struct InstanceMetadataCredentialProvider: CredentialProvider {
    let environment: [String: String]
    let transport: CurlTransport
    let timeout: Double
    var sourceName: String { "instance metadata (IMDSv2)" }

    init(environment: [String: String], transport: CurlTransport, timeout: Double = 1) {
        self.environment = environment
        self.transport = transport
        self.timeout = timeout
    }

    var endpoint: String {
        let value = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 } ?? "http://169.254.169.254"
        return value.hasSuffix("/") ? String(value.dropLast()) : value
    }

    func resolve() async throws(CloudError) -> AWSCredentials {
        if environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" {
            throw .credentialsUnavailable("AWS_EC2_METADATA_DISABLED is true")
        }
        let token = try await sessionToken()
        let headers = [HTTPHeader("X-aws-ec2-metadata-token", token)]
        let listing = try await get("/latest/meta-data/iam/security-credentials/", headers)
        guard let role = String(decoding: listing, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init), !role.isEmpty else {
            throw .credentialsUnavailable("the instance has no IAM role")
        }
        let document = try await get("/latest/meta-data/iam/security-credentials/\(role)", headers)
        return try MetadataCredentials.parse(document, source: "\(sourceName), role \(role)")
    }

    /// The IMDSv2 session token; any failure means "no IMDS here".
    func sessionToken() async throws(CloudError) -> String {
        let response: HTTPResponse
        do throws(CloudError) {
            response = try await transport.send(HTTPRequest(
                method: "PUT", url: endpoint + "/latest/api/token", headers: [HTTPHeader("X-aws-ec2-metadata-token-ttl-seconds", "21600")],
                body: .bytes(Data()), timeout: timeout))
        } catch {
            throw .credentialsUnavailable("no instance metadata service at \(endpoint) (\(error.kind))")
        }
        guard response.status == 200, let token = String(data: response.body, encoding: .utf8), !token.isEmpty else {
            throw .credentialsUnavailable("the instance metadata service at \(endpoint) refused a session token (HTTP \(response.status))")
        }
        return token
    }

    func get(_ path: String, _ headers: [HTTPHeader]) async throws(CloudError) -> Data {
        let response: HTTPResponse
        do throws(CloudError) {
            response = try await transport.send(HTTPRequest(method: "GET", url: endpoint + path, headers: headers, timeout: timeout))
        } catch {
            throw CloudError(.unauthenticated, "the instance metadata service stopped answering: \(error.kind)", code: "InstanceMetadataUnreachable")
        }
        guard response.status == 200 else {
            if response.status == 404 { throw .credentialsUnavailable("the instance has no IAM role") }
            throw CloudError(.unauthenticated, "the instance metadata service answered HTTP \(response.status)", code: "InstanceMetadataFailed",
                             httpStatus: response.status)
        }
        return response.body
    }
}
