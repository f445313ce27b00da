import CloudKitModel
import Foundation

/// One page of a listing over a bucket's folder tree, with S3's rules: keys
/// in ascending UTF-8 byte order, prefix filter, delimiter roll-up into
/// common prefixes (each counting as one entry toward `maxKeys`), and an
/// opaque page token (base64 of the last entry returned; the next page starts
/// after it).
struct LocalListing {
    let store: LocalObjectStore
    let request: ListObjectsRequest

    static let defaultMaxKeys = 1000

    /// True when any object exists below `folder`.
    static func anyKey(in folder: String) throws(CloudError) -> Bool {
        var found = false
        walk(folder, segments: []) { _ in found = true; return false }
        return found
    }

    /// Visits the key of every record below `folder`; `visit` returns false to stop.
    @discardableResult
    static func walk(_ folder: String, segments: [String], _ visit: (String) -> Bool) -> Bool {
        for entry in FileSystem.entries(folder) {
            if entry.hasSuffix(".d"), let segment = ObjectKeyPath.decode(String(entry.dropLast(2))) {
                if !walk("\(folder)/\(entry)", segments: segments + [segment], visit) { return false }
            } else if entry.hasSuffix(".meta"), let segment = ObjectKeyPath.decode(String(entry.dropLast(5))) {
                if !visit((segments + [segment]).joined(separator: "/")) { return false }
            }
        }
        return true
    }

    func page() throws(CloudError) -> ObjectListing {
        let maxKeys = request.maxKeys == 0 ? Self.defaultMaxKeys : min(request.maxKeys, Self.defaultMaxKeys)
        let prefix = request.prefix ?? ""
        let startAfter = try request.pageToken.map { token throws(CloudError) -> [UInt8] in
            guard let data = Data(base64Encoded: token) else {
                throw CloudError(.invalidArgument, "the page token is not one this provider issued", code: "InvalidArgument")
            }
            return Array(data)
        }
        var keys: [[UInt8]] = []
        Self.walk(store.objectsFolder(request.bucket), segments: []) { key in
            if key.hasPrefix(prefix) { keys.append(Array(key.utf8)) }
            return true
        }
        keys.sort { $0.lexicographicallyPrecedes($1) }

        var objects: [String] = []
        var prefixes: [String] = []
        var last: [UInt8]?
        var truncated = false
        let prefixBytes = Array(prefix.utf8)
        let delimiter = request.delimiter.flatMap { $0.isEmpty ? nil : Array($0.utf8) }
        for key in keys {
            var entry = key
            var isPrefix = false
            if let delimiter, let cut = Self.firstRange(of: delimiter, in: key, from: prefixBytes.count) {
                entry = Array(key[..<cut])
                isPrefix = true
            }
            if let startAfter, !startAfter.lexicographicallyPrecedes(entry) { continue }
            if isPrefix, let lastEntry = last, lastEntry == entry { continue }
            if objects.count + prefixes.count == maxKeys {
                truncated = true
                break
            }
            let text = String(decoding: entry, as: UTF8.self)
            if isPrefix { prefixes.append(text) } else { objects.append(text) }
            last = entry
        }
        var summaries: [ObjectSummary] = []
        for key in objects {
            let path = try ObjectKeyPath(key: key)
            // A record removed since the walk is simply not listed.
            guard let record = try ObjectRecord.read("\(store.objectsFolder(request.bucket))/\(path.metaPath)") else { continue }
            summaries.append(ObjectSummary(key: key, size: record.size, etag: record.etag, lastModified: record.info(bucket: request.bucket).lastModified))
        }
        return ObjectListing(
            objects: summaries, commonPrefixes: prefixes,
            nextPageToken: truncated ? last.map { Data($0).base64EncodedString() } : nil)
    }

    /// The end index (exclusive, including the delimiter) of the first `needle` at or after `start`.
    static func firstRange(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count > 0, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        for index in start...(haystack.count - needle.count) where haystack[index..<(index + needle.count)].elementsEqual(needle) {
            return index + needle.count
        }
        return nil
    }
}
