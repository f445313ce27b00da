import CloudKitModel

/// The object keys the local provider accepts.
///
/// S3's rules (1 to 1024 bytes of UTF-8, no NUL — `StorageNames.validateKey`,
/// shared with every provider) plus what a file system needs: no `.` or `..`
/// segment and no leading `/`, which would read as path traversal or an
/// absolute path. Everything else — spaces, any Unicode, `%`, empty segments
/// (`dir/`, `a//b`), keys that are prefixes of others (`a` and `a/b`) — is
/// allowed.
public enum ObjectKeyValidator {
    /// Throws `invalidArgument` (codes `InvalidArgument`, `KeyTooLongError`) when `key` is not acceptable.
    public static func validate(_ key: String) throws(CloudError) {
        try StorageNames.validateKey(key)
        if key.utf8.first == UInt8(ascii: "/") {
            throw CloudError(.invalidArgument, "object key '\(key)' starts with '/'; keys must not be absolute paths", code: "InvalidArgument")
        }
        for segment in key.split(separator: "/", omittingEmptySubsequences: false) where segment == "." || segment == ".." {
            throw CloudError(.invalidArgument, "object key '\(key)' has a '\(segment)' path segment", code: "InvalidArgument")
        }
    }
}
