import CloudKit

/// Runs conformance cases against one target, one at a time: each on a
/// client of its own, with its own resources, cleaned up whatever happens,
/// under the target's per-case guard.
public struct ConformanceRunner: Sendable {
    public let target: ConformanceTarget

    public init(target: ConformanceTarget) {
        self.target = target
    }

    /// What the provider offers, read from a client opened for that alone
    /// (under the per-case guard: a provider that never answers is `timeout`).
    public func offer() async throws -> ProviderOffer {
        let target = self.target
        let read = await Deadline.run(within: target.caseTimeout) { () async -> Result<ProviderOffer, any Error> in
            let cloud: Cloud
            do {
                cloud = try await target.open()
            } catch {
                return .failure(error)
            }
            let offer: Result<ProviderOffer, any Error>
            do {
                offer = .success(try await ProviderOffer.of(cloud))
            } catch {
                offer = .failure(error)
            }
            await cloud.close()
            return offer
        }
        guard let read else {
            throw CloudError(.timeout, "the provider did not open a client and describe itself within \(target.caseTimeout.seconds) s")
        }
        return try read.get()
    }

    /// Runs `cases` in order, reporting each result as it comes; returns the
    /// counts. Cancelling the calling task stops the run (`cancelled`).
    public func run(_ cases: [ConformanceCase], report: (ConformanceResult) -> Void) async throws -> ConformanceSummary {
        let offer = try await offer()
        var summary = ConformanceSummary()
        for testCase in cases {
            guard !Task.isCancelled else { throw CloudError(.cancelled, "the run was cancelled") }
            let result = await run(testCase, offer: offer)
            summary.add(result)
            report(result)
        }
        return summary
    }

    /// Runs one case: skipped when `offer` or the target's fixtures lack what it needs.
    public func run(_ testCase: ConformanceCase, offer: ProviderOffer) async -> ConformanceResult {
        if let reason = offer.unmet(testCase.requirement) ?? missingFixture(testCase.requirement) {
            return ConformanceResult(name: testCase.name, outcome: .skipped(reason))
        }
        let target = self.target
        let outcome = await Deadline.run(within: target.caseTimeout) { await Self.execute(testCase, on: target) }
        return ConformanceResult(
            name: testCase.name,
            outcome: outcome ?? .failed("did not finish within \(target.caseTimeout.seconds) s: a call never completed, or ignored its cancellation"))
    }

    private func missingFixture(_ requirement: ConformanceRequirement) -> String? {
        requirement.fixtures.first { target.functions[$0] == nil }.map { "needs \($0.summary) (\($0.flag))" }
    }

    /// Opens a client, runs the body, cleans up (in a task of its own, so a
    /// cancelled case still does) and closes; then checks every call completed once.
    private static func execute(_ testCase: ConformanceCase, on target: ConformanceTarget) async -> ConformanceOutcome {
        let cloud: Cloud
        do {
            cloud = try await target.open()
        } catch {
            return .failed("cannot open a client: \(error)")
        }
        let context = ConformanceContext(cloud: cloud, target: target)
        var outcome = ConformanceOutcome.passed
        do {
            try await testCase.body(context)
        } catch let error as CloudError where error.kind == .unsupported {
            // The provider says it does not offer something the case relies on (a file body, say).
            outcome = .skipped("provider answered unsupported: \(error.message)")
        } catch {
            outcome = .failed(describe(error))
        }
        await Task { await context.runCleanups() }.value
        await cloud.close()
        let strays = context.strayCompletions
        guard strays == 0 else {
            var message = "the provider completed \(strays) call(s) more than once (each call must complete exactly once)"
            if case .failed(let other) = outcome { message += "; and: \(other)" }
            return .failed(message)
        }
        return outcome
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case let failure as ConformanceFailure: failure.message
        case let error as CloudError: "unexpected error: \(error)"
        default: "unexpected error: \(error)"
        }
    }
}

extension Duration {
    /// Whole seconds, for messages.
    var seconds: Int64 { components.seconds }
}
