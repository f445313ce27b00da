import AWSAuth
import AWSHTTP
import CloudKitModel
import Foundation

/// Container credentials (ECS, EKS Pod Identity): a GET of
/// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` on 169.254.170.2, or of
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI` — only over https or to a loopback
/// (or the EKS agent's) address — with `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`
/// (re-read every time) or `AWS_CONTAINER_AUTHORIZATION_TOKEN` as the `Authorization` header.
struct ContainerCredentialProvider: CredentialProvider {
    let environment: [String: String]
    let transport: CurlTransport
    /// The host of relative URIs (a test points it at its own server).
    let relativeHost: String
    let timeout: Double
    var sourceName: String { "container credentials" }

    init(environment: [String: String], transport: CurlTransport, relativeHost: String = "http://169.254.170.2", timeout: Double = 2) {
        self.environment = environment
        self.transport = transport
        self.relativeHost = relativeHost
        self.timeout = timeout
    }

    static func value(_ environment: [String: String], _ name: String) -> String? {
        environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The URL to ask, or why there is none.
    func url() throws(CloudError) -> String {
        if let relative = Self.value(environment, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            return relativeHost + (relative.hasPrefix("/") ? relative : "/" + relative)
        }
        guard let full = Self.value(environment, "AWS_CONTAINER_CREDENTIALS_FULL_URI") else {
            throw .credentialsUnavailable("neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set")
        }
        guard let components = URLComponents(string: full), let scheme = components.scheme, let host = components.host else {
            throw CloudError(.invalidArgument, "AWS_CONTAINER_CREDENTIALS_FULL_URI is not a URL", code: "InvalidContainerURI")
        }
        guard scheme == "https" || (scheme == "http" && Self.allowedPlainHost(host)) else {
            throw CloudError(.invalidArgument, "AWS_CONTAINER_CREDENTIALS_FULL_URI must use https or a loopback address, not \(host)", code: "InvalidContainerURI")
        }
        return full
    }

    /// Loopback addresses, and the EKS Pod Identity agent's link-local ones.
    static func allowedPlainHost(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare == "::1" || bare == "169.254.170.23" || bare == "fd00:ec2::23" { return true }
        let octets = bare.split(separator: ".")
        return octets.count == 4 && octets.first == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// The authorization header value, or nil.
    func authorization() throws(CloudError) -> String? {
        var token: String?
        if let file = Self.value(environment, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CloudError(.unauthenticated, "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(file)", code: "ContainerTokenUnreadable")
            }
            token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            token = Self.value(environment, "AWS_CONTAINER_AUTHORIZATION_TOKEN")
        }
        if let token, token.contains("\r") || token.contains("\n") {
            throw CloudError(.invalidArgument, "the container authorization token contains a line break", code: "InvalidContainerToken")
        }
        return token
    }

    func resolve() async throws(CloudError) -> AWSCredentials {
        let url = try url()
        var headers = [HTTPHeader("Accept", "application/json")]
        if let token = try authorization() { headers.append(HTTPHeader("Authorization", token)) }
        let response: HTTPResponse
        do throws(CloudError) {
            response = try await transport.send(HTTPRequest(method: "GET", url: url, headers: headers, timeout: timeout))
        } catch {
            throw CloudError(.unauthenticated, "the container credentials endpoint did not answer: \(error.message)", code: "ContainerCredentialsUnreachable")
        }
        guard response.status == 200 else {
            throw CloudError(.unauthenticated, "the container credentials endpoint answered HTTP \(response.status)", code: "ContainerCredentialsFailed",
                             httpStatus: response.status)
        }
        return try MetadataCredentials.parse(response.body, source: sourceName)
    }
}
