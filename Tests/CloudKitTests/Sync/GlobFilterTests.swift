import CloudKit
import Testing

@Suite("glob patterns and include/exclude precedence")
struct GlobFilterTests {
    @Test("* crosses '/', ? is one character, sets and ranges, escapes, a lone [ is literal", arguments: [
        ("*.jpg", "a.jpg", true), ("*.jpg", "dir/sub/a.jpg", true), ("*.jpg", "a.jpeg", false), ("*.jpg", "a.jpg.txt", false),
        ("logs/*", "logs/2024/x.log", true), ("logs/*", "other/logs/x", false), ("*/logs/*", "a/logs/b", true),
        ("?.txt", "a.txt", true), ("?.txt", "ab.txt", false), ("a?c", "a/c", true),
        ("[ab].txt", "b.txt", true), ("[ab].txt", "c.txt", false), ("[!ab].txt", "c.txt", true), ("[^ab].txt", "a.txt", false),
        ("file[0-9]", "file7", true), ("file[0-9]", "filex", false), ("[]]", "]", true),
        ("\\*", "*", true), ("\\*", "a", false), ("a[b", "a[b", true), ("a[b", "ab", false),
        ("", "", true), ("", "a", false), ("*", "", true), ("**", "x/y/z", true), ("a*b*c", "axxbyyc", true), ("a*b*c", "axxbyy", false),
        ("*a*a*a*a*a*b", String(repeating: "a", count: 60), false), ("naïve*", "naïve.txt", true),
    ])
    func patterns(pattern: String, path: String, expected: Bool) {
        #expect(GlobPattern(pattern).matches(path) == expected, "\(pattern) ~ \(path)")
    }

    @Test("everything is included without rules; the last matching rule wins")
    func precedence() {
        #expect(GlobFilter().includes("any/thing"))
        let onlyJPEGs = GlobFilter([.exclude("*"), .include("*.jpg")])
        #expect(onlyJPEGs.includes("a/b.jpg"))
        #expect(!onlyJPEGs.includes("a/b.png"))
        let nothing = GlobFilter([.include("*.jpg"), .exclude("*")])
        #expect(!nothing.includes("a/b.jpg"))
        let layered = GlobFilter([.exclude("*.jpg"), .include("keep/*"), .exclude("keep/secret/*")])
        #expect(!layered.includes("x.jpg"))
        #expect(layered.includes("keep/x.jpg"))
        #expect(!layered.includes("keep/secret/x.txt"))
        #expect(layered.includes("other.txt"))
    }
}

@Suite("content types from names")
struct ContentTypesTests {
    @Test("common extensions, any case, only the last name's last extension", arguments: [
        ("index.html", "text/html"), ("site/style.CSS", "text/css"), ("app.js", "text/javascript"), ("data.json", "application/json"),
        ("notes.txt", "text/plain"), ("a/b/cat.PNG", "image/png"), ("cat.jpg", "image/jpeg"), ("cat.jpeg", "image/jpeg"),
        ("anim.gif", "image/gif"), ("logo.svg", "image/svg+xml"), ("x.webp", "image/webp"), ("doc.pdf", "application/pdf"),
        ("a.zip", "application/zip"), ("a.tar.gz", "application/gzip"), ("a.tar", "application/x-tar"), ("v.mp4", "video/mp4"),
        ("s.mp3", "audio/mpeg"), ("m.wasm", "application/wasm"), ("f.xml", "application/xml"), ("t.csv", "text/csv"), ("r.md", "text/markdown"),
        ("README", "application/octet-stream"), (".bashrc", "application/octet-stream"), ("dir.jpg/file", "application/octet-stream"),
        ("x.unknownext", "application/octet-stream"), ("trailing.", "application/octet-stream"),
    ])
    func guesses(name: String, type: String) {
        #expect(ContentTypes.guess(for: name) == type, "\(name)")
    }
}

@Suite("key parts as file names")
struct LocalNameTests {
    @Test("names that stay inside the folder are accepted", arguments: ["a", "a/b/c.txt", "with space/ü.txt", "...", "a..b/..c", "back\\slash"])
    func accepted(relative: String) throws {
        #expect(try LocalName.segments(of: relative).joined(separator: "/") == relative)
    }

    @Test("names that would leave the folder, collide or cannot be files are refused", arguments: [
        "", "/etc/passwd", "../escape", "a/../../escape", "a/./b", ".", "..", "a//b", "dir/", "nul\u{0}byte", String(repeating: "n", count: 256),
    ])
    func refused(relative: String) {
        #expect(throws: CloudError.self) { try LocalName.segments(of: relative) }
        do {
            try LocalName.segments(of: relative)
        } catch {
            #expect(error.kind == .invalidArgument)
            #expect(error.code == "UnsafeFileName")
        }
    }
}

@Suite("sync sides")
struct SyncEndpointTests {
    @Test("ck://BUCKET[/PREFIX] is a bucket (the prefix a folder of keys); anything else a local folder")
    func parsing() throws {
        #expect(try SyncEndpoint.parse("ck://photos") == .bucket(name: "photos", prefix: ""))
        #expect(try SyncEndpoint.parse("ck://photos/") == .bucket(name: "photos", prefix: ""))
        #expect(try SyncEndpoint.parse("ck://photos/2024") == .bucket(name: "photos", prefix: "2024/"))
        #expect(try SyncEndpoint.parse("ck://photos/2024/05/") == .bucket(name: "photos", prefix: "2024/05/"))
        #expect(try SyncEndpoint.parse("photos") == .folder(path: "photos"))
        #expect(try SyncEndpoint.parse("./ck:/x") == .folder(path: "./ck:/x"))
        #expect(try SyncEndpoint.parse("/tmp/a b") == .folder(path: "/tmp/a b"))
        #expect(try SyncEndpoint.parse("photos/2024") == .folder(path: "photos/2024"))
        #expect(SyncEndpoint.bucket(name: "b", prefix: "p/").display("x.txt") == "ck://b/p/x.txt")
        #expect(SyncEndpoint.folder(path: "dir/").display("x.txt") == "dir/x.txt")
    }

    @Test("other URLs, empty sides and bad bucket names are refused")
    func refusals() {
        for text in ["s3://photos", "gs://b/p", "", "ck://", "ck://Bad_Name/x"] {
            #expect(throws: CloudError.self, "\(text)") { try SyncEndpoint.parse(text) }
        }
    }

    @Test("human byte counts")
    func bytes() {
        #expect(ByteCount.human(0) == "0 B")
        #expect(ByteCount.human(1023) == "1023 B")
        #expect(ByteCount.human(1024) == "1.0 KiB")
        #expect(ByteCount.human(1536) == "1.5 KiB")
        #expect(ByteCount.human(5 * 1024 * 1024 + 100) == "5.0 MiB")
        #expect(ByteCount.human(3 * 1024 * 1024 * 1024) == "3.0 GiB")
    }
}
