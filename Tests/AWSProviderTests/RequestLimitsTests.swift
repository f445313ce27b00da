@testable import AWSHTTP
@testable import AWSProvider
import CloudKitModel
import Foundation
import Testing

/// The rules behind the request limits, without a server: option parsing
/// and defaults, which time limits bind which request, what a reply may
/// bring, and the range check of S3 GETs.
@Suite("Request limits")
struct RequestLimitsTests {
    @Test("defaults: connect 10 s, request 60 s, stall 60 s, replies 32 MiB; every option overrides its own")
    func options() throws {
        let defaults = try AWSRequestLimits.transportOptions([:])
        #expect(defaults.connectTimeout == 10)
        #expect(defaults.requestTimeout == 60)
        #expect(defaults.stallTimeout == 60)
        #expect(defaults.maxReplyBytes == 32 << 20)
        let set = try AWSRequestLimits.transportOptions([
            "connect_timeout_ms": "1500", "request_timeout_ms": "2500", "stall_timeout_ms": "3500", "max_reply_bytes": "4096",
        ])
        #expect(set.connectTimeout == 1.5)
        #expect(set.requestTimeout == 2.5)
        #expect(set.stallTimeout == 3.5)
        #expect(set.maxReplyBytes == 4096)
        let keys = AWSConfiguration.optionDescriptions.map(\.0)
        for key in ["connect_timeout_ms", "request_timeout_ms", "stall_timeout_ms", "max_reply_bytes"] { #expect(keys.contains(key)) }
    }

    @Test("a bad limit is invalid argument naming the option", arguments: [
        ("connect_timeout_ms", "0"), ("request_timeout_ms", "soon"), ("stall_timeout_ms", "-1"), ("max_reply_bytes", "10"),
    ])
    func badOption(key: String, value: String) {
        do {
            _ = try AWSRequestLimits.transportOptions([key: value])
            Issue.record("\(key)=\(value) was accepted")
        } catch {
            #expect(error.kind == .invalidArgument)
            #expect(error.message.contains(key))
        }
    }

    @Test("a call has the request timeout plus its server wait; a transfer only the stall limit; an explicit timeout wins")
    func timeLimits() {
        let options = HTTPTransportOptions(connectTimeout: 2, requestTimeout: 5, stallTimeout: 0.5)
        let call = TransferTimeouts(request: HTTPRequest(method: "POST", url: "http://h/"), options: options)
        #expect(call == TransferTimeouts(request: HTTPRequest(method: "POST", url: "http://h/", timeLimit: .call(serverWait: 0)), options: options))
        #expect(call.overall == 5)
        #expect(call.connect == 2)
        #expect(call.stall == 0.5)
        let poll = TransferTimeouts(request: HTTPRequest(method: "POST", url: "http://h/", timeLimit: .call(serverWait: 20)), options: options)
        #expect(poll.overall == 25)
        #expect(poll.stall == 20.5)
        let transfer = TransferTimeouts(request: HTTPRequest(method: "GET", url: "http://h/", timeLimit: .transfer), options: options)
        #expect(transfer.overall == nil)
        #expect(transfer.stall == 0.5)
        let metadata = TransferTimeouts(request: HTTPRequest(method: "GET", url: "http://h/", timeout: 1), options: options)
        #expect(metadata.overall == 1)
        #expect(metadata.connect == 1)
    }

    @Test("a timeout names the limit that ended it; one that never sent the request says so")
    func timeoutErrors() {
        let limits = TransferTimeouts(request: HTTPRequest(method: "GET", url: "http://h/"), options: HTTPTransportOptions(requestTimeout: 5))
        #expect(limits.error(host: "h", elapsed: 5.0, sentNothing: false).code == "RequestTimeout")
        #expect(limits.error(host: "h", elapsed: 3, sentNothing: false).code == "StallTimeout")
        let never = limits.error(host: "h", elapsed: 10, sentNothing: true)
        #expect(never.code == "ConnectTimeout")
        #expect(never.kind == .timeout && never.retryable)
        #expect(RetryPolicy(maxAttempts: 3).shouldRetry(never, attempt: 1, idempotent: false, replayable: true))
        #expect(!RetryPolicy(maxAttempts: 3).shouldRetry(limits.error(host: "h", elapsed: 5, sentNothing: false), attempt: 1, idempotent: false, replayable: true))
    }

    @Test("a reply in memory may bring max_reply_bytes; one delivered to a sink, any; never more than its Content-Length")
    func replyLimit() throws {
        let big = [HTTPHeader("Content-Length", "5000")]
        #expect(throws: CloudError.self) {
            try ReplyLimit(method: "GET", status: 500, headers: big, check: nil, inMemory: true, maxReplyBytes: 4096, url: "http://h/")
        }
        let sink = try ReplyLimit(method: "GET", status: 200, headers: big, check: nil, inMemory: false, maxReplyBytes: 4096, url: "http://h/")
        #expect(throws: Never.self) { try sink.accept(received: 5000) }
        #expect(throws: CloudError.self) { try sink.accept(received: 5001) }
        let chunked = try ReplyLimit(method: "POST", status: 200, headers: [], check: nil, inMemory: true, maxReplyBytes: 4096, url: "http://h/")
        #expect(throws: Never.self) { try chunked.accept(received: 4096) }
        do {
            try chunked.accept(received: 4097)
            Issue.record("more than max_reply_bytes was accepted")
        } catch {
            #expect(error.code == "ReplyTooLarge" && error.kind == .internal)
            #expect(error.message.contains("max_reply_bytes"))
        }
        let head = try ReplyLimit(method: "HEAD", status: 200, headers: big, check: nil, inMemory: true, maxReplyBytes: 4096, url: "http://h/")
        #expect(head.announced == nil)
        let asked = try ReplyLimit(
            method: "GET", status: 206, headers: big, check: { _, _ in 8000 }, inMemory: true, maxReplyBytes: 4096, url: "http://h/")
        #expect(asked.allowed == 8000, "a request that asks for a large reply gets it")
    }

