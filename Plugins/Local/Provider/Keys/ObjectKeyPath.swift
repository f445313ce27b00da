import CloudKitModel
import Foundation

/// Where an object key lives inside a bucket's `objects` folder — an
/// injective mapping, so no two keys ever share a file.
///
/// Each `/`-separated segment but the last becomes a folder `<stem>.d` (see
/// `KeySegmentCoding`); the last segment names the object's record
/// `<stem>.meta` and its blobs `<stem>.<uuid>.object`. Since every name ends
/// in exactly one of these suffixes, `a`, `a/` and `a/b` live side by side.
///
/// File names are limited to 255 bytes and paths to about 4 KiB, while a key
/// may be 1024 bytes of `%`-escaped segments. So when a segment's stem is
/// longer than `maximumStemBytes`, or the folders would grow past
/// `folderBudgetBytes`, the rest of the key is not spread over folders: it
/// gets a hashed leaf `%%<sha256 of the key>` in the deepest folder reached.
/// `%%` never starts a stem `KeySegmentCoding` makes, and the record of every
/// object stores its full key, so a hashed name is read back from its record.
struct ObjectKeyPath: Sendable, Hashable {
    let key: String
    /// Folder stems leading to the object (each is a folder `<stem>.d`).
    let folders: [String]
    /// The stem of the record and blob names.
    let leaf: String

    /// The longest stem spelled out in a name (the rest of 255 bytes is room for suffixes).
    static let maximumStemBytes = 200
    /// The most bytes of folder names one key may use.
    static let folderBudgetBytes = 1024
    /// Starts every hashed leaf stem.
    static let hashedMarker = "%%"

    /// Validates `key` (see `ObjectKeyValidator`) and computes its place.
    init(key: String) throws(CloudError) {
        try ObjectKeyValidator.validate(key)
        self.key = key
        let segments = key.split(separator: "/", omittingEmptySubsequences: false)
        var folders: [String] = []
        var used = 0
        var leaf: String?
        for (index, segment) in segments.enumerated() {
            let stem = KeySegmentCoding.encode(segment)
            let fits = stem.utf8.count <= Self.maximumStemBytes
            if index == segments.count - 1 {
                leaf = fits ? stem : nil
                break
            }
            let cost = stem.utf8.count + 3  // "<stem>.d/"
            guard fits && used + cost <= Self.folderBudgetBytes else { break }
            folders.append(stem)
            used += cost
        }
        self.folders = folders
        if let leaf {
            self.leaf = leaf
        } else {
            self.leaf = Self.hashedMarker + (try ContentDigest.sha256Hex(key))
        }
    }

    /// True when the leaf is a hashed name (the key is read from the record).
    var isHashed: Bool { leaf.hasPrefix(Self.hashedMarker) }

    /// The names of the folders leading to the object (`["a.d", "b.d"]`).
    var folderNames: [String] { folders.map { $0 + ".d" } }

    /// The folder path relative to `objects` (`a.d/b.d`), empty for a top-level leaf.
    var folderPath: String { folderNames.joined(separator: "/") }

    /// The record's file name.
    var recordName: String { leaf + ".meta" }

    /// A fresh, unique blob file name for a new version of the object.
    func newBlobName() -> String { "\(leaf).\(UUIDText.random()).object" }

    /// True when `name` has the form `newBlobName` gives: `<leaf>.<uuid>.object`,
    /// a plain name in the object's folder.
    func isBlobName(_ name: String) -> Bool {
        let prefix = leaf + "."
        let suffix = ".object"
        guard name.hasPrefix(prefix), name.hasSuffix(suffix), name.utf8.count > prefix.utf8.count + suffix.utf8.count else { return false }
        let middle = name.dropFirst(prefix.count).dropLast(suffix.count)
        return UUIDText.isUUID(middle) && RootedPath.isPlainName(name)
    }
}
