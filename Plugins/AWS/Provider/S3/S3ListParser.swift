import AWSAuth
import CloudKitModel
import Foundation

/// Parses a `ListObjectsV2` reply (with `encoding-type=url`, so keys and
/// prefixes are URL-decoded here). A page with `IsTruncated` true and no
/// `NextContinuationToken` is `internal` (`TruncatedWithoutToken`).
enum S3ListParser {
    static func parse(_ data: Data) throws(CloudError) -> ObjectListing {
        let tree = try XMLTree.parse(data)
        guard tree.name == "ListBucketResult" else {
            throw CloudError(.internal, "S3 sent a listing whose root is <\(tree.name)>, not <ListBucketResult>")
        }
        let urlEncoded = tree.text("EncodingType") == "url"
        let decoded = { (value: String) in urlEncoded ? URIEncoding.decode(value, plusAsSpace: true) : value }
        let objects = tree.all("Contents").map { entry in
            ObjectSummary(
                key: decoded(entry.text("Key") ?? ""), size: entry.text("Size").flatMap { Int64($0) } ?? 0, etag: entry.text("ETag"),
                lastModified: entry.text("LastModified").flatMap(ISO8601Date.parse))
        }
        let prefixes = tree.all("CommonPrefixes").compactMap { $0.text("Prefix") }.map(decoded)
        return ObjectListing(
            objects: objects, commonPrefixes: prefixes,
            nextPageToken: try PageTokenGuard.nextToken(
                tree.text("NextContinuationToken"), truncated: tree.text("IsTruncated") == "true", operation: "S3 ListObjectsV2"))
    }
}
