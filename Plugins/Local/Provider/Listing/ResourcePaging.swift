import CloudKitModel
import Foundation

/// One page of a listing of named resources (`listBuckets`, `listTables`,
/// `listQueues`, `listTopics`): names with the request's prefix, in
/// ascending UTF-8 byte order (SQLite's order for text), at most `size`,
/// after the name the page token carries. Tokens are `ck1.` and base64url
/// of the listing's kind and the last name returned, so a token this provider
/// did not make — or made for another listing — is `invalid argument`.
struct ResourcePaging {
    /// The listing a token belongs to.
    enum Kind: String {
        case buckets = "b"
        case tables = "t"
        case queues = "q"
        case topics = "n"
    }

    /// The page size when the request leaves it to the provider.
    static let defaultPageSize = 1000

    let kind: Kind
    /// The prefix every name must start with ("" for any).
    let prefix: String
    /// The last name already returned, from the token.
    let after: String?
    /// The most names in the page.
    let size: Int

    /// The paging of `request` (validated) for a `kind` listing.
    init(_ request: ListResourcesRequest, kind: Kind) throws(CloudError) {
        try request.validate()
        self.kind = kind
        prefix = request.prefix ?? ""
        size = request.maxItems == 0 ? Self.defaultPageSize : request.maxItems
        after = try request.pageToken.map { (token) throws(CloudError) in try Self.name(in: token, kind: kind) }
    }

    /// The page of `candidates` (any order; may hold names that do not match).
    func page(_ candidates: [ResourceSummary]) -> ResourcePage {
        let prefixBytes = Array(prefix.utf8)
        let afterBytes = after.map { Array($0.utf8) }
        let matching = candidates
            .filter { item in
                let name = Array(item.name.utf8)
                return name.starts(with: prefixBytes) && (afterBytes.map { $0.lexicographicallyPrecedes(name) } ?? true)
            }
            .sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        guard matching.count > size else { return ResourcePage(items: matching) }
        let items = Array(matching.prefix(size))
        return ResourcePage(items: items, nextPageToken: items.last.map { token(after: $0.name) })
    }

    /// The query of the candidate names in the `name` column of `table`:
    /// after the token's name and from the prefix on, in order, one more than
    /// a page — names with the prefix come first and together, so these hold
    /// the page and tell whether more remain.
    func candidatesQuery(table: String) -> (sql: String, values: [SQLiteValue]) {
        ("SELECT name FROM \(table) WHERE name > ? AND name >= ? ORDER BY name LIMIT ?",
         [.text(after ?? ""), .text(prefix), .integer(Int64(size + 1))])
    }

    private static let marker = "ck1."

    private func token(after name: String) -> String {
        Self.marker + Base64URL.encode(Data("\(kind.rawValue):\(name)".utf8))
    }

    private static func name(in token: String, kind: Kind) throws(CloudError) -> String {
        let refused = CloudError(.invalidArgument, "the page token is not one this provider returned for this listing", code: "InvalidArgument")
        guard token.hasPrefix(marker) else { throw refused }
        let body = token.dropFirst(marker.count)
        guard let data = Base64URL.decodeUnpadded(body), let text = String(data: data, encoding: .utf8), text.hasPrefix("\(kind.rawValue):") else {
            throw refused
        }
        let name = String(text.dropFirst(kind.rawValue.count + 1))
        guard !name.isEmpty else { throw refused }
        return name
    }
}
