@testable import CloudKit
import CloudKitTestSupport
import Foundation
import XCTest

/// Provider selection precedence and configuration-file handling.
final class CloudConfigurationTests: XCTestCase {
    var folder: String = ""

    override func setUpWithError() throws {
        folder = TestFolders.path("cloudkit-config")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    func write(_ text: String, to name: String) throws -> String {
        let path = "\(folder)/\(name)"
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testExplicitProviderBeatsEnvironmentAndFile() throws {
        let config = try write("provider = \"aws\"\n", to: "cloudkit.toml")
        let resolved = try CloudConfiguration.resolve(
            provider: "local", configPath: config, environment: ["CLOUDKIT_PROVIDER": "aws"], currentDirectory: folder)
        XCTAssertEqual(resolved.provider, "local")
        XCTAssertEqual(resolved.providerSource, "argument")
    }

    func testEnvironmentBeatsFile() throws {
        _ = try write("provider = \"aws\"\n", to: "cloudkit.toml")
        let resolved = try CloudConfiguration.resolve(environment: ["CLOUDKIT_PROVIDER": "other"], currentDirectory: folder)
        XCTAssertEqual(resolved.provider, "other")
        XCTAssertEqual(resolved.providerSource, "CLOUDKIT_PROVIDER")
    }

    func testFileInCurrentDirectoryChoosesProvider() throws {
        let path = try write("provider = \"aws\"\n[aws]\nregion = \"eu-west-1\"\n", to: "cloudkit.toml")
        let resolved = try CloudConfiguration.resolve(environment: [:], currentDirectory: folder)
        XCTAssertEqual(resolved.provider, "aws")
        XCTAssertEqual(resolved.configFile, path)
        XCTAssertEqual(try resolved.options(forProviderNamed: "aws"), ["region": "eu-west-1"])
    }

    func testCloudkitConfigVariableBeatsCurrentDirectory() throws {
        _ = try write("provider = \"aws\"\n", to: "cloudkit.toml")
        let other = try write("provider = \"custom\"\n", to: "elsewhere/c.toml")
        let resolved = try CloudConfiguration.resolve(environment: ["CLOUDKIT_CONFIG": other], currentDirectory: folder)
        XCTAssertEqual(resolved.provider, "custom")
    }

    func testUserConfigDirectoryIsTheLastPlaceLooked() throws {
        _ = try write("provider = \"user-choice\"\n", to: "xdg/cloudkit/config.toml")
        let empty = "\(folder)/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let resolved = try CloudConfiguration.resolve(environment: ["XDG_CONFIG_HOME": "\(folder)/xdg"], currentDirectory: empty)
        XCTAssertEqual(resolved.provider, "user-choice")
    }

    func testDefaultIsLocalWhenNothingChooses() throws {
        let resolved = try CloudConfiguration.resolve(environment: ["HOME": folder], currentDirectory: folder)
        XCTAssertEqual(resolved.provider, "local")
        XCTAssertEqual(resolved.providerSource, "default")
        XCTAssertNil(resolved.configFile)
    }

    func testExplicitOptionsOverrideFileOptionsKeyByKey() throws {
        let path = try write("[aws]\nregion = \"eu-west-1\"\nprofile = \"dev\"\n", to: "cloudkit.toml")
        let resolved = try CloudConfiguration.resolve(provider: "aws", options: ["region": "us-east-2"], configPath: path, environment: [:], currentDirectory: folder)
        XCTAssertEqual(try resolved.options(forProviderNamed: "aws"), ["region": "us-east-2", "profile": "dev"])
    }

    func testMissingExplicitConfigFileIsNotFound() {
        XCTAssertThrowsError(try CloudConfiguration.resolve(configPath: "\(folder)/absent.toml", environment: [:], currentDirectory: folder)) { error in
            XCTAssertEqual((error as? CloudError)?.kind, .notFound)
        }
    }
}

/// The TOML subset of cloudkit.toml.
final class ConfigFileTests: XCTestCase {
    func testParsesSectionsStringsNumbersBooleansAndComments() throws {
        let file = try ConfigFile.parse("""
            # cloudkit configuration
            provider = "aws"   # trailing comment

            [aws]
            region = 'us-west-2'
            max_attempts = 5
            force_path_style = true
            endpoint_url = "http://127.0.0.1:5000/#not-a-comment"
            [local]
            root = "/tmp/a \\"quoted\\" root"
            """)
        XCTAssertEqual(file.topLevel, ["provider": "aws"])
        XCTAssertEqual(file.sections["aws"], [
            "region": "us-west-2", "max_attempts": "5", "force_path_style": "true",
            "endpoint_url": "http://127.0.0.1:5000/#not-a-comment",
        ])
        XCTAssertEqual(file.sections["local"], ["root": "/tmp/a \"quoted\" root"])
    }

    func testSyntaxErrorsNameTheLine() {
        for (text, line) in [("provider aws", 1), ("a = 1\n[bad section\n", 2), ("x = [1, 2]", 1), ("a = 1\na = 2", 2), ("s = \"unterminated", 1)] {
            XCTAssertThrowsError(try ConfigFile.parse(text, origin: "t.toml")) { error in
                let cloudError = error as? CloudError
                XCTAssertEqual(cloudError?.kind, .invalidArgument)
                XCTAssertEqual(cloudError?.code, "ConfigSyntax")
                XCTAssertTrue(cloudError?.message.hasPrefix("t.toml:\(line):") == true, "\(String(describing: cloudError))")
            }
        }
    }

    func testTOMLEscapesIntegersCRLFAndAByteOrderMark() throws {
        let file = try ConfigFile.parse("\u{FEFF}[s]\r\nu = \"caf\\u00e9 \\U0001F600\\b\\f\"\r\nn = -1_000\r\np = +7\r\nz = 0\r\n")
        XCTAssertEqual(file.sections["s"], ["u": "café 😀\u{8}\u{C}", "n": "-1000", "p": "7", "z": "0"])
    }

    func testWhatIsOutsideTheSubsetIsRefusedByLineAndNamed() {
        let cases: [(String, Int, String)] = [
            ("[a]\nx = 1.5", 2, "float"), ("x = 1979-05-27", 1, "date"), ("x = 0x1F", 1, "decimal"),
            ("x = 012", 1, "leading zero"), ("x = 99999999999999999999", 1, "64-bit"), ("x = {a = 1}", 1, "inline table"),
            ("x = \"\"\"long\"\"\"", 1, "multi-line"), ("a.b = 1", 1, "dotted keys"), ("\"a\" = 1", 1, "quoted keys"),
            ("[a.b]", 1, "dotted and quoted table"), ("[[a]]", 1, "arrays of tables"), ("[a]\n[b]\n[a]", 3, "defined twice (first at line 1)"),
            ("a = 1\n[a]", 2, "key set at line 1"), ("x = 'it''s'", 1, "unexpected text"), ("x = \"\\q\"", 1, "invalid escape"),
            ("x = \"\\u0000\"", 1, "NUL"), ("x = yes", 1, "not a string, an integer or a boolean"),
            ("ok = 1\nx = \"a\u{7}b\"", 2, "control character"), ("x = 1\r", 1, "control character"),
        ]
        for (text, line, why) in cases {
            XCTAssertThrowsError(try ConfigFile.parse(text, origin: "t.toml"), text) { error in
                let message = (error as? CloudError)?.message ?? ""
                XCTAssertTrue(message.hasPrefix("t.toml:\(line): "), "\(text): \(message)")
                XCTAssertTrue(message.contains(why), "\(text): \(message)")
            }
        }
    }

    func testInvalidUTF8IsRefusedByLine() throws {
        let path = TestFolders.path("cloudkit-utf8", suffix: ".toml")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("a = 1\nb = \"\u{FF}\"\n".utf8.map { $0 == 0xC3 ? 0xFF : $0 }).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ConfigFile.load(path: path)) { error in
            XCTAssertEqual((error as? CloudError)?.message, "\(path):2: text that is not valid UTF-8")
        }
    }

    func testAValueNeverAppearsInAnError() {
        for text in ["secret_access_key = \"wJalrXUtnFEMI\" trailing", "secret_access_key = wJalrXUtnFEMI", "[aws]\nwJalrXUtnFEMI"] {
            XCTAssertThrowsError(try ConfigFile.parse(text)) { error in
                XCTAssertFalse((error as? CloudError)?.message.contains("wJalrXUtnFEMI") ?? true, "\(error)")
            }
        }
    }
}
