import CloudKit
import CloudKitConformance
import Testing

/// One case of the conformance kit on one provider.
struct KitCase: Sendable, CustomTestStringConvertible {
    let testCase: ConformanceCase
    let provider: String
    var testDescription: String { "\(testCase.name) on \(provider)" }

    /// Every case of `family` on every provider the suites run against
    /// (the memory provider too, for the services it has).
    static func all(_ family: ConformanceFamily) -> [KitCase] {
        let providers = switch family {
        case .storage: ProviderFixture.storageProviders
        case .kv: ProviderFixture.kvProviders
        default: ProviderFixture.providers
        }
        return ConformanceSuite.selected(families: [family]).flatMap { testCase in providers.map { KitCase(testCase: testCase, provider: $0) } }
    }
}

/// The behaviour every provider must share: the conformance kit's cases
/// (`Sources/CloudKitConformance`, also run by `cloudkit conformance`), each
/// a test of its own on each provider. The in-tree providers offer every
/// case needs, so a skip fails too.
@Suite("Conformance kit")
struct KitConformanceTests {
    @Test("each storage case passes on each provider", arguments: KitCase.all(.storage))
    func storage(_ kitCase: KitCase) async throws { try await Self.run(kitCase) }

    @Test("each key-value case passes on each provider", arguments: KitCase.all(.kv))
    func kv(_ kitCase: KitCase) async throws { try await Self.run(kitCase) }

    @Test("each queue case passes on each provider", arguments: KitCase.all(.queue))
    func queue(_ kitCase: KitCase) async throws { try await Self.run(kitCase) }

    @Test("each publish/subscribe case passes on each provider", arguments: KitCase.all(.pubsub))
    func pubsub(_ kitCase: KitCase) async throws { try await Self.run(kitCase) }

    @Test("each functions case passes on each provider", arguments: KitCase.all(.functions))
    func functions(_ kitCase: KitCase) async throws { try await Self.run(kitCase) }

    /// Also run under ThreadSanitizer (`.ci/tsan`): calls in flight, cancellation, closing.
    @Test("each lifecycle case passes on each provider", arguments: KitCase.all(.lifecycle))
    func lifecycle(_ kitCase: KitCase) async throws { try await Self.run(kitCase) }

    /// Runs one case; a failure, or a skip the in-tree providers have no reason for, is an issue.
    static func run(_ kitCase: KitCase) async throws {
        let offer = try await KitTargets.offer(kitCase.provider)
        let target = try KitTargets.target(kitCase.provider)
        let result = await ConformanceRunner(target: target).run(kitCase.testCase, offer: offer)
        switch result.outcome {
        case .passed: break
        case .failed(let message): Issue.record("\(Comment(rawValue: result.name)): \(message)")
        case .skipped(let reason):
            // Only a fixture this environment does not provide (no signature-checking
            // moto), or what a provider documents it lacks, may be missing.
            let documentedGap = ProviderFixture.documentedGaps[kitCase.provider, default: []].contains { reason.contains($0) }
            if kitCase.testCase.requirement.fixtures.allSatisfy({ target.functions[$0] != nil }) && !documentedGap {
                Issue.record("skipped on \(kitCase.provider): \(reason)")
            }
        }
    }
}
