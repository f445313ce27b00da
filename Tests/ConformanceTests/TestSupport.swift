import CloudKitTestSupport
import Foundation

/// A plain HTTP GET with curl (presigned URLs need no credentials).
enum HTTPFetch {
    static func get(_ url: String) async throws -> Data {
        let outcome = try await ProgramRunner.run(ProgramRunner.which("curl") ?? "/usr/bin/curl", ["-sS", "-f", url])
        guard outcome.status == 0 else {
            throw NSError(domain: "HTTPFetch", code: Int(outcome.status), userInfo: [NSLocalizedDescriptionKey: outcome.stderr])
        }
        return outcome.stdout
    }

    /// A plain HTTP PUT of `body` with curl.
    static func put(_ url: String, _ body: Data) async throws {
        let outcome = try await ProgramRunner.run(
            ProgramRunner.which("curl") ?? "/usr/bin/curl", ["-sS", "-f", "-X", "PUT", "--data-binary", "@-", "-H", "Content-Type:", url], stdin: body)
        guard outcome.status == 0 else {
            throw NSError(domain: "HTTPFetch", code: Int(outcome.status), userInfo: [NSLocalizedDescriptionKey: outcome.stderr])
        }
    }
}
