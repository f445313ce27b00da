import CloudKit
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Reading and writing through a presigned URL, as its holder would: plain
/// HTTP(S) without credentials, or a `file:` URL (a provider on the local disk).
enum URLTransfer {
    /// The body at `url`; an HTTP status other than 2xx fails.
    static func get(_ url: URL) async throws -> Data {
        if url.isFileURL { return try Data(contentsOf: url) }
        return try await send(URLRequest(url: url))
    }

    /// Uploads `body` to `url`. A file is written, then dated a moment back,
    /// so a provider that waits for an upload to settle (the local one) takes it at once.
    static func put(_ url: URL, _ body: Data) async throws {
        if url.isFileURL {
            try body.write(to: url)
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-5)], ofItemAtPath: url.path)
            return
        }
        var request = URLRequest(url: url)
        request.httpMethod = "PUT"
        request.httpBody = body
        _ = try await send(request)
    }

    private static func send(_ request: URLRequest) async throws -> Data {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Data, any Error>) in
            URLSession.shared.dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(throwing: error)
                } else if let status = (response as? HTTPURLResponse)?.statusCode, !(200..<300).contains(status) {
                    continuation.resume(throwing: ConformanceFailure("\(request.httpMethod ?? "GET") of the presigned URL: HTTP \(status)"))
                } else {
                    continuation.resume(returning: data ?? Data())
                }
            }.resume()
        }
    }
}
