@testable import AWSProvider
import CloudKitModel
import CloudKitTestSupport
import Foundation
import Testing

/// Replies read into memory stay bounded: against a server that sends far
/// more than it should (`MisbehavingServer.total` bytes), each call fails
/// `internal` with `ReplyTooLarge` or `BadRange`, and the server reports
/// that the transfer was cut off long before the whole body went out.
@Suite("Reply limits against a server that sends too much")
struct ReplyLimitFakeServerTests {
    /// One failed call: its error and the name the server knows its request by.
    struct Outcome {
        var error: CloudError?
        var name: String
    }

    /// An S3 GET of a new key from the server's `bucket` behaviour, with client `options`.
    func get(
        _ bucket: String, range: ByteRange? = nil, sink: BodySink = .memory, options: [String: String] = [:]
    ) async throws -> Outcome {
        let client = try await MisbehavingServer.client(options)
        defer { client.shutdown() }
        let name = MisbehavingServer.name()
        let error = await failure { try await client.s3.getObject(GetObjectRequest(bucket: bucket, key: name, range: range, sink: sink)) }
        return Outcome(error: error, name: name)
    }

    /// Checks the error, then that the server stopped well short of the whole body.
    func expectCutOff(_ outcome: Outcome, code: String) async throws {
        #expect(outcome.error?.kind == .internal, "\(String(describing: outcome.error))")
        #expect(outcome.error?.code == code, "\(String(describing: outcome.error))")
        let sent = try #require(try await MisbehavingServer.sentBytes(outcome.name), "the server never stopped sending")
        #expect(sent < MisbehavingServer.total / 2, "the server sent \(sent) bytes")
    }

    @Test("a 500 announcing a body above the default max_reply_bytes is refused before it is read")
    func hugeDeclaredErrorBody() async throws {
        try await expectCutOff(get("error-declared"), code: "ReplyTooLarge")
    }

    @Test("a 500 streaming an endless body is cut off at max_reply_bytes")
    func hugeChunkedErrorBody() async throws {
        try await expectCutOff(get("error-chunked", options: ["max_reply_bytes": "1048576"]), code: "ReplyTooLarge")
    }

    @Test("a JSON service reply above max_reply_bytes is cut off")
    func hugeJSONReply() async throws {
        let name = MisbehavingServer.name()
        let client = try await MisbehavingServer.client(path: "/json-huge/\(name)", ["max_reply_bytes": "1048576"])
        defer { client.shutdown() }
        let error = await failure { try await client.dynamoDB.listTables(ListResourcesRequest()) }
        try await expectCutOff(Outcome(error: error, name: name), code: "ReplyTooLarge")
    }

    @Test("a whole-object GET to memory answered with more than the first range asked for is refused (BadRange)")
    func wholeObjectIgnoringRange() async throws {
        try await expectCutOff(get("ignore-range"), code: "BadRange")
    }

    @Test("a ranged GET answered with the whole object is refused (BadRange), to memory or a stream")
    func rangedGetIgnoringRange() async throws {
        for sink in [BodySink.memory, .stream(BodyWriter { _ in })] {
            try await expectCutOff(get("ignore-range", range: ByteRange(start: 100, end: 199), sink: sink), code: "BadRange")
        }
    }

    @Test("a body longer than its Content-Length is cut off at the length it announced")
    func bodyLongerThanItsLength() async throws {
        try await expectCutOff(get("overlong", range: ByteRange(start: 0, end: 99)), code: "ReplyTooLarge")
    }
}
