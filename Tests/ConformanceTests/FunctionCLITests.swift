import CloudKit
import CloudKitTestSupport
import Foundation
import Testing

/// `cloudkit fn` against moto's Lambda without Docker, whose results can be
/// queued: the queued payload comes back exactly, and a queued Lambda error
/// object is reported as a function error (stderr, exit 1).
@Suite("cloudkit fn against moto", .enabled(if: ProviderFixture.providers.contains("aws")))
struct FunctionCLITests {
    /// Results are queued per region; this suite owns its region so parallel tests never take them.
    static let region = "eu-west-2"

    @Test("fn invoke prints a queued payload exactly and reports a queued errorMessage as a function error")
    func queuedResults() async throws {
        let endpoint = try #require(ProviderFixture.motoEndpoint)
        let function = FunctionFixture.name("queued")
        try await FunctionFixture.createLambda(function, endpoint: endpoint, key: "testing", secret: "testing", region: Self.region)
        let queued = #"{"results": ["{\"answer\": 42, \"text\": \"exact ✓\"}", "{\"errorMessage\": \"the order was refused\", \"errorType\": \"OrderRefused\"}"], "region": "\#(Self.region)"}"#
        let post = try await ProgramRunner.run(ProgramRunner.which("curl") ?? "/usr/bin/curl", [
            "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "\(endpoint)/moto-api/static/lambda-simple/response", "-d", queued,
        ])
        #expect(post.text == "201")
        var environment = BotoRunner.environment(endpoint)
        environment["AWS_REGION"] = Self.region
        environment["AWS_DEFAULT_REGION"] = Self.region
        let first = try await ProgramRunner.run(BotoRunner.cli, ["fn", "invoke", function, #"{"question":"?"}"#], environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.text == #"{"answer": 42, "text": "exact ✓"}"#)
        let second = try await ProgramRunner.run(BotoRunner.cli, ["fn", "invoke", function, "{}"], environment: environment)
        #expect(second.status == 1)
        #expect(second.stdout.isEmpty)
        #expect(second.stderr.hasPrefix("error: function error: "))
        #expect(second.stderr.contains(#""errorMessage": "the order was refused""#))
        #expect(second.stderr.contains("Handled"))
        let echo = try await ProgramRunner.run(BotoRunner.cli, ["fn", "invoke", function, "-"], stdin: Data("from stdin".utf8), environment: environment)
        #expect(echo.text == "from stdin")
        let get = try await ProgramRunner.run(BotoRunner.cli, ["fn", "get", function], environment: environment)
        let info = try JSONValue.parse(get.text.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(info["name"] == .string(function))
        #expect(info["memoryMB"] == .number("256"))
        #expect(info["timeoutSeconds"] == .number("7"))
        #expect(info["runtime"] == .string("python3.12"))
    }
}
