import Foundation

/// Everything known about one stored object.
public struct ObjectInfo: Sendable, Hashable {
    public var bucket: String
    public var key: String
    /// Bytes in the whole object.
    public var size: Int64
    /// The entity tag, quoted as S3 returns it.
    public var etag: String?
    public var contentType: String?
    public var lastModified: Date?
    /// User metadata; keys are lower-case and carry no prefix.
    public var metadata: [String: String]
    /// What was stored with the object besides metadata, by `ObjectOptionKey`
    /// (`cache_control`, `storage_class`, `tags`, …); only what the provider knows.
    public var properties: [String: String]

    public init(
        bucket: String, key: String, size: Int64, etag: String? = nil, contentType: String? = nil,
        lastModified: Date? = nil, metadata: [String: String] = [:], properties: [String: String] = [:]
    ) {
        self.properties = properties
        self.bucket = bucket
        self.key = key
        self.size = size
        self.etag = etag
        self.contentType = contentType
        self.lastModified = lastModified
        self.metadata = metadata
    }
}

/// One key in a listing.
public struct ObjectSummary: Sendable, Hashable {
    public var key: String
    public var size: Int64
    public var etag: String?
    public var lastModified: Date?

    public init(key: String, size: Int64, etag: String? = nil, lastModified: Date? = nil) {
        self.key = key
        self.size = size
        self.etag = etag
        self.lastModified = lastModified
    }
}

/// One page of a listing, keys in ascending UTF-8 byte order.
public struct ObjectListing: Sendable, Hashable {
    public var objects: [ObjectSummary]
    /// Roll-ups of keys that share a prefix up to the delimiter (each ends with it).
    public var commonPrefixes: [String]
    /// Pass to the next call to get the next page; nil on the last page.
    public var nextPageToken: String?

    public init(objects: [ObjectSummary], commonPrefixes: [String] = [], nextPageToken: String? = nil) {
        self.objects = objects
        self.commonPrefixes = commonPrefixes
        self.nextPageToken = nextPageToken
    }
}
