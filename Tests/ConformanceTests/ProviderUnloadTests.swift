import CloudKit
import CloudKitTestSupport
import Foundation
import Testing

/// A Swift provider cannot be unloaded (its runtime's metadata and threads
/// outlive dlclose), so it pins itself when first initialised, with no
/// `-z nodelete` linker flag (which SwiftPM refuses in a versioned dependency).
@Suite("provider libraries stay loaded")
struct ProviderUnloadTests {
    /// The providers written in Swift that the package built.
    static let swiftProviders = ["aws", "local"].filter(ProviderFixture.builtProviders.contains)

    @Test("after init and dlclose the library is still loaded and its table readable", arguments: swiftProviders)
    func pinnedAfterInit(provider: String) async throws {
        let program = try await CProgramTests.compile("abi_unload")
        let library = "\(ProviderFixture.binDirectory)/\(ProviderFixture.libraryFile(provider))"
        var environment = ProcessInfo.processInfo.environment
        environment["ASAN_OPTIONS"] = "detect_leaks=0:abort_on_error=0"
        let outcome = try await ProgramRunner.run(program, [library], environment: environment)
        #expect(outcome.status == 0, "stdout: \(outcome.text)\nstderr: \(outcome.stderr)")
        #expect(outcome.text == "still loaded: \(provider) \(CloudKitVersion.current)\n")
    }

    @Test("the check can fail: a C provider that does not pin itself is unloaded by dlclose")
    func unpinnedProviderIsUnloaded() async throws {
        let library = try await CProgramTests.compileOldProvider()
        let program = try await CProgramTests.compile("abi_unload")
        var environment = ProcessInfo.processInfo.environment
        environment["ASAN_OPTIONS"] = "detect_leaks=0:abort_on_error=0"
        let outcome = try await ProgramRunner.run(program, [library], environment: environment)
        #expect(outcome.status == 1)
        #expect(outcome.text == "unloaded by dlclose\n")
    }
}
