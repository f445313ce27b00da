import CloudKitModel

/// Maps an object key to its place on disk, injectively, and back.
///
/// Each `/`-separated segment becomes one path component: `%` and `/` never
/// appear raw, a leading `.` is escaped (so no name collides with `.`/`..`
/// or the provider's own hidden files), and an empty segment (as in `dir/`
/// or `a//b`) is a lone `%`. Directories carry the suffix `.d`, an object's
/// record `.meta`, its bytes `.<uuid>.object`; since each name ends in
/// exactly one suffix, "a" and "a/b" live side by side.
///
/// Keys with a `.` or `..` segment or a leading `/` are refused: on a file
/// system they read as path traversal, and S3 tools treat them specially too.
public struct ObjectKeyPath: Sendable, Hashable {
    /// Encoded segments leading to the object (directories, without suffix).
    public let folders: [String]
    /// The encoded last segment (the file stem).
    public let stem: String

    /// The longest file name most file systems allow.
    static let maximumComponentBytes = 255
    /// Room for `.<uuid>.object` after the stem.
    static let suffixBytes = 44

    /// Validates `key` for local storage and computes its path.
    public init(key: String) throws(CloudError) {
        try StorageNames.validateKey(key)
        if key.hasPrefix("/") {
            throw CloudError(.invalidArgument, "object key '\(key)' is an absolute path; keys must not start with '/'", code: "InvalidArgument")
        }
        let segments = key.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var encoded: [String] = []
        for segment in segments {
            if segment == "." || segment == ".." {
                throw CloudError(.invalidArgument, "object key '\(key)' has a '\(segment)' path segment", code: "InvalidArgument")
            }
            let name = Self.encode(segment)
            if name.utf8.count + Self.suffixBytes > Self.maximumComponentBytes {
                throw CloudError(
                    .invalidArgument,
                    "object key segment of \(segment.utf8.count) bytes is too long for local storage (at most about 200 bytes between slashes)",
                    code: "KeyTooLongError")
            }
            encoded.append(name)
        }
        folders = Array(encoded.dropLast())
        stem = encoded.last ?? "%"
    }

    /// The relative folder path (`a.d/b.d`), empty for top-level keys.
    public var folderPath: String { folders.map { $0 + ".d" }.joined(separator: "/") }

    /// The relative path of the object's record.
    public var metaPath: String { (folderPath.isEmpty ? "" : folderPath + "/") + stem + ".meta" }

    /// Escapes one key segment into a file name.
    static func encode(_ segment: String) -> String {
        if segment.isEmpty { return "%" }
        var result = ""
        for (index, scalar) in segment.unicodeScalars.enumerated() {
            switch scalar {
            case "%": result += "%25"
            case "/": result += "%2F"
            case ".": result += index == 0 ? "%2E" : "."
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += String(format: "%%%02X", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// Reverses `encode` for one file name (without suffix); nil when it is not one of ours.
    static func decode(_ name: String) -> String? {
        if name == "%" { return "" }
        var bytes: [UInt8] = []
        var iterator = Array(name.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { return nil }
            bytes.append(value)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
