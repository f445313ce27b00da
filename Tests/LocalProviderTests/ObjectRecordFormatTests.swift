import CloudKitModel
import Foundation
@testable import LocalProvider
import Testing

/// The record file's format (`ObjectRecord+JSON`): what the provider writes
/// reads back; what `JSONEncoder` wrote for records before still reads;
/// anything else is refused with the reason.
@Suite("Object records: the file format")
struct ObjectRecordFormatTests {
    static let record = ObjectRecord(
        key: "dir/ké \"y\"", size: 4096, etag: "\"0123abcd\"", contentType: "text/plain", lastModifiedMilliseconds: 1_764_000_000_123,
        metadata: ["owner": "ann", "note": "a\\b"], blob: "k.0123.object", properties: ["cache_control": "no-cache"])

    @Test("a record reads back as written, with or without properties")
    func roundTrip() throws {
        #expect(try ObjectRecord(jsonBytes: Self.record.encoded()) == Self.record)
        var plain = Self.record
        plain.properties = nil
        plain.metadata = [:]
        #expect(try ObjectRecord(jsonBytes: plain.encoded()) == plain)
    }

    @Test("JSONEncoder's record reads the same, whitespace, member order and unknown members aside")
    func encoderRecords() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted]
        var text = String(decoding: try encoder.encode(Self.record), as: UTF8.self)
        #expect(try ObjectRecord(jsonBytes: Data(text.utf8)) == Self.record)
        // A member added at the top (a later version's): passed over.
        text = "{\n  \"future\" : [1, {\"x\": null}]," + text.dropFirst()
        #expect(try ObjectRecord(jsonBytes: Data(text.utf8)) == Self.record)
    }

    @Test("a missing member, one of the wrong type, bad JSON or a duplicate is refused with the reason")
    func refusals() throws {
        let good = String(decoding: Self.record.encoded(), as: UTF8.self)
        let cases: [(String, String)] = [
            (good.replacingOccurrences(of: #""size":4096"#, with: #""size":"4096""#), "'size' is missing or not a whole number"),
            (good.replacingOccurrences(of: #""size":4096"#, with: #""size":40.5"#), "'size' is missing or not a whole number"),
            (good.replacingOccurrences(of: #""key":"#, with: #""kee":"#), "'key' is missing or not a string"),
            (good.replacingOccurrences(of: #""metadata":{"#, with: #""metadata":{"n":1,"#), "'metadata.n' is not a string"),
            (good.replacingOccurrences(of: #""etag":"#, with: #""size":1,"etag":"#), "duplicate member"),
            (String(good.dropLast()), "not valid JSON"),
            ("[1]", "must be a JSON object"),
        ]
        for (text, reason) in cases {
            let error = #expect(throws: CloudError.self, "\(text)") { try ObjectRecord(jsonBytes: Data(text.utf8)) }
            #expect(error?.message.contains(reason) == true, "\(text): \(error?.message ?? "")")
        }
    }
}
