import CloudKit
import CloudKitTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `cloudkit storage sync` on every provider: up, down and bucket to
/// bucket, `--delete`, `--dry-run`, filters, and failures that leave the
/// other paths done.
@Suite("cloudkit storage sync")
struct SyncCLITests {
    /// The counts part of the summary line (bytes and time vary).
    func counts(_ up: Int, _ down: Int, _ copied: Int, _ deleted: Int, _ skipped: Int, _ failed: Int) -> String {
        "\(up) uploaded, \(down) downloaded, \(copied) copied, \(deleted) deleted, \(skipped) skipped, \(failed) failed; "
    }

    @Test("up and down: what is missing or different is copied, the rest skipped; links noted; types guessed; times kept", arguments: ProviderFixture.providers)
    func upAndDown(provider: String) async throws {
        let cli = try await ProviderCLI.open(provider)
        let bucket = try await cli.bucket("sync")
        let site = try ProviderFixture.temporaryDirectory("site")
        try FileTree.write(site, ["index.html": "<h1>hi</h1>", "css/site.css": "body{}", "img/deep/logo.svg": "<svg/>", "notes": "n"])
        try FileManager.default.createSymbolicLink(atPath: "\(site)/link.html", withDestinationPath: "index.html")
        let up = try await cli.run(["storage", "sync", site, "ck://\(bucket)/www"])
        #expect(up.status == 0, "\(up.stderr)")
        #expect(up.text.contains("upload: \(site)/css/site.css -> ck://\(bucket)/www/css/site.css\n"), "\(up.text)")
        #expect(up.text.contains(counts(4, 0, 0, 0, 1, 0) + "24 B; "), "\(up.text)")
        #expect(up.stderr.contains("note: skipped symbolic link \(site)/link.html"), "\(up.stderr)")
        #expect(try await cli.keys(bucket) == ["www/css/site.css", "www/img/deep/logo.svg", "www/index.html", "www/notes"])
        #expect(try await cli.cloud.storage.headObject(bucket: bucket, key: "www/index.html").contentType == "text/html")
        #expect(try await cli.cloud.storage.headObject(bucket: bucket, key: "www/img/deep/logo.svg").contentType == "image/svg+xml")
        #expect(try await cli.cloud.storage.headObject(bucket: bucket, key: "www/notes").contentType == "application/octet-stream")

        let again = try await cli.run(["storage", "sync", site, "ck://\(bucket)/www/"])
        #expect(again.text.hasPrefix(counts(0, 0, 0, 0, 5, 0)), "\(again.text)")
        try FileTree.write(site, ["notes": "longer"])
        let changed = try await cli.run(["storage", "sync", site, "ck://\(bucket)/www"])
        #expect(changed.text.hasPrefix("upload: \(site)/notes -> ck://\(bucket)/www/notes\n" + counts(1, 0, 0, 0, 4, 0) + "6 B; "), "\(changed.text)")

        let copy = try ProviderFixture.temporaryDirectory("down") + "/not/yet/there"
        let down = try await cli.run(["storage", "sync", "ck://\(bucket)/www", copy])
        #expect(down.status == 0, "\(down.stderr)")
        #expect(down.text.contains("download: ck://\(bucket)/www/img/deep/logo.svg -> \(copy)/img/deep/logo.svg\n"), "\(down.text)")
        #expect(down.text.contains(counts(0, 4, 0, 0, 0, 0)), "\(down.text)")
        #expect(try FileTree.read(copy) == ["index.html": "<h1>hi</h1>", "css/site.css": "body{}", "img/deep/logo.svg": "<svg/>", "notes": "longer"])
        let objects = try await cli.cloud.storage.allObjects(bucket: bucket).collect()
        for file in try LocalFolder.list(copy).entries {
            let object = try #require(objects.first { $0.key == "www/" + file.path })
            let objectSecond = (object.lastModified?.timeIntervalSince1970 ?? 0).rounded(.down)
            #expect(file.modified.map { $0.timeIntervalSince1970.rounded(.down) } == objectSecond, "\(file.path) keeps the object's time")
        }
        let downAgain = try await cli.run(["storage", "sync", "ck://\(bucket)/www", copy])
        #expect(downAgain.text.hasPrefix(counts(0, 0, 0, 0, 4, 0)), "\(downAgain.text)")
    }

