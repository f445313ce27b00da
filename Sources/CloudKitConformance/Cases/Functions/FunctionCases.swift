import CloudKit
import Foundation

/// Functions: invoking (synchronously, as an event, as a dry run), qualifiers, function errors, limits, descriptions.
enum FunctionCases {
    static let all = [invoke, qualifiers, handledError, payloadLimits, describe, notFound]

    static let invoke = ConformanceCase(
        .functions, "invoke", "a synchronous invocation returns the function's result (200); an event is accepted (202), a dry run checked (204)",
        needs: .on(.functions, "invoke").fixture(.echoFunction)
    ) { context in
        let (function, cloud) = try await context.function(.echoFunction)
        let payload = Data(#"{"order":12345678901234567890,"note":"ünïcode"}"#.utf8)
        let result = try await cloud.functions.invoke(InvokeRequest(function: function, payload: payload))
        try expectEqual(result.statusCode, 200, "status of a synchronous invocation")
        try expect(result.payload == payload, "the echo function returned another payload: \(String(decoding: result.payload, as: UTF8.self))")
        try expectEqual(result.functionError, nil, "function error of a successful invocation")
        let event = try await cloud.functions.invoke(InvokeRequest(function: function, payload: Data("{}".utf8), type: .event))
        try expectEqual(event.statusCode, 202, "status of an event")
        try expectEqual(event.functionError, nil, "function error of an event")
        try expectEqual(try await cloud.functions.invoke(InvokeRequest(function: function, type: .dryRun)).statusCode, 204, "status of a dry run")
    }

    static let qualifiers = ConformanceCase(
        .functions, "qualifiers", "a function is reached by its ARN, a version's ARN, name:qualifier, a separate qualifier and $LATEST",
        needs: .on(.functions, "invoke", "get_function").fixture(.echoFunction)
    ) { context in
        let (function, cloud) = try await context.function(.echoFunction)
        let info = try await cloud.functions.getFunction(function, qualifier: nil)
        let version = try await cloud.functions.getFunction(function, qualifier: "1")
        try expectEqual(version.arn, info.arn + ":1", "ARN of version 1")
        let payload = Data(#"{"qualified":true}"#.utf8)
        for request in [
            InvokeRequest(function: info.arn, payload: payload), InvokeRequest(function: version.arn, payload: payload),
            InvokeRequest(function: "\(function):1", payload: payload), InvokeRequest(function: function, qualifier: "1", payload: payload),
            InvokeRequest(function: function, qualifier: "$LATEST", payload: payload),
        ] {
            let what = "invocation of \(request.function)\(request.qualifier.map { " qualifier \($0)" } ?? "")"
            let result = try await cloud.functions.invoke(request)
            try expectEqual(result.statusCode, 200, "status of an \(what)")
            try expect(result.payload == payload, "the \(what) returned another payload")
            try expectEqual(result.functionError, nil, "function error of an \(what)")
        }
    }

    static let handledError = ConformanceCase(
        .functions, "handled-error", "a function that runs and fails returns a handled function error with a payload, not a thrown error",
        needs: .on(.functions, "invoke").fixture(.failingFunction)
    ) { context in
        let (function, cloud) = try await context.function(.failingFunction)
        let result = try await cloud.functions.invoke(InvokeRequest(function: function, payload: Data("{}".utf8)))
        try expectEqual(result.statusCode, 200, "status of an invocation that failed in the function")
        try expectEqual(result.functionError, "Handled", "function error")
        try expect(!result.payload.isEmpty, "a failed invocation returned no payload")
    }

    static let payloadLimits = ConformanceCase(
        .functions, "payload-limits", "payloads past 6 MB (synchronous) or 256 KB (event) are invalid arguments, before anything runs",
        needs: .on(.functions, "invoke")
    ) { context in
        let functions = context.cloud.functions
        let function = context.name("limits")
        try await expectError(.invalidArgument, "a synchronous invocation with a payload of 6 MB + 1") {
            try await functions.invoke(InvokeRequest(function: function, payload: Data(count: FunctionLimits.synchronousPayloadBytes + 1)))
        }
        try await expectError(.invalidArgument, "an event with a payload of 256 KB + 1") {
            try await functions.invoke(InvokeRequest(function: function, payload: Data(count: FunctionLimits.eventPayloadBytes + 1), type: .event))
        }
    }

    static let describe = ConformanceCase(
        .functions, "describe", "get describes a function (name, ARN, state, timeout, modification time); list pages include it",
        needs: .on(.functions, "get_function", "list_functions").fixture(.echoFunction)
    ) { context in
        let (function, cloud) = try await context.function(.echoFunction)
        let info = try await cloud.functions.getFunction(function, qualifier: nil)
        try expectEqual(info.name, function, "name")
        try expect(info.arn.hasSuffix(":function:\(function)"), "ARN \(info.arn) does not end in :function:\(function)")
        try expectEqual(info.state, "Active", "state")
        try expect(info.timeoutSeconds != nil, "no timeout")
        try expect(info.lastModified?.isEmpty == false, "no modification time")
        var names: [String] = []
        var token: String?
        var pages = 0
        repeat {
            let page = try await cloud.functions.listFunctions(pageToken: token, maxItems: 50)
            names += page.functions.map(\.name)
            token = page.nextPageToken
            pages += 1
        } while token != nil && pages < 1000
        try expect(names.contains(function), "\(function) is not among the \(names.count) functions listed")
    }

    static let notFound = ConformanceCase(
        .functions, "not-found", "getting a function that does not exist is the not-found kind",
        needs: .on(.functions, "get_function")
    ) { context in
        try await expectError(.notFound, "get of a missing function") { try await context.cloud.functions.getFunction(context.name("missing"), qualifier: nil) }
    }
}
