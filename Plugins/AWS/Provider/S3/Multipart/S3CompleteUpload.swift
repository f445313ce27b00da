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
    static func etag(from reply: Data) throws(CloudError) -> String? {
        let tree = try XMLTree.parse(reply)
        if tree.name == "Error" {
            let code = tree.text("Code")
            throw CloudError(
                AWSErrorMapper.kind(code: code, status: 500), tree.text("Message") ?? "completing the multipart upload failed", code: code,
                httpStatus: 200, requestID: tree.text("RequestId"), retryable: AWSErrorMapper.retryable(code: code, status: 500))
        }
        return tree.text("ETag")
    }

    /// `text` with XML's special characters escaped.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
