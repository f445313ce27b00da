/// The per-call option keys cloudkit defines for object storage (ABI 1.3
/// `options` on put, copy and get requests). A provider accepts the subset
/// its capabilities document lists; a key cloudkit defines that the provider
/// cannot honour is `unsupported` naming it, and a key nobody defines is
/// `invalid argument` naming it. Providers may accept keys of their own too.
public enum ObjectOptionKey {
    // Stored with the object (put and copy); read back by head and get as `ObjectInfo.properties`.
    public static let cacheControl = "cache_control"
    public static let contentEncoding = "content_encoding"
    public static let contentDisposition = "content_disposition"
    public static let storageClass = "storage_class"
    /// `AES256` or `aws:kms`.
    public static let serverSideEncryption = "server_side_encryption"
    public static let sseKMSKeyID = "sse_kms_key_id"
    /// URL-encoded `key=value&key2=value2`, as S3's `x-amz-tagging`.
    public static let tags = "tags"

    // Conditions. On put: `if_none_match` "*" (store only if absent) or
    // `if_match` ETAG (replace only that version); a failed condition is
    // `precondition failed` and changes nothing. On get: `if_match`,
    // `if_none_match` ETAG (not modified is `precondition failed`, code
    // `NotModified`) and `if_modified_since` (milliseconds since the epoch).
    public static let ifMatch = "if_match"
    public static let ifNoneMatch = "if_none_match"
    public static let ifModifiedSince = "if_modified_since"

    /// A property only: how many tags the object has (S3's `x-amz-tagging-count`).
    public static let tagCount = "tag_count"

    /// Keys stored with an object by put and copy.
    public static let stored: [String] = [
        cacheControl, contentEncoding, contentDisposition, storageClass, serverSideEncryption, sseKMSKeyID, tags,
    ]
    /// Every key cloudkit defines for put.
    public static let put: [String] = stored + [ifMatch, ifNoneMatch]
    /// Every key cloudkit defines for copy.
    public static let copy: [String] = stored
    /// Every key cloudkit defines for get.
    public static let get: [String] = [ifMatch, ifNoneMatch, ifModifiedSince]
}

/// The condition a write of an object must meet; when it does not, the
/// write is `precondition failed` and nothing changes.
public enum ObjectWriteCondition: Sendable, Hashable {
    /// Store only if no object has the key (HTTP `If-None-Match: *`).
    case ifAbsent
    /// Replace only the object whose ETag is this (HTTP `If-Match`).
    case ifMatch(String)
}