    @Test("--dry-run prints the plan and changes nothing; --delete removes what the source lacks, both ways", arguments: ProviderFixture.providers)
    func deleteAndDryRun(provider: String) async throws {
        let cli = try await ProviderCLI.open(provider)
        let bucket = try await cli.bucket("delete")
        let site = try ProviderFixture.temporaryDirectory("site")
        try FileTree.write(site, ["a.txt": "new a", "b.txt": "b"])
        for (key, text) in ["p/a.txt": "old", "p/extra.txt": "x", "other/keep.txt": "k"] { try await cli.put(bucket, key, text) }
        let dry = try await cli.run(["storage", "sync", site, "ck://\(bucket)/p", "--delete", "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        let lines = dry.text.split(separator: "\n").map(String.init)
        #expect(Array(lines.prefix(3)) == [
            "(dry run) upload: \(site)/a.txt -> ck://\(bucket)/p/a.txt", "(dry run) upload: \(site)/b.txt -> ck://\(bucket)/p/b.txt",
            "(dry run) delete: ck://\(bucket)/p/extra.txt",
        ])
        #expect(lines.count == 4 && lines[3].hasPrefix("(dry run) " + counts(2, 0, 0, 1, 0, 0)), "\(dry.text)")
        #expect(try await cli.keys(bucket) == ["other/keep.txt", "p/a.txt", "p/extra.txt"])

        let real = try await cli.run(["storage", "sync", site, "ck://\(bucket)/p", "--delete", "--jobs", "1"])
        #expect(real.status == 0, "\(real.stderr)")
        #expect(try await cli.keys(bucket) == ["other/keep.txt", "p/a.txt", "p/b.txt"])

        let local = try ProviderFixture.temporaryDirectory("down")
        try FileTree.write(local, ["stray.txt": "s", "sub/stray": "s", "a.txt": "new a"])
        let down = try await cli.run(["storage", "sync", "ck://\(bucket)/p", local, "--delete"])
        #expect(down.status == 0, "\(down.stderr)")
        #expect(down.text.contains("delete: \(local)/sub/stray\n"), "\(down.text)")
        #expect(try FileTree.read(local) == ["a.txt": "new a", "b.txt": "b"])
    }

    @Test("--exclude and --include in order, the last match winning, on both sides", arguments: ProviderFixture.providers)
    func filters(provider: String) async throws {
        let cli = try await ProviderCLI.open(provider)
        let bucket = try await cli.bucket("filter")
        let site = try ProviderFixture.temporaryDirectory("site")
        try FileTree.write(site, ["a.txt": "a", "b.jpg": "b", "logs/x.log": "x", "logs/keep.txt": "k"])
        let onlyText = try await cli.run(["storage", "sync", site, "ck://\(bucket)/one", "--exclude", "*", "--include", "*.txt"])
        #expect(onlyText.status == 0, "\(onlyText.stderr)")
        #expect(try await cli.keys(bucket, prefix: "one/") == ["one/a.txt", "one/logs/keep.txt"])
        let nothing = try await cli.run(["storage", "sync", site, "ck://\(bucket)/two", "--include", "*.txt", "--exclude", "*"])
        #expect(nothing.text.hasPrefix(counts(0, 0, 0, 0, 0, 0)), "\(nothing.text)")
        _ = try await cli.run(["storage", "sync", site, "ck://\(bucket)/three", "--exclude=logs/*"])
        #expect(try await cli.keys(bucket, prefix: "three/") == ["three/a.txt", "three/b.jpg"])
        try await cli.put(bucket, "three/old.log", "o")
        let kept = try await cli.run(["storage", "sync", site, "ck://\(bucket)/three", "--delete", "--exclude", "*.log", "--exclude", "logs/*"])
        #expect(kept.status == 0, "\(kept.stderr)")
        #expect(try await cli.keys(bucket, prefix: "three/") == ["three/a.txt", "three/b.jpg", "three/old.log"])
    }

