import CloudKitModel
import CloudKitTestSupport
import Foundation
@testable import LocalProvider
import Testing

/// Describing and listing local functions.
@Suite("Local functions: catalog")
struct LocalFunctionCatalogTests {
    @Test("getFunction reports the ARN, handler, runtime, timeout, Lambda-style modification time and state")
    func getFunction() async throws {
        let sandbox = try FunctionSandbox()
        defer { sandbox.remove() }
        try sandbox.script("fn", "cat")
        try sandbox.script("fn@v2", "cat")
        let modified = Date(timeIntervalSince1970: 1_795_597_200.123)  // 2026-11-25T09:00:00.123Z
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: "\(sandbox.functionsFolder)/fn")
        let functions = sandbox.functions(timeout: 30)
        let info = try await functions.getFunction("fn", qualifier: nil)
        #expect(info == FunctionInfo(
            name: "fn", arn: "arn:aws:lambda:local:000000000000:function:fn", runtime: "provided", handler: "\(sandbox.functionsFolder)/fn",
            memoryMB: nil, timeoutSeconds: 30, lastModified: "2026-11-25T09:00:00.123+0000", state: "Active"))
        #expect(try await functions.getFunction("fn", qualifier: "$LATEST").arn == "arn:aws:lambda:local:000000000000:function:fn")
        let version = try await functions.getFunction("fn", qualifier: "v2")
        #expect(version.name == "fn")
        #expect(version.arn == "arn:aws:lambda:local:000000000000:function:fn:v2")
        #expect(version.handler == "\(sandbox.functionsFolder)/fn@v2")
        #expect(try await functions.getFunction("arn:aws:lambda:local:000000000000:function:fn:v2", qualifier: nil) == version)
        #expect(try await functions.getFunction("fn:v2", qualifier: nil) == version)
        let lastModified = try #require(version.lastModified)
        #expect(lastModified.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$"#, options: .regularExpression) != nil)
        let missing = await failure { try await functions.getFunction("fn", qualifier: "v3") }
        #expect(missing?.kind == .notFound)
        #expect(missing?.message == "Function not found: arn:aws:lambda:local:000000000000:function:fn:v3")
        #expect(await failure { try await functions.getFunction("nope", qualifier: nil) }?.kind == .notFound)
        #expect(try await sandbox.functions(timeout: 5).getFunction("fn", qualifier: nil).timeoutSeconds == 5)
    }

    @Test("listFunctions pages through executables sorted by name, leaving out versions, dotfiles, folders and the rest")
    func listFunctions() async throws {
        let sandbox = try FunctionSandbox()
        defer { sandbox.remove() }
        for name in ["charlie", "alpha", "bravo", "alpha@v2", ".hidden"] { try sandbox.script(name, "cat") }
        try sandbox.script("not-executable", "cat", mode: 0o644)
        try sandbox.script("bad name", "cat")
        try FileManager.default.createDirectory(atPath: "\(sandbox.functionsFolder)/.logs", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "\(sandbox.functionsFolder)/folder", withIntermediateDirectories: true)
        let functions = sandbox.functions()

        let first = try await functions.listFunctions(pageToken: nil, maxItems: 2)
        #expect(first.functions.map(\.name) == ["alpha", "bravo"])
        #expect(first.functions.first?.arn == "arn:aws:lambda:local:000000000000:function:alpha")
        #expect(first.functions.first?.state == "Active")
        let token = try #require(first.nextPageToken)
        let second = try await functions.listFunctions(pageToken: token, maxItems: 2)
        #expect(second.functions.map(\.name) == ["charlie"])
        #expect(second.nextPageToken == nil)

        let whole = try await functions.listFunctions(pageToken: nil, maxItems: nil)
        #expect(whole.functions.map(\.name) == ["alpha", "bravo", "charlie"])
        #expect(whole.nextPageToken == nil)
        let exact = try await functions.listFunctions(pageToken: nil, maxItems: 3)
        #expect(exact.nextPageToken == nil)
        #expect(try await functions.listFunctions(pageToken: "charlie", maxItems: 2).functions.isEmpty)

        for size in [0, 51, -1] {
            #expect(await failure { try await functions.listFunctions(pageToken: nil, maxItems: size) }?.kind == .invalidArgument)
        }
        for token in ["", "no/good", "a b", "x@v2"] {
            #expect(await failure { try await functions.listFunctions(pageToken: token, maxItems: 2) }?.kind == .invalidArgument)
        }
    }

    @Test("a root without a functions folder lists nothing")
    func missingFolder() async throws {
        let sandbox = try FunctionSandbox()
        defer { sandbox.remove() }
        let functions = LocalFunctions(root: LocalRoot(path: "\(sandbox.root)/elsewhere"))
        let page = try await functions.listFunctions(pageToken: nil, maxItems: nil)
        #expect(page.functions.isEmpty)
        #expect(page.nextPageToken == nil)
    }
}
