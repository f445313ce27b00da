@testable import AWSAuth
import AWSHTTP
import Foundation
import XCTest

/// Walks every case folder of the AWS SigV4 test suite (shared/testdata/sigv4/v4)
/// and checks canonical request, string to sign and signature, header and query forms.
final class SigV4SuiteTests: XCTestCase {
    struct Context: Decodable {
        struct Credentials: Decodable {
            let access_key_id: String
            let secret_access_key: String
            let token: String?
        }
        let credentials: Credentials
        let expiration_in_seconds: Int
        let normalize: Bool
        let region: String
        let service: String
        let sign_body: Bool
        let timestamp: String
        let omit_session_token: Bool?
    }

    /// The suite: `CLOUDKIT_SIGV4_TESTDATA`, else `shared/testdata/sigv4/v4` beside the
    /// package or any folder above it (the workplace's reference copy), else the copy
    /// kept in `Fixtures/` for checkouts that have no shared folder.
    static var suiteFolder: URL {
        if let override = ProcessInfo.processInfo.environment["CLOUDKIT_SIGV4_TESTDATA"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        var folder = here.deletingLastPathComponent().deletingLastPathComponent()
        while folder.path != "/" {
            folder = folder.deletingLastPathComponent()
            let candidate = folder.appendingPathComponent("shared/testdata/sigv4/v4")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        }
        return here.appendingPathComponent("Fixtures/sigv4/v4")
    }

    /// Parses a raw HTTP request of the suite into a signable request and its body.
    static func parse(_ text: String) throws -> (SignableRequest, Data) {
        let parts = text.components(separatedBy: "\n\n")
        let head = parts[0].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let body = Data(parts.dropFirst().joined(separator: "\n\n").utf8)
        let requestLine = try XCTUnwrap(head.first)
        let method = String(requestLine.prefix { $0 != " " })
        var target = String(requestLine.dropFirst(method.count + 1))
        if target.hasSuffix(" HTTP/1.1") { target = String(target.dropLast(" HTTP/1.1".count)) }
        let pieces = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = URIEncoding.decode(String(pieces[0]))
        var query: [QueryItem] = []
        if pieces.count > 1, !pieces[1].isEmpty {
            for pair in pieces[1].split(separator: "&") {
                let nameValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                query.append(QueryItem(URIEncoding.decode(String(nameValue[0])), nameValue.count > 1 ? URIEncoding.decode(String(nameValue[1])) : ""))
            }
        }
        var headers: [HTTPHeader] = []
        for line in head.dropFirst() where !line.isEmpty {
            if line.first == " " || line.first == "\t", let last = headers.popLast() {
                headers.append(HTTPHeader(last.name, last.value + "," + line.trimmingCharacters(in: .whitespaces)))
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append(HTTPHeader(String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
        }
        return (SignableRequest(method: method, path: path, query: query, headers: headers), body)
    }

    func read(_ folder: URL, _ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    func testSigV4SuiteEveryCaseHeaderAndQueryForms() throws {
        let folder = Self.suiteFolder
        let cases = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0)/context.json").path) }
            .sorted()
        XCTAssertGreaterThan(cases.count, 0, "no SigV4 cases found in \(folder.path)")
        let isoFormatter = ISO8601DateFormatter()
        for name in cases {
            let caseFolder = folder.appendingPathComponent(name)
            let context = try JSONDecoder().decode(Context.self, from: Data(read(caseFolder, "context.json").utf8))
            let (request, body) = try Self.parse(try read(caseFolder, "request.txt"))
            let date = try XCTUnwrap(isoFormatter.date(from: context.timestamp))
            let credentials = AWSCredentials(
                accessKeyID: context.credentials.access_key_id, secretAccessKey: context.credentials.secret_access_key,
                sessionToken: context.credentials.token, source: "test")
            let signer = SigV4Signer(
                region: context.region, service: context.service, normalizePath: context.normalize, doubleEncodePath: false,
                addContentSHA256Header: context.sign_body, omitSessionToken: context.omit_session_token ?? false)
            let payload = PayloadSigning.hash(Digest.sha256Hex(body))

            let header = signer.sign(request, payload: payload, credentials: credentials, date: date)
            XCTAssertEqual(header.canonicalRequest, try read(caseFolder, "header-canonical-request.txt"), "\(name): header canonical request")
            XCTAssertEqual(header.stringToSign, try read(caseFolder, "header-string-to-sign.txt"), "\(name): header string to sign")
            XCTAssertEqual(header.signature, try read(caseFolder, "header-signature.txt").trimmingCharacters(in: .whitespacesAndNewlines), "\(name): header signature")

            let querySigner = SigV4Signer(
                region: context.region, service: context.service, normalizePath: context.normalize, doubleEncodePath: false,
                omitSessionToken: context.omit_session_token ?? false)
            let query = querySigner.presign(request, payload: payload, credentials: credentials, date: date, expiresSeconds: context.expiration_in_seconds)
            XCTAssertEqual(query.canonicalRequest, try read(caseFolder, "query-canonical-request.txt"), "\(name): query canonical request")
            XCTAssertEqual(query.stringToSign, try read(caseFolder, "query-string-to-sign.txt"), "\(name): query string to sign")
            XCTAssertEqual(query.signature, try read(caseFolder, "query-signature.txt").trimmingCharacters(in: .whitespacesAndNewlines), "\(name): query signature")
        }
    }

    func testSigV4CredentialsNeverPrintTheirSecrets() {
        let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "SECRETSECRET", sessionToken: "TOKENTOKEN", source: "test")
        for text in [credentials.description, credentials.debugDescription, "\(credentials)", String(reflecting: credentials)] {
            XCTAssertFalse(text.contains("SECRETSECRET"))
            XCTAssertFalse(text.contains("TOKENTOKEN"))
            XCTAssertTrue(text.contains("AKIDEXAMPLE"))
        }
    }

    func testSigV4URIEncodingKeepsUnreservedAndEncodesTheRest() {
        XCTAssertEqual(SigV4Signer.uriEncode("aZ09-._~", encodeSlash: true), "aZ09-._~")
        XCTAssertEqual(SigV4Signer.uriEncode("a b/c+d=e&ü", encodeSlash: true), "a%20b%2Fc%2Bd%3De%26%C3%BC")
        XCTAssertEqual(SigV4Signer.encodePath("/bucket/a b/ключ"), "/bucket/a%20b/%D0%BA%D0%BB%D1%8E%D1%87")
    }

    func testURIDecodingUndoesEscapesLeavesMalformedOnesAndReadsPlusOnlyWhenAsked() {
        XCTAssertEqual(URIEncoding.decode("a%20b%2Fc%2bd%C3%BC"), "a b/c+dü")
        XCTAssertEqual(URIEncoding.decode("100%, %zz, %+f, %4"), "100%, %zz, %+f, %4")
        XCTAssertEqual(URIEncoding.decode("a+b%2B"), "a+b+")
        XCTAssertEqual(URIEncoding.decode("a+b%2B", plusAsSpace: true), "a b+")
        XCTAssertEqual(URIEncoding.decode("plain/key.txt", plusAsSpace: true), "plain/key.txt")
    }
}
