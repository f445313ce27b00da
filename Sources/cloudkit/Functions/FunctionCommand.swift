import ArgumentParser
import CloudKit
import Foundation

/// `cloudkit fn …`: invoke, describe and list functions.
struct FunctionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fn", abstract: "Functions: invoke, describe, list.",
        subcommands: [InvokeCommand.self, FunctionGetCommand.self, FunctionListCommand.self])

    /// A function's description as JSON.
    static func json(_ info: FunctionInfo) -> JSONValue {
        var object: [String: JSONValue] = ["name": .string(info.name), "arn": .string(info.arn)]
        if let runtime = info.runtime { object["runtime"] = .string(runtime) }
        if let handler = info.handler { object["handler"] = .string(handler) }
        if let memory = info.memoryMB { object["memoryMB"] = .number(String(memory)) }
        if let timeout = info.timeoutSeconds { object["timeoutSeconds"] = .number(String(timeout)) }
        if let modified = info.lastModified { object["lastModified"] = .string(modified) }
        if let state = info.state { object["state"] = .string(state) }
        return .object(object)
    }
}

struct InvokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invoke", abstract: "Invoke a function; its result goes to stdout.",
        discussion: "A function that ran and failed prints `error: function error (KIND): PAYLOAD` to stderr and exits 1.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Function name, ARN or name:qualifier.") var function: String
    @Argument(help: "The payload, or - for standard input (default: empty).") var payload: String?
    @Flag(name: .customLong("async"), help: "Queue the event and return at once.") var asynchronous = false
    @Flag(name: .customLong("dry-run"), help: "Only check that the call would be allowed.") var dryRun = false
    @Option(help: "Version or alias.") var qualifier: String?
    @Flag(help: "Print the last 4 KB of the function's log to stderr.") var log = false

    func run() async throws {
        guard !(asynchronous && dryRun) else { throw ValidationError("give at most one of --async and --dry-run") }
        let body: Data
        switch payload {
        case "-": body = FileHandle.standardInput.readDataToEndOfFile()
        case let text?: body = Data(text.utf8)
        case nil: body = Data()
        }
        let request = InvokeRequest(
            function: function, qualifier: qualifier, payload: body, type: asynchronous ? .event : dryRun ? .dryRun : .requestResponse,
            logTail: log)
        let result = try await global.load().functions.invoke(request)
        if let logTail = result.logTail, log { Terminal.error(logTail) }
        if let kind = result.functionError {
            throw CloudError(.functionError, "\(String(decoding: result.payload, as: UTF8.self))", code: kind)
        }
        try result.payload.withUnsafeBytes { try Terminal.writeStdout($0) }
    }
}

struct FunctionGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Print a function's configuration as JSON.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Function name or ARN.") var function: String
    @Option(help: "Version or alias.") var qualifier: String?

    func run() async throws {
        print(FunctionCommand.json(try await global.load().functions.getFunction(function, qualifier: qualifier)).text)
    }
}

struct FunctionListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Print every function, one JSON object per line.")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let cloud = try await global.load()
        var token: String?
        repeat {
            let page = try await cloud.functions.listFunctions(pageToken: token, maxItems: nil)
            for info in page.functions { print(FunctionCommand.json(info).text) }
            token = page.nextPageToken
        } while token != nil
    }
}
