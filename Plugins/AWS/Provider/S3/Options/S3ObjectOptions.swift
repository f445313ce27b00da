import AWSHTTP
import CloudKitModel

/// The per-call options of S3 puts, copies and gets (`ObjectOptionKey`):
/// checked before anything is sent, and the stored ones turned into the
/// headers S3 keeps with the object. A key the operation does not take, or
/// an empty or malformed value, is `invalid argument` naming the key.
enum S3ObjectOptions {
    /// Stored options and the request header each travels in.
    static let storedHeaders: [(key: String, header: String)] = [
        (ObjectOptionKey.cacheControl, "Cache-Control"),
        (ObjectOptionKey.contentEncoding, "Content-Encoding"),
        (ObjectOptionKey.contentDisposition, "Content-Disposition"),
        (ObjectOptionKey.storageClass, "x-amz-storage-class"),
        (ObjectOptionKey.serverSideEncryption, "x-amz-server-side-encryption"),
        (ObjectOptionKey.sseKMSKeyID, "x-amz-server-side-encryption-aws-kms-key-id"),
        (ObjectOptionKey.tags, "x-amz-tagging"),
    ]

    /// The storage classes S3 knows.
    static let storageClasses: Set<String> = [
        "STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "DEEP_ARCHIVE",
        "OUTPOSTS", "GLACIER_IR", "SNOW", "EXPRESS_ONEZONE",
    ]

    /// The server-side encryption algorithms S3 knows.
    static let encryptions: Set<String> = ["AES256", "aws:kms", "aws:kms:dsse"]

    /// Checks every key of `options` against `allowed` (the operation's keys,
    /// `operation` names it) and every value; the stored options among them.
    static func stored(_ options: [String: String], allowed: [String], operation: String) throws(CloudError) -> [String: String] {
        try ObjectOptionRules.check(options, allowed: allowed, provider: "aws", operation: operation)
        let stored = options.filter { ObjectOptionKey.stored.contains($0.key) }
        if let storageClass = stored[ObjectOptionKey.storageClass], !storageClasses.contains(storageClass) {
            throw ObjectOptionRules.invalid(ObjectOptionKey.storageClass, "is not an S3 storage class (\(storageClasses.sorted().joined(separator: ", ")))")
        }
        if let encryption = stored[ObjectOptionKey.serverSideEncryption], !encryptions.contains(encryption) {
            throw ObjectOptionRules.invalid(ObjectOptionKey.serverSideEncryption, "must be AES256, aws:kms or aws:kms:dsse")
        }
        if stored[ObjectOptionKey.sseKMSKeyID] != nil, !(stored[ObjectOptionKey.serverSideEncryption] ?? "").hasPrefix("aws:kms") {
            throw ObjectOptionRules.invalid(ObjectOptionKey.sseKMSKeyID, "needs server_side_encryption aws:kms or aws:kms:dsse")
        }
        return stored
    }

    /// The headers carrying `stored` options, in a fixed order.
    static func headers(_ stored: [String: String]) -> [HTTPHeader] {
        storedHeaders.compactMap { entry in stored[entry.key].map { HTTPHeader(entry.header, $0) } }
    }
}

extension S3ObjectOptions {
    /// The headers of a `CopyObject` whose copy gets `stored` options instead
    /// of the source's: S3 then takes metadata and tags from the request
    /// (`REPLACE`), so the source's content type and user metadata are sent
    /// again, and the copy is pinned to the source's ETag so that they belong
    /// to the bytes copied.
    static func replacingHeaders(source: ObjectInfo, stored: [String: String]) -> [HTTPHeader] {
        var headers = [HTTPHeader("x-amz-metadata-directive", "REPLACE"), HTTPHeader("x-amz-tagging-directive", "REPLACE")]
        if let etag = source.etag { headers.append(HTTPHeader("x-amz-copy-source-if-match", etag)) }
        if let contentType = source.contentType { headers.append(HTTPHeader("Content-Type", contentType)) }
        for (name, value) in source.metadata.sorted(by: { $0.key < $1.key }) { headers.append(HTTPHeader("x-amz-meta-\(name)", value)) }
        return headers + Self.headers(stored)
    }

    /// What a copy in parts stores: `stored` when given, else the source's
    /// headers that `CopyObject` would have copied (cache, encoding, disposition).
    static func carried(source: ObjectInfo, stored: [String: String]) -> [String: String] {
        guard stored.isEmpty else { return stored }
        let copied = [ObjectOptionKey.cacheControl, ObjectOptionKey.contentEncoding, ObjectOptionKey.contentDisposition]
        return source.properties.filter { copied.contains($0.key) }
    }
}
