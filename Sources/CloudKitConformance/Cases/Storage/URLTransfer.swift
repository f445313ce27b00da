import CConformanceHTTP
import CloudKit
import Foundation

/// Reading and writing through a presigned URL, as its holder would: plain
/// HTTP(S) without credentials (libcurl, opened on first use:
/// `conformance_http.h` says why it is not linked), or a `file:` URL (a
/// provider on the local disk).
enum URLTransfer {
    /// The body at `url`; an HTTP status other than 2xx fails.
    static func get(_ url: URL) async throws -> Data {
        if url.isFileURL { return try Data(contentsOf: url) }
        return try await send("GET", url, Data())
    }

    /// Uploads `body` to `url`. A file is written, then dated a moment back,
    /// so a provider that waits for an upload to settle (the local one) takes it at once.
    static func put(_ url: URL, _ body: Data) async throws {
        if url.isFileURL {
            try body.write(to: url)
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-5)], ofItemAtPath: url.path)
            return
        }
        _ = try await send("PUT", url, body)
    }

    /// One request on a thread of its own (libcurl's easy interface blocks;
    /// the kit sends one at a time), resumed when it ends. Failures never
    /// quote the URL, whose query holds a signature.
    private static func send(_ method: String, _ url: URL, _ body: Data) async throws -> Data {
        let address = url.absoluteString
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Data, any Error>) in
            Thread.detachNewThread {
                continuation.resume(with: perform(method, address, body))
            }
        }
    }

    private static func perform(_ method: String, _ address: String, _ body: Data) -> Result<Data, any Error> {
        var result = cf_http_result()
        let outcome = body.withUnsafeBytes { bytes in cf_http_perform(method, address, bytes.baseAddress, bytes.count, &result) }
        defer { cf_http_result_free(&result) }
        guard outcome == 0 else {
            let reason = withUnsafeBytes(of: &result.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            return .failure(ConformanceFailure("\(method) of the presigned URL failed: \(reason)"))
        }
        guard (200..<300).contains(result.status) else {
            return .failure(ConformanceFailure("\(method) of the presigned URL: HTTP \(result.status)"))
        }
        guard let bytes = result.body else { return .success(Data()) }
        return .success(Data(bytes: bytes, count: result.body_length))
    }
}
