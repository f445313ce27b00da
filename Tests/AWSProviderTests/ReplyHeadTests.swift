@testable import AWSHTTP
@testable import AWSProvider
import Testing

/// A reply's head as curl hands it over, read byte by byte: status lines,
/// fields, the blank line, and the header lookups every reply goes through.
@Suite("Reply heads")
struct ReplyHeadTests {
    static func line(_ text: String) -> HTTPHeaderLine {
        var text = text
        return text.withUTF8 { HTTPHeaderLine(UnsafeRawBufferPointer($0)) }
    }

    @Test("status lines of HTTP/1.1 and HTTP/2; an unreadable status is 0")
    func statusLines() {
        #expect(Self.line("HTTP/1.1 200 OK\r\n") == .status(200))
        #expect(Self.line("HTTP/2 206\r\n") == .status(206))
        #expect(Self.line("HTTP/1.1  404  Not Found\r\n") == .status(404))
        #expect(Self.line("HTTP/1.1 abc\r\n") == .status(0))
        #expect(Self.line("HTTP/1.1\r\n") == .status(0))
        #expect(Self.line("HTTP/1.1 99999999999\r\n") == .status(0))
    }

    @Test("fields keep their name and a trimmed value; the blank line ends the head")
    func fields() {
        #expect(Self.line("Content-Length: 1024\r\n") == .field(HTTPHeader("Content-Length", "1024")))
        #expect(Self.line("x-amz-meta-a:\t two  words \t\r\n") == .field(HTTPHeader("x-amz-meta-a", "two  words")))
        #expect(Self.line("Empty:\r\n") == .field(HTTPHeader("Empty", "")))
        #expect(Self.line("Name: a:b:c\r\n") == .field(HTTPHeader("Name", "a:b:c")))
        #expect(Self.line("x-amz-meta-ü: é\r\n") == .field(HTTPHeader("x-amz-meta-ü", "é")))
        #expect(Self.line("\r\n") == .end)
        #expect(Self.line("  \r\n") == .end)
        #expect(Self.line("no colon here\r\n") == .other)
    }

    @Test("header names match ignoring ASCII case, with no copies; numbers may have spaces around them")
    func lookups() {
        let headers = [HTTPHeader("content-LENGTH", " 42 "), HTTPHeader("X-Amz-Meta-Colour", "red"), HTTPHeader("ETag", "\"e\"")]
        #expect(headers.first(named: "Content-Length") == " 42 ")
        #expect(headers.integer(named: "Content-Length") == 42)
        #expect(headers.integer(named: "ETag") == nil)
        #expect(headers.integer(named: "Missing") == nil)
        #expect(headers.first(named: "etag") == "\"e\"")
        #expect(headers.first(named: "etags") == nil)
        #expect(headers[1].nameHasPrefix("x-amz-meta-"))
        #expect(!headers[2].nameHasPrefix("x-amz-meta-"))
        #expect([HTTPHeader("Content-Length", "")].integer(named: "Content-Length") == nil)
    }

    @Test("Content-Range: first, last and a total or *; anything else is not one")
    func contentRanges() {
        let range = S3ReplyRange.ContentRange("bytes 0-99/1000")
        #expect(range?.first == 0 && range?.last == 99 && range?.count == 100)
        #expect(S3ReplyRange.ContentRange("bytes 500-999/*")?.count == 500)
        for text in [
            "bytes 0-99", "bytes 0-99/", "bytes -5-9/100", "bytes 9-0/100", "bytes 0-99/99", "bytes 0-99//100", "items 0-9/10", "bytes a-9/10",
            "bytes /100", "bytes 0-/100",
        ] {
            #expect(S3ReplyRange.ContentRange(text) == nil, "\(text)")
        }
    }
}
