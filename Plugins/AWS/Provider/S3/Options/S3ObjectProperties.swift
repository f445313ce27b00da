import AWSHTTP
import CloudKitModel

/// `ObjectInfo.properties` on S3: what head and get replies say besides
/// metadata, and what a put stored.
enum S3ObjectProperties {
    /// Reply headers and the property each fills.
    static let replyHeaders: [(header: String, key: String)] =
        S3ObjectOptions.storedHeaders.filter { $0.key != ObjectOptionKey.tags }.map { ($0.header, $0.key) }
        + [("x-amz-tagging-count", ObjectOptionKey.tagCount)]

    /// The properties in a head or get reply.
    static func from(_ headers: [HTTPHeader]) -> [String: String] {
        var properties: [String: String] = [:]
        for entry in replyHeaders {
            if let value = headers.first(named: entry.header), !value.isEmpty { properties[entry.key] = value }
        }
        return properties
    }

    /// The properties of an object just stored with `stored` options: those
    /// options, the tag count, and the encryption S3 reports it applied.
    static func afterPut(_ stored: [String: String], reply: [HTTPHeader]) -> [String: String] {
        var properties = stored
        if let tags = stored[ObjectOptionKey.tags] { properties[ObjectOptionKey.tagCount] = ObjectTagSet.count(tags) }
        for key in [ObjectOptionKey.serverSideEncryption, ObjectOptionKey.sseKMSKeyID] {
            if let header = S3ObjectOptions.storedHeaders.first(where: { $0.key == key })?.header, let value = reply.first(named: header) {
                properties[key] = value
            }
        }
        return properties
    }
}
