import CloudKit
import CloudKitTestSupport
import Foundation
import Testing

@Suite("local folders for sync")
struct LocalFolderTests {
    func folder() throws -> String {
        let path = TestFolders.path("ck-sync")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func write(_ root: String, _ relative: String, _ text: String = "abc") throws {
        let path = "\(root)/\(relative)"
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    @Test("every regular file in every sub-folder, with size and time; links passed over with a note")
    func walk() throws {
        let root = try folder()
        try write(root, "a.txt", "12345")
        try write(root, "sub/deeper/b.bin")
        try FileManager.default.createSymbolicLink(atPath: "\(root)/link.txt", withDestinationPath: "\(root)/a.txt")
        try FileManager.default.createSymbolicLink(atPath: "\(root)/loop", withDestinationPath: root)
        let listing = try LocalFolder.list(root)
        #expect(listing.entries.map(\.path) == ["a.txt", "sub/deeper/b.bin"])
        #expect(listing.entries.first?.size == 5)
        #expect(listing.entries.allSatisfy { $0.modified != nil })
        #expect(listing.notes.count == 2)
        #expect(listing.notes.allSatisfy { $0.contains("symbolic link") })
        #expect(listing.failures.isEmpty)
    }

    @Test("a missing folder is not found (or empty for a destination); a file is not a folder")
    func missing() throws {
        let root = try folder()
        #expect(throws: CloudError.self) { try LocalFolder.list("\(root)/nope") }
        #expect(try LocalFolder.list("\(root)/nope", missingIsEmpty: true).entries.isEmpty)
        try write(root, "file")
        #expect(throws: CloudError.self) { try LocalFolder.list("\(root)/file") }
    }

    @Test("prepare makes the folders on the way and never writes through a link or over a folder")
    func prepare() throws {
        let root = try folder()
        let outside = try folder()
        let path = try LocalFolderWriter.prepare(root: "\(root)/new", relative: "x/y/z.txt")
        #expect(path == "\(root)/new/x/y/z.txt")
        var isFolder: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: "\(root)/new/x/y", isDirectory: &isFolder) && isFolder.boolValue)
        try FileManager.default.createSymbolicLink(atPath: "\(root)/escape", withDestinationPath: outside)
        #expect(throws: CloudError.self) { try LocalFolderWriter.prepare(root: root, relative: "escape/file") }
        try FileManager.default.createSymbolicLink(atPath: "\(root)/link.txt", withDestinationPath: "\(outside)/target")
        #expect(throws: CloudError.self) { try LocalFolderWriter.prepare(root: root, relative: "link.txt") }
        #expect(throws: CloudError.self) { try LocalFolderWriter.prepare(root: root, relative: "new") }
        #expect(throws: CloudError.self) { try LocalFolderWriter.prepare(root: root, relative: "../x") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)
    }

    @Test("setModified gives the file the time exactly (to the second and below)")
    func times() throws {
        let root = try folder()
        try write(root, "f")
        let date = Date(timeIntervalSince1970: 1_600_000_000.25)
        try LocalFolderWriter.setModified("\(root)/f", to: date)
        let entry = try #require(try LocalFolder.list(root).entries.first)
        #expect(abs((entry.modified ?? .distantPast).timeIntervalSince(date)) < 0.001)
    }
}

@Suite("bounded concurrency")
struct BoundedConcurrencyTests {
    @Test("every element runs once, never more than the limit at a time")
    func bounded() async {
        let state = Locked((running: 0, most: 0, seen: [Int]()))
        await BoundedConcurrency.forEach(0..<50, limit: 4) { element in
            state.withLock { $0.running += 1; $0.most = max($0.most, $0.running) }
            await Task.yield()
            state.withLock { $0.running -= 1; $0.seen.append(element) }
        }
        let (running, most, seen) = state.withLock { $0 }
        #expect(running == 0)
        #expect(most <= 4 && most >= 1)
        #expect(seen.sorted() == Array(0..<50))
    }

    @Test("a paged listing's failure is thrown after what started has finished")
    func pageFailure() async {
        let done = Locked(0)
        let pages = Paginated<Int> { token throws(CloudError) in
            guard token == nil else { throw CloudError(.network, "page two failed") }
            return ([1, 2, 3], "next")
        }
        await #expect(throws: CloudError.self) {
            try await BoundedConcurrency.forEach(pages, limit: 2) { _ in done.withLock { $0 += 1 } }
        }
        #expect(done.withLock { $0 } == 3)
    }
}
