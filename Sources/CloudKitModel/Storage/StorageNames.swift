/// The naming rules of S3, which every provider enforces the same way.
public enum StorageNames {
    /// Checks a bucket name: 3–63 characters of a–z, 0–9, `.` and `-`,
    /// starting and ending with a letter or digit, no `..`, not an IPv4 address.
    public static func validateBucket(_ name: String) throws(CloudError) {
        let bytes = name.utf8
        func fail(_ why: String) -> CloudError {
            CloudError(.invalidArgument, "invalid bucket name '\(name)': \(why)", code: "InvalidBucketName")
        }
        guard (3...63).contains(bytes.count) else { throw fail("it must be 3 to 63 characters long") }
        let isAlphanumeric: (UInt8) -> Bool = { (97...122).contains($0) || (48...57).contains($0) }
        guard bytes.allSatisfy({ isAlphanumeric($0) || $0 == 46 || $0 == 45 }) else {
            throw fail("only lower-case letters, digits, '.' and '-' are allowed")
        }
        guard let first = bytes.first, let last = bytes.last, isAlphanumeric(first), isAlphanumeric(last) else {
            throw fail("it must start and end with a letter or digit")
        }
        guard !zip(bytes, bytes.dropFirst()).contains(where: { $0 == 46 && $1 == 46 }) else { throw fail("it must not contain '..'") }
        // Only a name with three dots can look like an IP address.
        guard bytes.lazy.filter({ $0 == 46 }).count == 3 else { return }
        let parts = name.split(separator: ".")
        if parts.count == 4, parts.allSatisfy({ UInt8($0) != nil }) { throw fail("it must not look like an IP address") }
    }

    /// Checks an object key: 1 to 1024 bytes of UTF-8 (Swift strings are
    /// always valid UTF-8), without NUL.
    public static func validateKey(_ key: String) throws(CloudError) {
        let count = key.utf8.count
        guard count > 0 else { throw CloudError(.invalidArgument, "the object key must not be empty", code: "InvalidArgument") }
        guard count <= 1024 else {
            throw CloudError(.invalidArgument, "the object key is \(count) bytes; at most 1024 are allowed", code: "KeyTooLongError")
        }
        guard !key.utf8.contains(0) else { throw CloudError(.invalidArgument, "the object key must not contain NUL", code: "InvalidArgument") }
    }

    /// Checks a presigned URL lifetime: 1 second to 7 days.
    public static func validateExpiry(_ seconds: Int64) throws(CloudError) {
        guard (1...604_800).contains(seconds) else {
            throw CloudError(.invalidArgument, "expiry must be 1 to 604800 seconds, not \(seconds)", code: "InvalidArgument")
        }
    }
}
