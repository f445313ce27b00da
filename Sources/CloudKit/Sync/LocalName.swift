/// Whether a key can be a file below a download's destination folder.
///
/// A key is written as the file `DST/<key without the prefix>` only when
/// that relative path stays inside DST and names one file unambiguously:
/// not empty, no leading `/` (an absolute path), no empty segment (`a//b`
/// would land on `a/b`), no `.` or `..` segment, no NUL, and no segment
/// longer than the 255 bytes a file name can have. Anything else is refused
/// for that key alone, with the reason, and nothing is written for it.
public enum LocalName {
    /// The longest file name, in bytes, on the usual Linux file systems.
    public static let maxSegmentBytes = 255

    /// The segments of `relative`, or `invalidArgument` (code `UnsafeFileName`) saying why it cannot be a file name.
    @discardableResult
    public static func segments(of relative: String) throws(CloudError) -> [Substring] {
        func refuse(_ why: String) -> CloudError {
            CloudError(.invalidArgument, "the key part '\(relative)' cannot be a file name: \(why)", code: "UnsafeFileName")
        }
        guard !relative.isEmpty else { throw refuse("it is empty") }
        guard !relative.utf8.contains(0) else { throw refuse("it contains NUL") }
        guard !relative.hasPrefix("/") else { throw refuse("it starts with '/'") }
        let segments = relative.split(separator: "/", omittingEmptySubsequences: false)
        for segment in segments {
            if segment.isEmpty { throw refuse("it has an empty path segment ('//' or a trailing '/')") }
            if segment == "." || segment == ".." { throw refuse("it has a '\(segment)' path segment") }
            if segment.utf8.count > maxSegmentBytes { throw refuse("a segment is longer than \(maxSegmentBytes) bytes") }
        }
        return segments
    }
}
