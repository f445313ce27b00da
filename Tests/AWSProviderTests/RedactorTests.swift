import AWSAuth
import AWSHTTP
import Foundation
import Testing

/// What the redactor takes out of reply text, and what it leaves alone.
@Suite("Redactor")
struct RedactorTests {
    static let credentials = AWSCredentials(
        accessKeyID: "ASIAEXAMPLEKEY123456", secretAccessKey: "SeCrEt/Key+0123456789abcdefghijABCDEFGHIJ",
        sessionToken: "ToKeN/0123456789+SESSIONtokenVALUE==", source: "test")
    static let signature = String(repeating: "ab12", count: 16)
    let redactor = Redactor(credentials: credentials, signature: signature)

    @Test("the secret key, the token and the signature go, raw, percent-encoded, base64 and JSON-escaped")
    func forms() {
        let token = Self.credentials.sessionToken ?? ""
        let secret = Self.credentials.secretAccessKey
        for form in [
            token, "ToKeN%2F0123456789%2BSESSIONtokenVALUE%3D%3D", Data(token.utf8).base64EncodedString(), #"ToKeN\/0123456789+SESSIONtokenVALUE=="#,
            secret, "SeCrEt%2FKey%2B0123456789abcdefghijABCDEFGHIJ", Data(secret.utf8).base64EncodedString(), Self.signature,
        ] {
            #expect(redactor.redact("before \(form) after") == "before [redacted] after", "\(form)")
        }
    }

    @Test("the access key keeps its type prefix and last four characters")
    func accessKey() {
        #expect(redactor.redact("Credential=ASIAEXAMPLEKEY123456/20240101/us-east-1/s3/aws4_request")
            == "Credential=ASIA[redacted]3456/20240101/us-east-1/s3/aws4_request")
    }

    @Test("any signature after Signature= goes, even one of another request")
    func otherSignatures() {
        let other = String(repeating: "0f", count: 32)
        #expect(Redactor.unsigned.redact("SignedHeaders=host, Signature=\(other)") == "SignedHeaders=host, Signature=[redacted]")
        #expect(Redactor.unsigned.redact("?X-Amz-Signature=\(other)&x=1") == "?X-Amz-Signature=[redacted]&x=1")
        #expect(Redactor.unsigned.redact("Signature=short") == "Signature=short")
    }

    @Test("short values are no secrets: a key 'test' does not garble words")
    func shortValues() {
        let redactor = Redactor(credentials: AWSCredentials(accessKeyID: "test", secretAccessKey: "test", source: "moto"), signature: nil)
        #expect(redactor.redact("the test bucket") == "the test bucket")
    }

    @Test("a reply's headers and body are redacted; a body without secrets stays byte for byte")
    func response() {
        let reply = HTTPResponse(
            status: 403, headers: [HTTPHeader("x-amz-request-id", "id-\(Self.signature)")],
            body: Data("<Message>\(Self.credentials.secretAccessKey)</Message>".utf8))
        let redacted = redactor.redact(reply)
        #expect(redacted.headers.first?.value == "id-[redacted]")
        #expect(String(decoding: redacted.body, as: UTF8.self) == "<Message>[redacted]</Message>")
        let binary = Data([0xFF, 0xFE, 0x00, 0x41])
        #expect(redactor.redact(HTTPResponse(status: 500, headers: [], body: binary)).body == binary)
    }
}
