@testable import CloudKit
import CloudKitTestSupport
import Foundation
import XCTest

/// Finding and loading provider libraries, and the errors when that fails.
final class ProviderLoaderTests: XCTestCase {
    var folder: String = ""

    override func setUpWithError() throws {
        folder = TestFolders.path("cloudkit-loader")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Builds a shared library from C source with the system compiler.
    func buildLibrary(named name: String, source: String) async throws -> String {
        let sourcePath = "\(folder)/\(name).c"
        try source.write(toFile: sourcePath, atomically: true, encoding: .utf8)
        let output = "\(folder)/\(name)"
        let abi = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("abi").path
        let outcome = try await ProgramRunner.run("/usr/bin/cc", ["-std=c99", "-shared", "-fPIC", "-I", abi, sourcePath, "-o", output])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        return output
    }

    func testNamesResolveInPluginPathThenBesideExecutableThenInstallDirectory() throws {
        let first = "\(folder)/first"
        let second = "\(folder)/bin"
        try FileManager.default.createDirectory(atPath: first, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: second, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: "\(second)/libcloudkit-demo.so", contents: Data())
        let locator = ProviderSearch(environment: ["CLOUDKIT_PLUGIN_PATH": "\(first):/nonexistent"], executableDirectory: second)
        XCTAssertEqual(try locator.list().directories, [first, "/nonexistent", second, "\(folder)/lib/cloudkit", "/usr/local/lib/cloudkit"])
        XCTAssertEqual(try locator.locate("demo"), "\(second)/libcloudkit-demo.so")
        _ = FileManager.default.createFile(atPath: "\(first)/libcloudkit-demo.so", contents: Data())
        XCTAssertEqual(try locator.locate("demo"), "\(first)/libcloudkit-demo.so")
    }

    func testListFindsEachNameOnceInSearchOrderAndSkipsTheLoaderItself() throws {
        let first = "\(folder)/first"
        let second = "\(folder)/second"
        for (directory, files) in [(first, ["libcloudkit-b.so", "libcloudkit-a.so", "other.so"]),
                                   (second, ["libcloudkit-a.so", "libcloudkit-c.so", "libcloudkit-loader.so", "libcloudkit-.so"])] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for file in files { _ = FileManager.default.createFile(atPath: "\(directory)/\(file)", contents: Data()) }
        }
        let listing = try ProviderSearch(environment: ["CLOUDKIT_PLUGIN_PATH": "\(first)::\(second)"], executableDirectory: "").list()
        XCTAssertEqual(listing.directories, [first, second, "/usr/local/lib/cloudkit"])
        XCTAssertEqual(listing.found.map(\.name), ["a", "b", "c"])
        XCTAssertEqual(listing.found.map(\.path), ["\(first)/libcloudkit-a.so", "\(first)/libcloudkit-b.so", "\(second)/libcloudkit-c.so"])
    }

    func testNameThatIsNeitherANameNorAPathIsInvalid() {
        XCTAssertThrowsError(try ProviderSearch(environment: [:], executableDirectory: "").locate("no good")) { error in
            XCTAssertEqual((error as? CloudError)?.kind, .invalidArgument)
        }
    }

    func testValueWithSlashIsAPath() throws {
        let path = "\(folder)/custom.so"
        _ = FileManager.default.createFile(atPath: path, contents: Data())
        XCTAssertEqual(try ProviderSearch(environment: [:], executableDirectory: "").locate(path), path)
    }

    func testMissingProviderErrorListsEveryPlaceLooked() {
        let locator = ProviderSearch(environment: ["CLOUDKIT_PLUGIN_PATH": "/a:/b"], executableDirectory: "/exe")
        XCTAssertThrowsError(try locator.locate("ghost")) { error in
            let cloudError = error as? CloudError
            XCTAssertEqual(cloudError?.kind, .notFound)
            for place in ["libcloudkit-ghost.so", "/a", "/b", "/exe", "/lib/cloudkit"] {
                XCTAssertTrue(cloudError?.message.contains(place) == true, "\(place) missing from: \(cloudError?.message ?? "")")
            }
        }
    }

    func testFileThatIsNotALibraryIsAClearError() throws {
        let path = "\(folder)/libcloudkit-junk.so"
        try "not an ELF file".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ProviderLibrary.load(path: path)) { error in
            XCTAssertTrue((error as? CloudError)?.message.contains("cannot load provider library") == true)
            XCTAssertTrue((error as? CloudError)?.message.contains(path) == true)
        }
    }

    func testLibraryWithoutEntrySymbolIsRefusedByName() async throws {
        let path = try await buildLibrary(named: "libcloudkit-noentry.so", source: "int something_else(void) { return 1; }\n")
        XCTAssertThrowsError(try ProviderLibrary.load(path: path)) { error in
            let cloudError = error as? CloudError
            XCTAssertEqual(cloudError?.code, "ProviderEntryMissing")
            XCTAssertTrue(cloudError?.message.contains("cloudkit_provider_init") == true)
            XCTAssertTrue(cloudError?.message.contains(path) == true)
        }
    }

    func testOtherABIMajorVersionIsRefused() async throws {
        let path = try await buildLibrary(named: "libcloudkit-future.so", source: """
            #include "cloudkit.h"
            static const ck_provider table = { sizeof(ck_provider), 2, 7, "future", "9.0", "from the future", 0, 0, 0, 0, 0, 0, 0, 0, 0 };
            const ck_provider *cloudkit_provider_init(const ck_host *host) { (void)host; return &table; }
            """)
        XCTAssertThrowsError(try ProviderLibrary.load(path: path)) { error in
            let cloudError = error as? CloudError
            XCTAssertEqual(cloudError?.kind, .unsupported)
            XCTAssertEqual(cloudError?.code, "ProviderABIMismatch")
            XCTAssertTrue(cloudError?.message.contains("2.7") == true, cloudError?.message ?? "")
        }
    }
}
