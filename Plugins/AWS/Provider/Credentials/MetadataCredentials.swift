import AWSAuth
import AWSHTTP
import CloudKitModel
import Foundation

/// The JSON credential documents of the container and instance metadata
/// endpoints: `AccessKeyId`, `SecretAccessKey`, `Token`, `Expiration`.
enum MetadataCredentials {
    static func parse(_ body: Data, source: String) throws(CloudError) -> AWSCredentials {
        guard let text = String(data: body, encoding: .utf8), case .object(let json)? = try? JSONValue.parse(text) else {
            throw CloudError(.unauthenticated, "\(source) returned something that is not a JSON object", code: "MalformedCredentials")
        }
        if let code = json["Code"]?.stringValue, code != "Success" {
            throw CloudError(.unauthenticated, "\(source) reported \(code)", code: "MetadataCredentialsFailed")
        }
        guard let key = json["AccessKeyId"]?.stringValue, !key.isEmpty, let secret = json["SecretAccessKey"]?.stringValue, !secret.isEmpty else {
            throw CloudError(.unauthenticated, "\(source) returned no AccessKeyId and SecretAccessKey", code: "MalformedCredentials")
        }
        var expiration: Date?
        if let text = json["Expiration"]?.stringValue {
            guard let date = ISO8601Date.parse(text) else {
                throw CloudError(.unauthenticated, "\(source) returned an Expiration that is not an ISO 8601 time", code: "MalformedCredentials")
            }
            expiration = date
        }
        return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: json["Token"]?.stringValue, expiration: expiration, source: source)
    }
}
