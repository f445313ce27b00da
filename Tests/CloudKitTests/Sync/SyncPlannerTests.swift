import CloudKit
import Foundation
import Testing

@Suite("sync planner")
struct SyncPlannerTests {
    let old = Date(timeIntervalSince1970: 1_700_000_000)
    let new = Date(timeIntervalSince1970: 1_700_000_100)

    func file(_ path: String, _ size: Int64 = 3, _ modified: Date? = nil, etag: String? = nil) -> SyncEntry {
        SyncEntry(path: path, size: size, modified: modified ?? old, etag: etag)
    }

    func plan(_ source: [SyncEntry], _ destination: [SyncEntry], _ direction: SyncDirection, _ options: SyncOptions = SyncOptions()) -> SyncPlan {
        SyncPlanner.plan(source: source, destination: destination, direction: direction, options: options)
    }

    @Test("upload: what is missing, a different size or a newer file; equal or older files are skipped")
    func upload() {
        let result = plan(
            [file("missing"), file("size", 4), file("newer", 3, new), file("same"), file("older", 3, old)],
            [file("size", 3), file("newer", 3, old), file("same"), file("older", 3, new)], .upload)
        #expect(result.actions == [
            SyncAction(.upload, "missing", size: 3, modified: old), SyncAction(.upload, "newer", size: 3, modified: new),
            SyncAction(.upload, "size", size: 4, modified: old),
        ])
        #expect(result.skipped == 2)
        #expect(result.refusals.isEmpty)
    }

    @Test("download: a newer object or a different size; times compared in whole seconds")
    func download() {
        let fraction = Date(timeIntervalSince1970: 1_700_000_000.9)
        let result = plan(
            [file("newer", 3, new), file("same-second", 3, fraction), file("size", 9)],
            [file("newer", 3, old), file("same-second", 3, old), file("size", 3, new)], .download)
        #expect(result.actions.map(\.path) == ["newer", "size"])
        #expect(result.actions.allSatisfy { $0.kind == .download })
        #expect(result.skipped == 1)
    }

    @Test("copy: size or ETag (quotes ignored); without both ETags the later date decides")
    func copy() {
        let result = plan(
            [file("tag", 3, etag: "\"a\""), file("same", 3, new, etag: "\"b\""), file("unquoted", 3, etag: "c"), file("notag", 3, new)],
            [file("tag", 3, etag: "\"z\""), file("same", 3, old, etag: "\"b\""), file("unquoted", 3, etag: "\"c\""), file("notag", 3, old)], .copy)
        #expect(result.actions.map(\.path) == ["notag", "tag"])
        #expect(result.actions.allSatisfy { $0.kind == .copy })
        #expect(result.skipped == 2)
    }

    @Test("unknown times never count as newer")
    func unknownTimes() {
        let unknown = SyncEntry(path: "a", size: 1, modified: nil)
        #expect(!SyncPlanner.differs(unknown, file("a", 1), direction: .upload))
        #expect(!SyncPlanner.differs(file("a", 1), unknown, direction: .download))
        #expect(SyncPlanner.differs(unknown, file("a", 2), direction: .download))
    }

    @Test("--delete removes what the source lacks, after the transfers, in path order; without it nothing is deleted")
    func delete() {
        let source = [file("b"), file("keep")]
        let destination = [file("keep"), file("z-gone"), file("a-gone")]
        #expect(plan(source, destination, .upload).actions == [SyncAction(.upload, "b", size: 3, modified: old)])
        let result = plan(source, destination, .upload, SyncOptions(delete: true))
        #expect(result.actions.map { "\($0.kind) \($0.path)" } == ["upload b", "delete a-gone", "delete z-gone"])
    }

    @Test("the filter applies to both sides: an excluded destination path is never deleted")
    func filter() {
        let options = SyncOptions(delete: true, filter: GlobFilter([.exclude("*.tmp"), .exclude("cache/*"), .include("cache/keep.txt")]))
        let result = plan(
            [file("a.txt"), file("b.tmp"), file("cache/x"), file("cache/keep.txt")], [file("old.tmp"), file("cache/y"), file("gone.txt")],
            .upload, options)
        #expect(result.actions.map { "\($0.kind) \($0.path)" } == ["upload a.txt", "upload cache/keep.txt", "delete gone.txt"])
    }

    @Test("download refuses keys that cannot be file names, and only those; excluded ones are not even refused")
    func refusals() {
        let source = [file("ok.txt"), file("../escape"), file("/abs"), file("a//b"), file("skip/../x")]
        let result = plan(source, [], .download, SyncOptions(filter: GlobFilter([.exclude("skip/*")])))
        #expect(result.actions.map(\.path) == ["ok.txt"])
        #expect(result.refusals.map(\.path) == ["../escape", "/abs", "a//b"])
        #expect(result.refusals.allSatisfy { $0.error.code == "UnsafeFileName" })
    }

    @Test("folder markers (keys ending in '/') are neither downloaded nor deleted; bucket to bucket copies them")
    func folderMarkers() {
        #expect(plan([file("dir/"), file("dir/a")], [], .download).actions.map(\.path) == ["dir/a"])
        #expect(plan([file("a")], [file("a"), file("dir/")], .upload, SyncOptions(delete: true)).actions.isEmpty)
        #expect(plan([file("dir/")], [], .copy).actions.map(\.path) == ["dir/"])
    }

    @Test("paths are ordered by UTF-8 bytes, as S3 lists keys")
    func ordering() {
        let result = plan([file("é"), file("z"), file("A"), file("a/b")], [], .upload)
        #expect(result.actions.map(\.path) == ["A", "a/b", "z", "é"])
    }
}
