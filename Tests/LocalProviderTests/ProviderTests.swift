import CloudKitModel
import CloudKitProviderSupport
import Foundation
@testable import LocalProvider
import XCTest

/// The provider definition and where its root comes from.
final class ProviderTests: LocalStoreTestCase {
    func resolve(_ option: String?, _ environment: [String: String]) throws -> String {
        try LocalRoot.resolve(option: option, environment: environment).path
    }

    func testRootComesFromTheOptionThenTheEnvironmentThenXDGThenHome() throws {
        let all = ["CLOUDKIT_LOCAL_ROOT": "/env/root", "XDG_DATA_HOME": "/xdg", "HOME": "/home/user"]
        XCTAssertEqual(try resolve("/explicit", all), "/explicit")
        XCTAssertEqual(try resolve(nil, all), "/env/root")
        XCTAssertEqual(try resolve("", all), "/env/root")
        XCTAssertEqual(try resolve(nil, ["XDG_DATA_HOME": "/xdg", "HOME": "/home/user"]), "/xdg/cloudkit")
        XCTAssertEqual(try resolve(nil, ["HOME": "/home/user"]), "/home/user/.local/share/cloudkit")
        XCTAssertEqual(try resolve(nil, ["HOME": "/home/user", "CLOUDKIT_LOCAL_ROOT": ""]), "/home/user/.local/share/cloudkit")
    }

    func testRootWithoutAnyHintIsInvalidArgument() {
        XCTAssertThrowsError(try LocalRoot.resolve(option: nil, environment: [:])) { error in
            XCTAssertEqual((error as? CloudError)?.kind, .invalidArgument)
        }
    }

    func testRootPathsAreMadeAbsolute() throws {
        XCTAssertEqual(try resolve("~/data", ["HOME": "/home/user"]), "/home/user/data")
        XCTAssertEqual(try resolve("/a/b/../c/", [:]), "/a/c")
        let relative = try resolve("relative/root", [:])
        XCTAssertEqual(relative, FileManager.default.currentDirectoryPath + "/relative/root")
    }

    func testRootLayoutLeavesRoomForTheOtherServices() {
        let root = LocalRoot(path: "/r")
        XCTAssertEqual(root.storageFolder, "/r/storage")
        XCTAssertEqual(root.bucketFolder("b1"), "/r/storage/b1")
        XCTAssertEqual(root.functionsFolder, "/r/functions")
        XCTAssertEqual(root.databasePath, "/r/cloudkit.sqlite3")
    }

    func testDefinitionIsNamedLocalAndOpensAStoreOnTheRootOption() async throws {
        XCTAssertEqual(LocalProviderDefinition.name, "local")
        XCTAssertEqual(LocalProviderDefinition.options.map(\.key), ["root", "function_timeout"])
        let client = try LocalProviderDefinition.open(options: ["root": rootPath], environment: [:], logger: .silent)
        XCTAssertEqual(client.objectStore.root.path, rootPath)
        let storage = try XCTUnwrap(client.storage)
        try await storage.createBucket("via-client")
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(rootPath)/storage/via-client"))
        XCTAssertEqual(client.localFunctions.timeoutSeconds, 30)
    }

    func testFunctionTimeoutOptionIsSecondsUpTo900() throws {
        let client = try LocalProviderDefinition.open(options: ["root": rootPath, "function_timeout": "2.5"], environment: [:], logger: .silent)
        XCTAssertEqual(client.localFunctions.timeoutSeconds, 2.5)
        for bad in ["0", "-1", "901", "soon", "nan", ""] {
            XCTAssertThrowsError(try LocalProviderDefinition.open(options: ["root": rootPath, "function_timeout": bad], environment: [:], logger: .silent)) { error in
                XCTAssertEqual((error as? CloudError)?.kind, .invalidArgument, "function_timeout=\(bad)")
            }
        }
    }

    func testARootBelowAFileIsInvalidArgument() throws {
        try FileManager.default.createDirectory(atPath: rootPath, withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.createFile(atPath: "\(rootPath)/file", contents: Data()))
        XCTAssertThrowsError(try LocalObjectStore(root: LocalRoot(path: "\(rootPath)/file/root"))) { error in
            XCTAssertEqual((error as? CloudError)?.kind, .invalidArgument)
        }
    }

    func testAnUnwritableRootIsPermissionDenied() throws {
        try XCTSkipIf(getuid() == 0, "permissions do not apply to root")
        try FileManager.default.createDirectory(atPath: rootPath, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: rootPath)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: rootPath) }
        XCTAssertThrowsError(try LocalObjectStore(root: LocalRoot(path: rootPath))) { error in
            XCTAssertEqual((error as? CloudError)?.kind, .permissionDenied)
            XCTAssertTrue((error as? CloudError)?.message.contains(self.rootPath) == true)
        }
    }
}
