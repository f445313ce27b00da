import CloudKitModel

/// Collects one page of a listing from keys visited in order, with S3's
/// rules: only keys starting with `prefix`; with a delimiter, keys whose
/// rest (after the prefix) contains it roll up into one common prefix (ending
/// with the delimiter) that counts once toward `maxKeys`; the page starts
/// after the token's entry and ends once `maxKeys` entries are in and one
/// more exists.
struct ListingPage: KeyTreeVisitor {
    let prefix: [UInt8]
    let delimiter: [UInt8]?
    let maxKeys: Int
    let startAfter: PageToken?

    /// Keys under this prefix are passed over (a common prefix already taken).
    private var skipPrefix: [UInt8]?
    private(set) var objects: [(key: [UInt8], record: RecordLocation, parsed: ObjectRecord?)] = []
    private(set) var commonPrefixes: [[UInt8]] = []
    private(set) var last: PageToken?
    private(set) var isTruncated = false

    init(prefix: [UInt8], delimiter: [UInt8]?, maxKeys: Int, startAfter: PageToken?) {
        self.prefix = prefix
        self.delimiter = delimiter
        self.maxKeys = maxKeys
        self.startAfter = startAfter
        if let startAfter, startAfter.kind == .commonPrefix { skipPrefix = startAfter.entry }
    }

    /// The token for the next page, nil on the last page.
    var nextPageToken: String? { isTruncated ? last?.text : nil }

    mutating func folder(_ keyPrefix: [UInt8]) -> FolderDecision {
        if !keyPrefix.starts(with: prefix) && !prefix.starts(with: keyPrefix) {
            return keyPrefix.lexicographicallyPrecedes(prefix) ? .skip : .stop
        }
        if let skipPrefix, keyPrefix.starts(with: skipPrefix) { return .skip }
        // Every key in the folder is at most the token's entry: all seen before.
        if let after = startAfter?.entry, keyPrefix.lexicographicallyPrecedes(after), !after.starts(with: keyPrefix) { return .skip }
        return .enter
    }

    mutating func key(_ key: [UInt8], record: RecordLocation, parsed: ObjectRecord?) -> Bool {
        guard key.starts(with: prefix) else { return key.lexicographicallyPrecedes(prefix) }
        if let after = startAfter?.entry, !after.lexicographicallyPrecedes(key) { return true }
        if let skipPrefix, key.starts(with: skipPrefix) { return true }
        var entry = key
        var kind = PageToken.Kind.key
        if let delimiter, let end = Self.end(of: delimiter, in: key, from: prefix.count) {
            entry = Array(key[..<end])
            kind = .commonPrefix
            skipPrefix = entry
            // A roll-up at or before the token was returned on an earlier page.
            if let after = startAfter?.entry, !after.lexicographicallyPrecedes(entry) { return true }
        }
        guard objects.count + commonPrefixes.count < maxKeys else {
            isTruncated = true
            return false
        }
        if kind == .commonPrefix {
            commonPrefixes.append(entry)
        } else {
            objects.append((key, record, parsed))
        }
        last = PageToken(kind: kind, entry: entry)
        return true
    }

    /// The index just past the first `needle` in `haystack` at or after `start`.
    static func end(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        for index in start...(haystack.count - needle.count) where haystack[index..<(index + needle.count)].elementsEqual(needle) {
            return index + needle.count
        }
        return nil
    }
}

/// Stops a walk at the first key: tells whether a bucket holds any object.
struct AnyKeyVisitor: KeyTreeVisitor {
    private(set) var found = false

    mutating func folder(_ keyPrefix: [UInt8]) -> FolderDecision { .enter }

    mutating func key(_ key: [UInt8], record: RecordLocation, parsed: ObjectRecord?) -> Bool {
        found = true
        return false
    }
}
