import CloudKitModel

/// What a walk does with a folder of the key tree.
enum FolderDecision {
    /// Visit the keys inside.
    case enter
    /// Pass over it (none of its keys is wanted).
    case skip
    /// End the walk (no later key is wanted either).
    case stop
}

/// Where a key's record is: its name in a folder of the key tree, held
/// open, so that reading it later costs one `openat` (see `OpenFolder`).
struct RecordLocation {
    let folder: OpenFolder
    let name: String

    /// The record; nil when it is gone.
    func read() throws(CloudError) -> ObjectRecord? { try ObjectRecord.read(name, in: folder) }
}

/// Receives the keys of a bucket in ascending UTF-8 byte order.
protocol KeyTreeVisitor {
    /// Decides about a folder all of whose keys start with `keyPrefix`.
    mutating func folder(_ keyPrefix: [UInt8]) -> FolderDecision
    /// Takes one key, whose record is at `record` (and is `parsed` already
    /// when the walk had to read it for the key); returns false to end the walk.
    mutating func key(_ key: [UInt8], record: RecordLocation, parsed: ObjectRecord?) throws(CloudError) -> Bool
}

/// Walks a bucket's key tree (see `ObjectKeyPath`) in key order.
///
/// Within a folder every entry stands for a range of keys: a record for its
/// key, a folder `s.d` for all keys starting with `s/`. Those ranges never
/// overlap, so visiting entries sorted by the bytes they stand for (`s` for
/// a record, `s/` for a folder) yields keys in global byte order, and a
/// visitor can skip whole folders or stop early. Folders removed while the
/// walk runs simply read as empty; names that are not ours are ignored.
/// Each folder is held open while it is walked (and while a visitor keeps
/// a `RecordLocation` in it), and read relative to its descriptor.
struct KeyTreeWalker {
    let objectsFolder: RootedPath

    private enum Entry {
        case folder(name: String)
        case record(RecordLocation, parsed: ObjectRecord?)
    }

    /// Walks every key; returns false when the visitor ended the walk early.
    @discardableResult
    func walk(_ visitor: inout some KeyTreeVisitor) throws(CloudError) -> Bool {
        guard let folder = try OpenFolder(objectsFolder) else { return true }
        return try walk(folder: folder, base: [], &visitor)
    }

    private func walk(folder: OpenFolder, base: [UInt8], _ visitor: inout some KeyTreeVisitor) throws(CloudError) -> Bool {
        for (bytes, entry) in try entries(of: folder, base: base) {
            let full = base + bytes
            switch entry {
            case .folder(let name):
                switch visitor.folder(full) {
                case .enter:
                    // Removed meanwhile: its keys are gone.
                    guard let inner = try folder.folder(name) else { continue }
                    if !(try walk(folder: inner, base: full, &visitor)) { return false }
                case .skip: continue
                case .stop: return false
                }
            case .record(let location, let parsed):
                if !(try visitor.key(full, record: location, parsed: parsed)) { return false }
            }
        }
        return true
    }

    /// The entries of one folder, each with the key bytes it stands for
    /// (after `base`), sorted.
    private func entries(of folder: OpenFolder, base: [UInt8]) throws(CloudError) -> [([UInt8], Entry)] {
        var result: [([UInt8], Entry)] = []
        for name in try folder.names() {
            if name.hasSuffix(".d") {
                guard let segment = KeySegmentCoding.decode(name.dropLast(2)) else { continue }
                result.append((Array(segment.utf8) + [UInt8(ascii: "/")], .folder(name: name)))
            } else if name.hasSuffix(".meta") {
                let stem = name.dropLast(5)
                let location = RecordLocation(folder: folder, name: name)
                if stem.hasPrefix(ObjectKeyPath.hashedMarker) {
                    // A hashed name: the key is in the record (gone meanwhile: not listed).
                    guard let record = try location.read() else { continue }
                    let key = Array(record.key.utf8)
                    guard key.count > base.count, key.starts(with: base) else { continue }
                    result.append((Array(key[base.count...]), .record(location, parsed: record)))
                } else if let segment = KeySegmentCoding.decode(stem) {
                    result.append((Array(segment.utf8), .record(location, parsed: nil)))
                }
            }
        }
        result.sort { $0.0.lexicographicallyPrecedes($1.0) }
        return result
    }
}
