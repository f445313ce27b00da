import AWSAuth
import CloudKitModel
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses a `ListObjectsV2` reply (with `encoding-type=url`, so keys and
/// prefixes are URL-decoded here).
final class S3ListParser: NSObject, XMLParserDelegate {
    private var objects: [ObjectSummary] = []
    private var prefixes: [String] = []
    private var nextToken: String?
    private var truncated = false
    private var urlEncoded = false
    private var path: [String] = []
    private var text = ""
    private var key = ""
    private var size: Int64 = 0
    private var etag: String?
    private var lastModified: Date?
    private var rootClosed = false

    static func parse(_ data: Data) throws(CloudError) -> ObjectListing {
        let delegate = S3ListParser()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        guard parser.parse(), delegate.rootClosed else {
            throw CloudError(.internal, "S3 sent a listing that is not valid XML: \(parser.parserError?.localizedDescription ?? "unknown error")")
        }
        // EncodingType may come after the entries, so decode at the end.
        let objects = delegate.objects.map { object in
            ObjectSummary(key: delegate.decoded(object.key), size: object.size, etag: object.etag, lastModified: object.lastModified)
        }
        return ObjectListing(
            objects: objects, commonPrefixes: delegate.prefixes.map(delegate.decoded),
            nextPageToken: delegate.truncated ? delegate.nextToken : nil)
    }

    private func decoded(_ value: String) -> String {
        urlEncoded ? URIEncoding.decode(value.replacingOccurrences(of: "+", with: " ")) : value
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        path.append(name)
        text = ""
        if name == "Contents" {
            key = ""
            size = 0
            etag = nil
            lastModified = nil
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let parent = path.count >= 2 ? path[path.count - 2] : ""
        switch (parent, name) {
        case ("Contents", "Key"): key = text
        case ("Contents", "Size"): size = Int64(text) ?? 0
        case ("Contents", "ETag"): etag = text
        case ("Contents", "LastModified"): lastModified = S3Dates.parseISO8601(text)
        case (_, "Contents"): objects.append(ObjectSummary(key: key, size: size, etag: etag, lastModified: lastModified))
        case ("CommonPrefixes", "Prefix"): prefixes.append(text)
        case ("ListBucketResult", "NextContinuationToken"): nextToken = text
        case ("ListBucketResult", "IsTruncated"): truncated = text == "true"
        case ("ListBucketResult", "EncodingType"): urlEncoded = text == "url"
        default: break
        }
        path.removeLast()
        if path.isEmpty && name == "ListBucketResult" { rootClosed = true }
        text = ""
    }
}

/// Date formats S3 uses.
enum S3Dates {
    static func parseISO8601(_ text: String) -> Date? {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return withFraction.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }

    /// `Last-Modified` header form: RFC 7231 (`Wed, 25 Nov 2026 05:27:02 GMT`).
    static func parseHTTP(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
