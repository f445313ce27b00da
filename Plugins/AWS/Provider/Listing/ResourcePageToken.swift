import CloudKitModel
import Foundation

/// The opaque `nextPageToken` of a resource listing (`listBuckets`,
/// `listTables`, `listQueues`, `listTopics`): which listing it belongs to,
/// the service's own token for the service page it continues in (nil for the
/// first), and the last name already returned from that service page (nil
/// when none was). Written as `ck1.` and base64url of a small JSON object, so
/// a token this provider did not make — or made for another listing — is
/// recognised and refused as `invalid argument`.
struct ResourcePageToken: Hashable {
    /// The listing a token belongs to.
    enum Kind: String {
        case buckets = "b"
        case tables = "t"
        case queues = "q"
        case topics = "n"
    }

    let kind: Kind
    /// The service's token for the service page to read.
    let service: String?
    /// Names up to and including this one were returned from that service page.
    let after: String?

    init(kind: Kind, service: String? = nil, after: String? = nil) {
        self.kind = kind
        self.service = service
        self.after = after
    }

    private static let marker = "ck1."

    /// The token `text` of a `kind` listing; nil for no token; `invalid argument` for one this provider did not make.
    init?(parsing text: String?, kind: Kind) throws(CloudError) {
        guard let text else { return nil }
        let refused = CloudError(.invalidArgument, "the page token is not one this provider returned for this listing", code: "InvalidArgument")
        guard text.hasPrefix(Self.marker), let data = Base64URL.decodeUnpadded(text.dropFirst(Self.marker.count)),
              let json = String(data: data, encoding: .utf8), let object = (try? JSONValue.parse(json))?.objectValue,
              object["k"]?.stringValue == kind.rawValue
        else { throw refused }
        let service = object["s"]?.stringValue
        let after = object["a"]?.stringValue
        guard service != nil || after != nil, service?.isEmpty != true, after?.isEmpty != true else { throw refused }
        self.init(kind: kind, service: service, after: after)
    }

    var text: String {
        var object: [String: JSONValue] = ["k": .string(kind.rawValue)]
        if let service { object["s"] = .string(service) }
        if let after { object["a"] = .string(after) }
        return Self.marker + Base64URL.encode(Data(JSONValue.object(object).text.utf8))
    }
}