    @Test("bucket to bucket copies by size and ETag, deletes with --delete, and refuses overlapping places", arguments: ProviderFixture.providers)
    func bucketToBucket(provider: String) async throws {
        let cli = try await ProviderCLI.open(provider)
        let source = try await cli.bucket("src")
        let target = try await cli.bucket("dst")
        for (key, text) in ["in/a.txt": "alpha", "in/sub/b.txt": "beta", "in/same.txt": "same"] { try await cli.put(source, key, text) }
        for (key, text) in ["out/old.txt": "old", "out/a.txt": "ALPHA", "out/same.txt": "same"] { try await cli.put(target, key, text) }
        let copy = try await cli.run(["storage", "sync", "ck://\(source)/in", "ck://\(target)/out", "--delete"])
        #expect(copy.status == 0, "\(copy.stderr)")
        #expect(copy.text.contains("copy: ck://\(source)/in/sub/b.txt -> ck://\(target)/out/sub/b.txt\n"), "\(copy.text)")
        #expect(copy.text.contains(counts(0, 0, 2, 1, 1, 0)), "\(copy.text)")
        #expect(try await cli.keys(target) == ["out/a.txt", "out/same.txt", "out/sub/b.txt"])
        let a = try await cli.cloud.storage.getObject(GetObjectRequest(bucket: target, key: "out/a.txt"))
        #expect(a.data == Data("alpha".utf8))
        let again = try await cli.run(["storage", "sync", "ck://\(source)/in", "ck://\(target)/out"])
        #expect(again.text.hasPrefix(counts(0, 0, 0, 0, 3, 0)), "\(again.text)")
        let overlap = try await cli.run(["storage", "sync", "ck://\(source)/in", "ck://\(source)/in/copy"])
        #expect(overlap.status == 1)
        #expect(overlap.stderr.contains("overlap"), "\(overlap.stderr)")
    }

    @Test("a file that fails (a key too long, an unreadable file) exits 1, is listed on stderr, and the others are done", arguments: ProviderFixture.providers)
    func failingFile(provider: String) async throws {
        let cli = try await ProviderCLI.open(provider)
        let bucket = try await cli.bucket("fail")
        let site = try ProviderFixture.temporaryDirectory("site")
        let tooLong = Array(repeating: String(repeating: "d", count: 250), count: 5).joined(separator: "/") + "/f.txt"
        try FileTree.write(site, ["ok1.txt": "1", "ok2.txt": "2", tooLong: "x", "unreadable.txt": "u"])
        chmod("\(site)/unreadable.txt", 0)
        let unreadable = geteuid() != 0  // root reads it anyway
        let outcome = try await cli.run(["storage", "sync", site, "ck://\(bucket)", "--jobs", "2"])
        #expect(outcome.status == 1)
        let failed = unreadable ? 2 : 1
        #expect(outcome.text.contains(counts(unreadable ? 2 : 3, 0, 0, 0, 0, failed)), "\(outcome.text)")
        #expect(outcome.stderr.contains("failed: upload \(site)/\(tooLong): invalid argument"), "\(outcome.stderr)")
        if unreadable { #expect(outcome.stderr.contains("failed: upload \(site)/unreadable.txt"), "\(outcome.stderr)") }
        #expect(outcome.stderr.contains("error: \(failed) of 4 failed"), "\(outcome.stderr)")
        let keys = try await cli.keys(bucket)
        #expect(keys.contains("ok1.txt") && keys.contains("ok2.txt"))
    }

    @Test("a key that cannot be a file name is refused for download, alone, and nothing is written for it", arguments: ProviderFixture.providers)
    func unsafeKeys(provider: String) async throws {
        let cli = try await ProviderCLI.open(provider)
        let bucket = try await cli.bucket("unsafe")
        try await cli.put(bucket, "p/ok.txt", "ok")
        try await cli.put(bucket, "p//abs.txt", "no")
        let parent = try ProviderFixture.temporaryDirectory("down")
        let outcome = try await cli.run(["storage", "sync", "ck://\(bucket)/p", "\(parent)/dst"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("failed: ck://\(bucket)/p//abs.txt: invalid argument: the key part '/abs.txt' cannot be a file name"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("UnsafeFileName"))
        #expect(outcome.text.contains(counts(0, 1, 0, 0, 0, 1)), "\(outcome.text)")
        #expect(try FileTree.read(parent) == ["dst/ok.txt": "ok"])
    }

    @Test("sides: a missing local folder, another URL scheme and two folders are clear errors")
    func sides() async throws {
        let cli = try await ProviderCLI.open("local")
        let folder = try ProviderFixture.temporaryDirectory("side")
        let missing = try await cli.run(["storage", "sync", "\(folder)/photos", "ck://photos"])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("no local folder"), "\(missing.stderr)")
        let url = try await cli.run(["storage", "sync", "s3://photos", folder])
        #expect(url.status == 1)
        #expect(url.stderr.contains("ck://BUCKET"), "\(url.stderr)")
        let folders = try await cli.run(["storage", "sync", folder, folder])
        #expect(folders.status == 1)
        #expect(folders.stderr.contains("both sides are local folders"), "\(folders.stderr)")
        #expect(try await cli.run(["storage", "sync", folder, "ck://photos", "--jobs", "0"]).status == 2)
    }
}
