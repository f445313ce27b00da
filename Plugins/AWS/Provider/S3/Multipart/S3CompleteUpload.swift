import AWSHTTP
import CloudKitModel
import Foundation

/// The XML of S3's multipart upload calls: the body of
/// `CompleteMultipartUpload` and what its reply (or `UploadPartCopy`'s) means.
enum S3CompleteUpload {
    /// `<CompleteMultipartUpload>` listing `etags` (part number → ETag) in part order.
    static func body(_ etags: [Int: String]) -> Data {
        var xml = #"<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#
        for (number, etag) in etags.sorted(by: { $0.key < $1.key }) {
            xml += "<Part><PartNumber>\(number)</PartNumber><ETag>\(escaped(etag))</ETag></Part>"
        }
        xml += "</CompleteMultipartUpload>"
        return Data(xml.utf8)
    }

    /// The ETag in a `CompleteMultipartUpload` or `UploadPartCopy` reply.
    /// S3 may answer 200 and still report an `<Error>` in the body (the work
    /// failed while the connection was held open): that is an error here.
    static func etag(from reply: HTTPResponse) throws(CloudError) -> String? {
        if let error = AWSErrorMapper.embeddedError(in: reply) { throw error }
        return try XMLTree.parse(reply.body).text("ETag")
    }

    /// `text` with XML's special characters escaped.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
