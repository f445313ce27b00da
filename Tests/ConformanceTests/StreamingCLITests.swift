import CloudKit
import CloudKitTestSupport
import Foundation
import Testing

/// `cloudkit storage put B K -` from a pipe streams in bounded memory on each
/// provider: 300 MiB that `seq | head` generates go in while the CLI's peak
/// resident memory (`/usr/bin/time -f %M`) stays within 64 MiB plus one part
/// per concurrent part upload, and come back byte for byte. A memory bound,
/// not a time bound.
@Suite("cloudkit storage put from a pipe", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/time")))
struct StreamingCLITests {
    static let time = "/usr/bin/time"
    static let cli = "\(ProviderFixture.binDirectory)/cloudkit"
    static let mebibyte = 1 << 20
    static let size = 300 * mebibyte
    /// 300 MiB of numbered lines, so a byte out of place shows.
    static let generator = "seq 1 40000000 | head -c \(size)"

    /// The flags and environment that put the CLI on `provider` (a fresh root for `local`, moto for `aws`).
    static func invocation(_ provider: String) throws -> (flags: [String], environment: [String: String]) {
        var environment = ProcessInfo.processInfo.environment
        environment["CLOUDKIT_PROVIDER"] = nil
        environment["CLOUDKIT_CONFIG"] = nil
        guard provider == "aws" else {
            environment["CLOUDKIT_LOCAL_ROOT"] = try ProviderFixture.temporaryDirectory("pipe-root")
            return (["--provider", "local"], environment)
        }
        let endpoint = try #require(ProviderFixture.motoEndpoint)
        let options = ProviderFixture.awsOptions(endpoint: endpoint).sorted { $0.key < $1.key }.flatMap { ["--option", "\($0.key)=\($0.value)"] }
        return (["--provider", "aws"] + options, environment)
    }

    static func quoted(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Runs `sh -c "PRODUCER | CONSUMER"`.
    static func pipeline(_ producer: String, _ consumer: [String], environment: [String: String]) async throws -> ProgramRunner.Outcome {
        try await ProgramRunner.run("/bin/sh", ["-c", producer + " | " + consumer.map(quoted).joined(separator: " ")], environment: environment)
    }

    /// The MD5 (hex) of what `producer` writes.
    static func md5(of producer: String, environment: [String: String]? = nil) async throws -> String {
        let outcome = try await ProgramRunner.run("/bin/sh", ["-c", producer + " | md5sum"], environment: environment)
        return String(outcome.text.prefix(32))
    }

    @Test("300 MiB from a pipe: peak memory within 64 MiB plus the parts in flight, and the object reads back identical",
          arguments: ProviderFixture.providers)
    func pipeInBoundedMemory(provider: String) async throws {
        let (flags, environment) = try Self.invocation(provider)
        let bucket = ProviderFixture.uniqueBucket("pipe")
        let created = try await ProgramRunner.run(Self.cli, ["storage", "create-bucket", bucket] + flags, environment: environment)
        #expect(created.status == 0, "\(created.stderr)")
        let report = try ProviderFixture.temporaryDirectory("peak") + "/peak-kib"
        let put = try await Self.pipeline(
            Self.generator, [Self.time, "-f", "%M", "-o", report, Self.cli, "storage", "put", bucket, "piped", "-"] + flags, environment: environment)
        #expect(put.status == 0, "\(put.stderr)")
        // On failure time(1) writes a status line first; the last line is %M, in KiB.
        let peak = (try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n").last.flatMap { Int($0) } ?? -1) * 1024
        // AWS holds one part buffer per concurrent part upload (4 × 8 MiB by default); the local provider writes 1 MiB at a time.
        let bound = 64 * Self.mebibyte + (provider == "aws" ? 4 * 8 * Self.mebibyte : 0)
        #expect(peak > 0 && peak <= bound, "peak resident memory \(peak / 1024) KiB, allowed \(bound / 1024) KiB")

        let expected = try await Self.md5(of: Self.generator)
        let back = try await Self.md5(
            of: ([Self.cli, "storage", "get", bucket, "piped", "-"] + flags).map(Self.quoted).joined(separator: " "), environment: environment)
        #expect(back == expected, "the object's bytes differ from what went in")
        let head = try await ProgramRunner.run(Self.cli, ["storage", "head", bucket, "piped"] + flags, environment: environment)
        let json = try #require(try JSONSerialization.jsonObject(with: head.stdout) as? [String: Any], "\(head.stderr)")
        #expect(json["size"] as? Int == Self.size)
        // Local: the MD5 of the bytes; S3: an upload of 38 parts of 8 MiB.
        let etag = json["etag"] as? String
        #expect(provider == "aws" ? etag?.hasSuffix("-38\"") == true : etag == "\"\(expected)\"", "\(json)")
        _ = try await ProgramRunner.run(Self.cli, ["storage", "delete", bucket, "piped"] + flags, environment: environment)
    }
}

/// The progress line of `storage put`, `get` and `copy` (`--progress`, with
/// standard error captured, so not a terminal): bytes done, the total or
/// "?", rate and time left, redrawn with `\r` and cleared at the end;
/// nothing without `--progress`, or with `--quiet`.
@Suite("cloudkit progress line")
struct ProgressLineCLITests {
    static let cli = StreamingCLITests.cli

    /// The texts a progress line drew (split on `\r`, without the blanks
    /// that pad a shorter text), and whether the last redraw blanked it.
    static func segments(_ stderr: String) -> (drawn: [String], cleared: Bool) {
        let parts = stderr.split(separator: "\r", omittingEmptySubsequences: false).map(String.init)
        let drawn = parts.map { String($0.reversed().drop { $0 == " " }.reversed()) }.filter { !$0.isEmpty }
        let cleared = parts.count >= 2 && parts[parts.count - 1].isEmpty && !parts[parts.count - 2].isEmpty
            && parts[parts.count - 2].allSatisfy { $0 == " " }
        return (drawn, cleared)
    }

    @Test("put from a pipe shows '? ' for the total; put of a file, get and copy show it; each line ends cleared")
    func progressLines() async throws {
        let (flags, environment) = try StreamingCLITests.invocation("local")
        let bucket = ProviderFixture.uniqueBucket("progress")
        #expect(try await ProgramRunner.run(Self.cli, ["storage", "create-bucket", bucket] + flags, environment: environment).status == 0)

        let piped = try await StreamingCLITests.pipeline(
            "head -c 3145728 /dev/zero", [Self.cli, "storage", "put", bucket, "piped", "-", "--progress"] + flags, environment: environment)
        #expect(piped.status == 0, "\(piped.stderr)")
        let pipedLines = Self.segments(piped.stderr)
        #expect(!pipedLines.drawn.isEmpty && pipedLines.drawn.allSatisfy { $0.contains(" / ?  ") && $0.contains("/s") && $0.hasSuffix("? left") },
                "\(pipedLines.drawn)")
        #expect(pipedLines.cleared, "not cleared: \(piped.stderr.debugDescription)")

        let folder = try ProviderFixture.temporaryDirectory("progress")
        try Data(repeating: 7, count: 3 << 20).write(to: URL(fileURLWithPath: folder + "/in.bin"))
        let commands: [[String]] = [
            ["storage", "put", bucket, "file", folder + "/in.bin"],
            ["storage", "get", bucket, "file", folder + "/out.bin"],
            ["storage", "copy", bucket, "file", bucket, "copied"],
        ]
        for command in commands {
            let outcome = try await ProgramRunner.run(Self.cli, command + ["--progress"] + flags, environment: environment)
            #expect(outcome.status == 0, "\(command): \(outcome.stderr)")
            let lines = Self.segments(outcome.stderr)
            #expect(lines.drawn.allSatisfy { $0.contains(" / 3.0 MiB  ") && $0.contains(" left") }, "\(command): \(lines.drawn)")
            #expect(lines.drawn.last?.hasPrefix("3.0 MiB / 3.0 MiB  ") == true, "\(command): \(lines.drawn)")
            #expect(lines.cleared, "\(command): not cleared: \(outcome.stderr.debugDescription)")
        }
    }

    @Test("without a terminal, no line is drawn unless --progress; --quiet wins over --progress")
    func quietByDefault() async throws {
        let (flags, environment) = try StreamingCLITests.invocation("local")
        let bucket = ProviderFixture.uniqueBucket("progress")
        _ = try await ProgramRunner.run(Self.cli, ["storage", "create-bucket", bucket] + flags, environment: environment)
        for extra in [[], ["--quiet"], ["--progress", "--quiet"]] {
            let outcome = try await ProgramRunner.run(
                Self.cli, ["storage", "put", bucket, "k", "-"] + extra + flags, stdin: Data(count: 2 << 20), environment: environment)
            #expect(outcome.status == 0, "\(extra): \(outcome.stderr)")
            #expect(outcome.stderr.isEmpty, "\(extra): \(outcome.stderr.debugDescription)")
        }
    }
}
