/// One side of a sync: a local folder, or the keys of a bucket under a prefix.
///
/// A bucket side is written `ck://BUCKET` or `ck://BUCKET/PREFIX` (like
/// `s3://` in `aws s3 sync` and s5cmd, but the same for every provider);
/// anything else is a local path. So `photos` is always the local folder
/// `photos`, never a bucket. A side written as another URL (`s3://b`,
/// `gs://b`) is refused rather than read as a folder named `s3:`: write
/// `./s3:/b` for that folder.
public enum SyncEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// A folder on this machine.
    case folder(path: String)
    /// The keys of `bucket` that start with `prefix`; the prefix is empty or ends with `/`.
    case bucket(name: String, prefix: String)

    /// How a bucket side starts.
    public static let scheme = "ck://"

    /// Parses a side as the user wrote it. A non-empty prefix is a folder of
    /// keys: `ck://b/photos` and `ck://b/photos/` both mean the keys under
    /// `photos/`.
    public static func parse(_ text: String) throws(CloudError) -> SyncEndpoint {
        guard !text.isEmpty else { throw .invalidArgument("a sync side must not be empty: give a local folder or ck://BUCKET[/PREFIX]") }
        if text.hasPrefix(scheme) {
            let rest = text.dropFirst(scheme.count)
            let name = String(rest.prefix { $0 != "/" })
            var prefix = String(rest.dropFirst(name.count).dropFirst())
            try StorageNames.validateBucket(name)
            if !prefix.isEmpty, !prefix.hasSuffix("/") { prefix += "/" }
            return .bucket(name: name, prefix: prefix)
        }
        if otherScheme(text) {
            throw .invalidArgument("'\(text)' is a URL; a bucket is written ck://BUCKET[/PREFIX], and a local folder of that name ./\(text)")
        }
        return .folder(path: text)
    }

    /// True for `s3://…`: a URL scheme (a letter, then letters, digits, `+`, `-`, `.`) before `://`.
    private static func otherScheme(_ text: String) -> Bool {
        guard let range = text.range(of: "://") else { return false }
        let scheme = text[..<range.lowerBound]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return false }
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
    }

    /// As the user would write it (a bucket side with its normalised prefix).
    public var description: String {
        switch self {
        case .folder(let path): path
        case .bucket(let name, let prefix): "\(Self.scheme)\(name)/\(prefix)"
        }
    }

    /// Where the file or key for `relative` path is, as printed in a plan line.
    public func display(_ relative: String) -> String {
        switch self {
        case .folder(let path): path.hasSuffix("/") ? path + relative : "\(path)/\(relative)"
        case .bucket(let name, let prefix): "\(Self.scheme)\(name)/\(prefix)\(relative)"
        }
    }
}
