import CloudKit
import CloudKitConformance
import Foundation

/// The conformance kit's targets for the in-tree providers: how each opens a
/// fresh client with its function fixtures, and what each offers, read once.
enum KitTargets {
    /// A target for `provider`: every client it opens reaches the same resources.
    static func target(_ provider: String) throws -> ConformanceTarget {
        switch provider {
        case "local": try local()
        case "aws": aws
        default: ConformanceTarget { try await ProviderFixture.open(provider) }
        }
    }

    /// Clients of a fresh root (one per target) whose functions folder holds the fixtures.
    static func local() throws -> ConformanceTarget {
        let root = try FunctionFixture.localRoot("kit", functions: FunctionFixture.localScripts(echo: "echo", failing: "fail"))
        return ConformanceTarget(functions: [.echoFunction: FixtureFunction(name: "echo"), .failingFunction: FixtureFunction(name: "fail")]) {
            try await Cloud.load(provider: "local", options: ["root": root], environment: ProviderFixture.environment)
        }
    }

    /// Moto; the echo function on the plain server, the failing one on the
    /// signature-checking server (no Docker: every invocation there fails, handled).
    static var aws: ConformanceTarget {
        var functions: [ConformanceFixture: FixtureFunction] = [.echoFunction: FixtureFunction(name: awsEcho)]
        if ProviderFixture.signatureCheckingConfigured, let endpoint = ProviderFixture.motoAuthEndpoint {
            let environment = ProviderFixture.environment
            let key = environment["CLOUDKIT_TEST_MOTO_AUTH_KEY_ID"] ?? ""
            let secret = environment["CLOUDKIT_TEST_MOTO_AUTH_SECRET"] ?? ""
            functions[.failingFunction] = FixtureFunction(name: awsFailing) {
                try await lambda(awsFailing, endpoint: endpoint, key: key, secret: secret)
                return try await Cloud.load(
                    provider: "aws", options: ProviderFixture.awsOptions(endpoint: endpoint, accessKey: key, secret: secret), environment: environment)
            }
        }
        return ConformanceTarget(functions: functions) {
            try await makeAWSEcho()
            return try await ProviderFixture.open("aws")
        }
    }

    /// Creates the echo function in the plain moto, once.
    static func makeAWSEcho() async throws {
        try await lambda(awsEcho, endpoint: try FunctionFixture.require(ProviderFixture.motoEndpoint, "moto endpoint"), key: "testing", secret: "testing")
    }

    static let awsEcho = FunctionFixture.name("kit-echo")
    static let awsFailing = FunctionFixture.name("kit-fail")

    private static let lambdas = OnceEach<Void>()

    /// Creates the Lambda function `name` in moto, once for the whole test process.
    private static func lambda(_ name: String, endpoint: String, key: String, secret: String) async throws {
        try await lambdas.value(name) { try await FunctionFixture.createLambda(name, endpoint: endpoint, key: key, secret: secret) }
    }

    private static let offers = OnceEach<ProviderOffer>()

    /// What `provider` offers, read once for the whole test process.
    static func offer(_ provider: String) async throws -> ProviderOffer {
        try await offers.value(provider) { try await ConformanceRunner(target: try target(provider)).offer() }
    }
}
