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

/// Receives the keys of a bucket in ascending UTF-8 byte order.
protocol KeyTreeVisitor {
    /// Decides about a folder all of whose keys start with `keyPrefix`.
    mutating func folder(_ keyPrefix: [UInt8]) -> FolderDecision
    /// Takes one key; returns false to end the walk.
    mutating func key(_ key: [UInt8], recordPath: RootedPath, record: ObjectRecord?) throws(CloudError) -> Bool
}

/// Walks a bucket's key tree (see `ObjectKeyPath`) in key order.
///
/// Within a folder every entry stands for a range of keys: a record for its
/// key, a folder `s.d` for all keys starting with `s/`. Those ranges never
/// overlap, so visiting entries sorted by the bytes they stand for (`s` for
/// a record, `s/` for a folder) yields keys in global byte order, and a
/// visitor can skip whole folders or stop early. Folders removed while the
/// walk runs simply read as empty; names that are not ours are ignored.
struct KeyTreeWalker {
    let objectsFolder: RootedPath

    private enum Entry {
        case folder(path: RootedPath)
        case record(path: RootedPath, record: ObjectRecord?)
    }

    /// Walks every key; returns false when the visitor ended the walk early.
    @discardableResult
    func walk(_ visitor: inout some KeyTreeVisitor) throws(CloudError) -> Bool {
        try walk(folder: objectsFolder, base: [], &visitor)
    }

    private func walk(folder: RootedPath, base: [UInt8], _ visitor: inout some KeyTreeVisitor) throws(CloudError) -> Bool {
        for (bytes, entry) in try entries(of: folder, base: base) {
            let full = base + bytes
            switch entry {
            case .folder(let path):
                switch visitor.folder(full) {
                case .enter: if !(try walk(folder: path, base: full, &visitor)) { return false }
                case .skip: continue
                case .stop: return false
                }
            case .record(let path, let record):
                if !(try visitor.key(full, recordPath: path, record: record)) { return false }
            }
        }
        return true
    }

    /// The entries of one folder, each with the key bytes it stands for
    /// (after `base`), sorted.
    private func entries(of folder: RootedPath, base: [UInt8]) throws(CloudError) -> [([UInt8], Entry)] {
        var result: [([UInt8], Entry)] = []
        for name in try FileSystem.entries(folder) {
            if name.hasSuffix(".d") {
                guard let segment = KeySegmentCoding.decode(name.dropLast(2)) else { continue }
                result.append((Array(segment.utf8) + [UInt8(ascii: "/")], .folder(path: folder.appending(name))))
            } else if name.hasSuffix(".meta") {
                let stem = name.dropLast(5)
                let path = folder.appending(name)
                if stem.hasPrefix(ObjectKeyPath.hashedMarker) {
                    // A hashed name: the key is in the record (gone meanwhile: not listed).
                    guard let record = try ObjectRecord.read(path) else { continue }
                    let key = Array(record.key.utf8)
                    guard key.count > base.count, key.starts(with: base) else { continue }
                    result.append((Array(key[base.count...]), .record(path: path, record: record)))
                } else if let segment = KeySegmentCoding.decode(stem) {
                    result.append((Array(segment.utf8), .record(path: path, record: nil)))
                }
            }
        }
        result.sort { $0.0.lexicographicallyPrecedes($1.0) }
        return result
    }
}
