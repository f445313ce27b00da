import CloudKitTestSupport
import Foundation
import Testing

/// The README's C program, taken from README.md as it stands, built with its
/// own build line through a cloudkit.pc that `.ci/pkgconfig` writes for this
/// build tree, and run: if the program or the line stops working, this fails.
@Suite("README C program")
struct ReadmeCProgramTests {
    static let readme = ProviderFixture.packageRoot.appendingPathComponent("README.md").path

    /// The body of each fenced block of `language` in the README.
    static func blocks(_ language: String) throws -> [String] {
        let text = try String(contentsOfFile: readme, encoding: .utf8)
        return text.components(separatedBy: "```\(language)\n").dropFirst().compactMap { $0.components(separatedBy: "```\n").first }
    }

    /// A folder holding the README's program as hello.c, and one holding cloudkit.pc for this build tree.
    static func prepare() async throws -> (folder: String, pkgconfig: String) {
        let program = try #require(try blocks("c").first { $0.contains("#include <cloudkit_loader.h>") }, "no C program in the README")
        let folder = try ProviderFixture.temporaryDirectory("readme-c")
        try program.write(toFile: "\(folder)/hello.c", atomically: true, encoding: .utf8)
        let pkgconfig = "\(folder)/pkgconfig"
        let script = ProviderFixture.packageRoot.appendingPathComponent(".ci/pkgconfig").path
        let written = try await ProgramRunner.run("/bin/bash", [script, pkgconfig, "--libdir", ProviderFixture.binDirectory])
        #expect(written.status == 0, "\(written.stderr)")
        return (folder, pkgconfig)
    }

    /// Runs a shell command line in `folder` with PKG_CONFIG_PATH set.
    static func shell(_ line: String, in folder: String, pkgconfig: String) async throws -> ProgramRunner.Outcome {
        try await ProgramRunner.run("/bin/sh", ["-c", "cd \"$0\" && \(line)", folder], environment: [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "PKG_CONFIG_PATH": pkgconfig,
        ])
    }

    @Test("the README's C program builds with the README's pkg-config line and stores and reads back a note through the loader")
    func readmeProgram() async throws {
        let (folder, pkgconfig) = try await Self.prepare()
        let build = try #require(
            try Self.blocks("sh").flatMap { $0.split(separator: "\n") }.first { $0.hasPrefix("cc ") && $0.contains("hello.c") && $0.contains("pkg-config --cflags --libs cloudkit") },
            "no pkg-config build line in the README")
        let built = try await Self.shell(String(build), in: folder, pkgconfig: pkgconfig)
        #expect(built.status == 0, "\(build)\n\(built.stderr)")
        #expect(built.stderr.isEmpty, "warnings: \(built.stderr)")

        let root = try ProviderFixture.temporaryDirectory("readme-c-root")
        let config = "\(folder)/cloudkit.toml"
        try "[local]\nroot = \"\(root)\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        let environment = [
            "HOME": try ProviderFixture.temporaryDirectory("readme-c-home"), "PATH": "/usr/bin:/bin",
            "CLOUDKIT_PLUGIN_PATH": ProviderFixture.binDirectory, "CLOUDKIT_CONFIG": config,
        ]
        for _ in 0..<2 {  // the second run finds the bucket there already
            let ran = try await ProgramRunner.run("\(folder)/hello", [], environment: environment)
            #expect(ran.status == 0, "stdout: \(ran.text)\nstderr: \(ran.stderr)")
            #expect(ran.text.hasPrefix("hello from C (provider local, ") && ran.text.hasSuffix("/libcloudkit-local.so)\n"), "\(ran.text)")
        }
        #expect(FileManager.default.fileExists(atPath: "\(root)/storage/notes"))

        var missing = environment
        missing["CLOUDKIT_PLUGIN_PATH"] = nil
        let refused = try await ProgramRunner.run("\(folder)/hello", [], environment: missing)
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("cloudkit: provider 'local' (the default) not found: no libcloudkit-local.so in \(folder), "), "\(refused.stderr)")
    }

    @Test("the README's C program is clean C99 under -Werror, ASan and UBSan, and `cc $(pkg-config --cflags --libs cloudkit) app.c` links it")
    func readmeProgramStrict() async throws {
        let (folder, pkgconfig) = try await Self.prepare()
        let strict = (CProgramTests.strictC + CProgramTests.asan).joined(separator: " ")
        let sanitized = try await Self.shell("cc \(strict) -o hello-asan hello.c $(pkg-config --cflags --libs cloudkit)", in: folder, pkgconfig: pkgconfig)
        #expect(sanitized.status == 0, "\(sanitized.stderr)")
        try FileManager.default.copyItem(atPath: "\(folder)/hello.c", toPath: "\(folder)/app.c")
        let issueOrder = try await Self.shell("cc $(pkg-config --cflags --libs cloudkit) app.c", in: folder, pkgconfig: pkgconfig)
        #expect(issueOrder.status == 0, "\(issueOrder.stderr)")

        let root = try ProviderFixture.temporaryDirectory("readme-c-root")
        let ran = try await ProgramRunner.run("\(folder)/hello-asan", [], environment: [
            "HOME": try ProviderFixture.temporaryDirectory("readme-c-home"), "PATH": "/usr/bin:/bin",
            "CLOUDKIT_PLUGIN_PATH": ProviderFixture.binDirectory, "CLOUDKIT_PROVIDER": "local", "CLOUDKIT_LOCAL_ROOT": root,
            "ASAN_OPTIONS": "detect_leaks=0:abort_on_error=0",
        ])
        #expect(ran.status == 0, "stdout: \(ran.text)\nstderr: \(ran.stderr)")
        #expect(ran.text.hasPrefix("hello from C (provider local, "), "\(ran.text)")
        let ranPlain = try await ProgramRunner.run("\(folder)/a.out", [], environment: [
            "HOME": try ProviderFixture.temporaryDirectory("readme-c-home"), "PATH": "/usr/bin:/bin",
            "CLOUDKIT_PLUGIN_PATH": ProviderFixture.binDirectory, "CLOUDKIT_LOCAL_ROOT": root,
        ])
        #expect(ranPlain.status == 0, "stdout: \(ranPlain.text)\nstderr: \(ranPlain.stderr)")
    }
}
