import Foundation

/// A request for one page of a provider's named resources: buckets, tables,
/// queues or topics (ABI 1.3 `ck_list_request`).
public struct ListResourcesRequest: Sendable, Hashable {
    /// Only names that start with this (nil: every name).
    public var prefix: String?
    /// `nextPageToken` of the previous page, or nil for the first page.
    public var pageToken: String?
    /// Most items in this page, 1 ... 1000; 0 means the provider's own page size.
    public var maxItems: Int

    public init(prefix: String? = nil, pageToken: String? = nil, maxItems: Int = 0) {
        self.prefix = prefix
        self.pageToken = pageToken
        self.maxItems = maxItems
    }

    /// Refuses a negative or too large `maxItems` (the same rule on every provider).
    public func validate() throws(CloudError) {
        guard (0...ListResourcesRequest.maxPageSize).contains(maxItems) else {
            throw .invalidArgument("max_items must be 0 (the provider's page size) or 1...\(ListResourcesRequest.maxPageSize), not \(maxItems)")
        }
    }

    /// The largest page a caller may ask for.
    public static let maxPageSize = 1_000
}

/// One named resource in a listing.
public struct ResourceSummary: Sendable, Hashable {
    /// The short name (bucket, table, queue or topic name).
    public var name: String
    /// The provider's full identifier where it has one (a queue's URL, a
    /// topic's ARN, a table's ARN), else nil.
    public var identifier: String?
    /// When it was created, where the provider knows it.
    public var created: Date?

    public init(name: String, identifier: String? = nil, created: Date? = nil) {
        self.name = name
        self.identifier = identifier
        self.created = created
    }
}

/// One page of a resource listing, names in ascending order within the page.
public struct ResourcePage: Sendable, Hashable {
    public var items: [ResourceSummary]
    /// Pass as `pageToken` to get the next page; nil on the last page.
    public var nextPageToken: String?

    public init(items: [ResourceSummary], nextPageToken: String? = nil) {
        self.items = items
        self.nextPageToken = nextPageToken
    }
}
