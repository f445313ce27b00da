import CloudKitModel

/// One page as a service returned it: the resources in it, and the
/// service's own token for the next page (nil on the last).
struct ServicePage: Sendable {
    var items: [ResourceSummary]
    var nextToken: String?
}

/// Turns a service's pages of named resources into cloudkit's
/// `ResourcePage`s: only names with the request's prefix, in ascending
/// (UTF-8 byte) order, at most `maxItems` a page.
///
/// Services differ in what they honour (a prefix, a page size, a token; moto
/// honours less than AWS), so every service page is filtered and cut here
/// too: a `ResourcePage` holds names from one service page, and when a
/// service page holds more than fits, the token names that service page again
/// with the last name returned, and the next call continues after it. Service
/// pages without a match are skipped — up to `maximumServicePages` a call,
/// then an empty page with a token is returned — and a service that repeats
/// a token fails the call (`RepeatedPageToken`) rather than loop forever.
enum ResourcePager {
    /// The most service pages one call reads while they hold no match.
    static let maximumServicePages = 50

    /// The page size `request` asks for, or `defaultSize` for 0; `invalid argument` when out of range.
    static func pageSize(_ request: ListResourcesRequest, defaultSize: Int) throws(CloudError) -> Int {
        try request.validate()
        return request.maxItems == 0 ? defaultSize : request.maxItems
    }

    /// One page of `request`. `fetch` reads the service page its token names
    /// (nil: the first); `operation` names it in errors.
    static func page(
        _ request: ListResourcesRequest, kind: ResourcePageToken.Kind, defaultSize: Int, operation: String,
        fetch: (_ serviceToken: String?) async throws(CloudError) -> ServicePage
    ) async throws(CloudError) -> ResourcePage {
        let size = try pageSize(request, defaultSize: defaultSize)
        var cursor = try ResourcePageToken(parsing: request.pageToken, kind: kind) ?? ResourcePageToken(kind: kind)
        var tokens = PageTokenGuard(operation, start: cursor.service)
        let prefix = Array((request.prefix ?? "").utf8)
        for _ in 0..<maximumServicePages {
            let page = try await fetch(cursor.service)
            let after = cursor.after.map { Array($0.utf8) }
            let matching = page.items
                .filter { item in
                    let name = Array(item.name.utf8)
                    return name.starts(with: prefix) && (after.map { $0.lexicographicallyPrecedes(name) } ?? true)
                }
                .sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
            if matching.count > size {
                let items = Array(matching.prefix(size))
                return ResourcePage(items: items, nextPageToken: ResourcePageToken(kind: kind, service: cursor.service, after: items.last?.name).text)
            }
            guard let next = page.nextToken else { return ResourcePage(items: matching) }
            try tokens.accept(next)
            cursor = ResourcePageToken(kind: kind, service: next)
            if !matching.isEmpty { return ResourcePage(items: matching, nextPageToken: cursor.text) }
        }
        return ResourcePage(items: [], nextPageToken: cursor.text)
    }
}
