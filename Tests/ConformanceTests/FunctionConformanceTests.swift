import CloudKit
import CloudKitTestSupport
import Foundation
import Testing

/// Behaviour every provider's functions must share, through the C ABI.
@Suite("Functions conformance")
struct FunctionConformanceTests {
    @Test("a synchronous invocation returns the function's result; events are accepted and dry runs checked", arguments: ProviderFixture.providers)
    func invoke(provider: String) async throws {
        let (cloud, function) = try await FunctionFixture.echo(provider)
        let payload = Data(#"{"order":12345678901234567890,"note":"ünïcode"}"#.utf8)
        let result = try await cloud.functions.invoke(InvokeRequest(function: function, payload: payload))
        #expect(result.statusCode == 200)
        #expect(result.payload == payload)
        #expect(result.functionError == nil)
        let event = try await cloud.functions.invoke(InvokeRequest(function: function, payload: Data("{}".utf8), type: .event))
        #expect(event.statusCode == 202)
        #expect(event.functionError == nil)
        let dryRun = try await cloud.functions.invoke(InvokeRequest(function: function, type: .dryRun))
        #expect(dryRun.statusCode == 204)
        await cloud.close()
    }

    @Test("a function is reached by its ARN, as name:qualifier and with a separate qualifier", arguments: ProviderFixture.providers)
    func qualifiers(provider: String) async throws {
        let (cloud, function) = try await FunctionFixture.echo(provider)
        let info = try await cloud.functions.getFunction(function, qualifier: nil)
        let version = try await cloud.functions.getFunction(function, qualifier: "1")
        #expect(version.arn == info.arn + ":1")
        let payload = Data(#"{"qualified":true}"#.utf8)
        for request in [
            InvokeRequest(function: info.arn, payload: payload), InvokeRequest(function: version.arn, payload: payload),
            InvokeRequest(function: "\(function):1", payload: payload), InvokeRequest(function: function, qualifier: "1", payload: payload),
            InvokeRequest(function: function, qualifier: "$LATEST", payload: payload),
        ] {
            let result = try await cloud.functions.invoke(request)
            #expect(result.statusCode == 200, "\(request.function) \(request.qualifier ?? "")")
            #expect(result.payload == payload, "\(request.function) \(request.qualifier ?? "")")
            #expect(result.functionError == nil)
        }
        await cloud.close()
    }

    @Test("a function that runs and fails returns a handled function error with its payload, not a thrown error", arguments: ProviderFixture.providers)
    func functionError(provider: String) async throws {
        let (cloud, function) = try await FunctionFixture.failing(provider)
        let result = try await cloud.functions.invoke(InvokeRequest(function: function, payload: Data("{}".utf8)))
        #expect(result.statusCode == 200)
        #expect(result.functionError == "Handled")
        // Lambda's payload is the runtime's `{"errorMessage": …}`; moto without
        // Docker sends its own text, so only a non-empty payload is common ground.
        #expect(!result.payload.isEmpty)
        await cloud.close()
    }

    @Test("payloads past the service limits are invalid arguments, before anything runs", arguments: ProviderFixture.providers)
    func payloadLimits(provider: String) async throws {
        let (cloud, function) = try await FunctionFixture.echo(provider)
        let sync = await failure {
            _ = try await cloud.functions.invoke(InvokeRequest(function: function, payload: Data(count: FunctionLimits.synchronousPayloadBytes + 1)))
        }
        #expect(sync?.kind == .invalidArgument)
        let event = await failure {
            _ = try await cloud.functions.invoke(InvokeRequest(function: function, payload: Data(count: FunctionLimits.eventPayloadBytes + 1), type: .event))
        }
        #expect(event?.kind == .invalidArgument)
        await cloud.close()
    }

    @Test("get and list describe functions; a missing one is not found", arguments: ProviderFixture.providers)
    func describe(provider: String) async throws {
        let (cloud, function) = try await FunctionFixture.echo(provider)
        let info = try await cloud.functions.getFunction(function, qualifier: nil)
        #expect(info.name == function)
        #expect(info.arn.hasSuffix(":function:\(function)"))
        #expect(info.state == "Active")
        #expect(info.timeoutSeconds != nil)
        #expect(info.lastModified?.isEmpty == false)
        // Every function, across pages of one: no page-token loop in the caller.
        let names = try await cloud.functions.allFunctions(pageSize: 1).collect().map(\.name)
        #expect(names.contains(function))
        #expect(Set(names).count == names.count, "no function twice")
        #expect(await failure { _ = try await cloud.functions.getFunction(function + "-missing", qualifier: nil) }?.kind == .notFound)
        await cloud.close()
    }
}
