import CloudKit
import CloudKitTestSupport
import Foundation
import Testing

/// One release version everywhere: written once (`CLOUDKIT_VERSION` in
/// abi/cloudkit_version.h), it is what the CLI, every built provider and the
/// CHANGELOG's top entry say. (The installed cloudkit.pc is checked by
/// .ci/install-test, which installs it.)
@Suite("release version")
struct ReleaseVersionTests {
    let cli = "\(ProviderFixture.binDirectory)/cloudkit"

    @Test("cloudkit --version prints the version alone and exits 0")
    func cliVersion() async throws {
        let outcome = try await ProgramRunner.run(cli, ["--version"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.text == "\(CloudKitVersion.current)\n")
    }

    @Test("cloudkit providers shows every built provider with the same version")
    func providersVersion() async throws {
        let outcome = try await ProgramRunner.run(cli, ["providers", "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: outcome.stdout) as? [String: Any])
        let rows = try #require(json["providers"] as? [[String: Any]])
        for provider in ProviderFixture.builtProviders {
            let row = rows.first { $0["name"] as? String == provider }
            #expect(row?["version"] as? String == CloudKitVersion.current, "\(provider): \(String(describing: row))")
        }
        let text = try await ProgramRunner.run(cli, ["providers"])
        for provider in ProviderFixture.builtProviders {
            #expect(text.text.contains("\(provider)\tABI \(ProviderFixture.abiVersion(of: provider))\tv\(CloudKitVersion.current)\t"), "\(text.text)")
        }
    }

    @Test("the CHANGELOG's top entry is this version")
    func changelogTopEntry() throws {
        let changelog = try String(contentsOf: ProviderFixture.packageRoot.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
        let top = changelog.split(separator: "\n").first { $0.hasPrefix("## [") }
        #expect(top?.hasPrefix("## [\(CloudKitVersion.current)] - ") == true, "top entry: \(String(describing: top))")
    }

    @Test("the version is MAJOR.MINOR.PATCH")
    func versionShape() {
        let parts = CloudKitVersion.current.split(separator: ".", omittingEmptySubsequences: false)
        #expect(parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }, "\(CloudKitVersion.current)")
    }
}
