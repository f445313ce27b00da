import ArgumentParser
import CloudKit
import Foundation

/// The flags that set object options on put and copy (`ObjectOptionKey`):
/// one flag per option cloudkit defines, `--tag K=V` for tags, and
/// `--object-option KEY=VALUE` for anything else the provider accepts.
struct ObjectOptionFlags: ParsableArguments {
    @Option(name: .customLong("cache-control"), help: "Cache-Control stored with the object.") var cacheControl: String?
    @Option(name: .customLong("content-encoding"), help: "Content-Encoding stored with the object.") var contentEncoding: String?
    @Option(name: .customLong("content-disposition"), help: "Content-Disposition stored with the object.") var contentDisposition: String?
    @Option(name: .customLong("storage-class"), help: "Storage class (AWS: STANDARD, STANDARD_IA, GLACIER, …).") var storageClass: String?
    @Option(name: .customLong("sse"), help: "Server-side encryption (AWS: AES256 or aws:kms).") var serverSideEncryption: String?
    @Option(name: .customLong("sse-kms-key-id"), help: "KMS key for --sse aws:kms.") var kmsKeyID: String?
    @Option(name: .customLong("tag"), help: ArgumentHelp("A tag stored with the object (repeatable).", valueName: "K=V")) var tags: [String] = []
    @Option(name: .customLong("object-option"), help: ArgumentHelp("Any other per-call object option the provider accepts (repeatable; --option sets provider options).", valueName: "KEY=VALUE"))
    var options: [String] = []

    /// The options the flags give; a malformed pair or a key given twice is a usage error.
    func values() throws -> [String: String] {
        var result: [String: String] = [:]
        func set(_ key: String, _ value: String?) throws {
            guard let value else { return }
            guard result[key] == nil else { throw ValidationError("the option '\(key)' is given twice") }
            result[key] = value
        }
        try set(ObjectOptionKey.cacheControl, cacheControl)
        try set(ObjectOptionKey.contentEncoding, contentEncoding)
        try set(ObjectOptionKey.contentDisposition, contentDisposition)
        try set(ObjectOptionKey.storageClass, storageClass)
        try set(ObjectOptionKey.serverSideEncryption, serverSideEncryption)
        try set(ObjectOptionKey.sseKMSKeyID, kmsKeyID)
        if !tags.isEmpty {
            let pairs = try tags.map { tag throws -> String in
                let (key, value) = try Self.split(tag, flag: "--tag")
                return "\(Self.encode(key))=\(Self.encode(value))"
            }
            try set(ObjectOptionKey.tags, pairs.joined(separator: "&"))
        }
        for option in options {
            let (key, value) = try Self.split(option, flag: "--object-option")
            try set(key, value)
        }
        return result
    }

    static func split(_ pair: String, flag: String) throws -> (String, String) {
        guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
            throw ValidationError("\(flag) takes KEY=VALUE, not '\(pair)'")
        }
        return (String(pair[..<equals]), String(pair[pair.index(after: equals)...]))
    }

    /// URL-encodes a tag key or value (as `x-amz-tagging` wants).
    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
