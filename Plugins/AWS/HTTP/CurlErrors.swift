import CCurl
import CloudKitModel
import Foundation

/// libcurl result codes → `CloudError`.
enum CurlErrors {
    static func map(_ code: CURLcode, url: String) -> CloudError {
        let text = String(cString: curl_easy_strerror(code))
        let host = URL(string: url)?.host ?? url
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return CloudError(.network, "cannot resolve \(host): \(text)", code: "DNSFailure", retryable: true)
        case CURLE_COULDNT_CONNECT:
            return CloudError(.network, "cannot connect to \(host): \(text)", code: "ConnectFailure", retryable: true)
        case CURLE_OPERATION_TIMEDOUT:
            return CloudError(.timeout, "request to \(host) timed out: \(text)", code: "RequestTimeout", retryable: true)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CACERT_BADFILE:
            return CloudError(.network, "TLS with \(host) failed: \(text)", code: "TLSFailure")
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_HTTP2_STREAM:
            return CloudError(.network, "connection to \(host) failed: \(text)", code: "ConnectionFailure", retryable: true)
        case CURLE_ABORTED_BY_CALLBACK, CURLE_WRITE_ERROR, CURLE_READ_ERROR:
            return CloudError(.cancelled, "transfer with \(host) aborted: \(text)")
        default:
            return CloudError(.network, "request to \(host) failed: \(text) (curl \(code.rawValue))", code: "CurlError")
        }
    }
}