    @Test("S3 GETs: the range asked for, or a whole object no larger than a range from 0; anything else is BadRange")
    func s3Ranges() throws {
        func allowed(_ status: Int, _ headers: [(String, String)], _ range: ByteRange?) throws(CloudError) -> Int64? {
            try S3ReplyRange.allowedBytes(status: status, headers: headers.map { HTTPHeader($0.0, $0.1) }, asked: range)
        }
        let first = ByteRange(start: 0, end: 99)
        #expect(try allowed(206, [("Content-Range", "bytes 0-99/1000"), ("Content-Length", "100")], first) == 100)
        #expect(try allowed(206, [("Content-Range", "bytes 0-9/10"), ("Content-Length", "10")], first) == 10)
        #expect(try allowed(206, [("Content-Range", "bytes 500-999/*")], ByteRange(start: 500)) == 500)
        #expect(try allowed(200, [("Content-Length", "60")], first) == 60)
        #expect(try allowed(200, [("Content-Length", "7")], nil) == 7)
        #expect(try allowed(200, [], nil) == nil)
        for (status, headers, range) in [
            (200, [("Content-Length", "101")], first), (200, [("Content-Length", "5")], ByteRange(start: 1, end: 3)),
            (200, [], first), (206, [], first), (206, [("Content-Range", "bytes 1-99/1000")], first),
            (206, [("Content-Range", "bytes 0-199/1000")], first), (206, [("Content-Range", "bytes 0-99/1000"), ("Content-Length", "150")], first),
            (206, [("Content-Range", "bytes 0-99/50")], first), (206, [("Content-Range", "items 0-99/1000")], first),
        ] as [(Int, [(String, String)], ByteRange)] {
            do {
                _ = try allowed(status, headers, range)
                Issue.record("\(status) \(headers) for \(range.httpHeaderValue) was accepted")
            } catch {
                #expect(error.code == "BadRange" && error.kind == .internal && error.retryable)
            }
        }
    }

    @Test("a truncated page needs a token")
    func truncatedWithoutToken() throws {
        #expect(try PageTokenGuard.nextToken("t", truncated: true, operation: "op") == "t")
        #expect(try PageTokenGuard.nextToken("t", truncated: false, operation: "op") == nil)
        for token in [nil, ""] as [String?] {
            do {
                _ = try PageTokenGuard.nextToken(token, truncated: true, operation: "op")
                Issue.record("a truncated page without a token was accepted")
            } catch {
                #expect(error.code == "TruncatedWithoutToken" && error.kind == .internal)
            }
        }
    }
}
