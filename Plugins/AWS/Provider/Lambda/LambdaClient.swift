import AWSAuth
import AWSHTTP
import CloudKitModel
import CloudKitProviderSupport
import Foundation

/// Functions on AWS Lambda (REST-JSON protocol, SigV4), implementing
/// `Functions`. Endpoint: `endpoint_url`, else `AWS_ENDPOINT_URL_LAMBDA`,
/// else `AWS_ENDPOINT_URL`, else the region's.
public final class LambdaClient: Functions {
    let sender: AWSServiceSender
    static let apiVersion = "/2015-03-31"
    /// The longest a function may run (Lambda's largest timeout, 15 minutes):
    /// a synchronous invocation may rightly wait this long for its reply.
    static let longestRun: Double = 900

    public init(configuration: AWSConfiguration, transport: CurlTransport, credentials: any CredentialProvider, logger: ProviderLogger) throws(CloudError) {
        sender = AWSServiceSender(
            name: "Lambda", signingName: "lambda",
            endpoint: try ServiceEndpoint(configuration: configuration, service: "Lambda", hostPrefix: "lambda"),
            configuration: configuration, transport: transport, credentials: credentials, logger: logger)
    }

    /// A function name, ARN or `name:qualifier`; anything else is refused before it reaches a URL.
    static func validate(_ function: String) throws(CloudError) {
        guard (1...170).contains(function.utf8.count),
              function.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_:$.".unicodeScalars.contains($0)) })
        else { throw .invalidArgument("'\(function)' is not a function name, ARN or name:qualifier") }
    }

    public func invoke(_ request: InvokeRequest) async throws(CloudError) -> InvokeResult {
        try FunctionLimits.validate(request)
        try Self.validate(request.function)
        let type: String
        switch request.type {
        case .requestResponse: type = "RequestResponse"
        case .event: type = "Event"
        case .dryRun: type = "DryRun"
        }
        var headers = [HTTPHeader("X-Amz-Invocation-Type", type), HTTPHeader("Content-Type", "application/json")]
        if request.logTail && request.type == .requestResponse { headers.append(HTTPHeader("X-Amz-Log-Type", "Tail")) }
        // A synchronous invocation may have run when a reply is lost, so only
        // requests that surely did not run are sent again.
        let response = try await sender.send(
            "Invoke", method: "POST", path: "\(Self.apiVersion)/functions/\(request.function)/invocations",
            query: request.qualifier.map { [QueryItem("Qualifier", $0)] } ?? [], payload: request.payload, headers: headers,
            idempotent: false, serverWait: request.type == .requestResponse ? Self.longestRun : 0)
        let logTail = response.headers.first(named: "X-Amz-Log-Result")
            .flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) }
        return InvokeResult(
            statusCode: response.status, payload: response.body,
            functionError: response.headers.first(named: "X-Amz-Function-Error") ?? LambdaErrorPayload.kind(of: response.body),
            executedVersion: response.headers.first(named: "X-Amz-Executed-Version"), logTail: logTail)
    }

    public func getFunction(_ function: String, qualifier: String?) async throws(CloudError) -> FunctionInfo {
        try Self.validate(function)
        let response = try await sender.send(
            "GetFunction", method: "GET", path: "\(Self.apiVersion)/functions/\(function)",
            query: qualifier.map { [QueryItem("Qualifier", $0)] } ?? [], payload: Data(), headers: [])
        let reply = try Self.json(response)
        guard let configuration = reply["Configuration"], let info = Self.info(configuration) else {
            throw .internal("GetFunction returned no configuration")
        }
        return info
    }

    public func listFunctions(pageToken: String?, maxItems: Int?) async throws(CloudError) -> FunctionPage {
        if let maxItems, !(1...50).contains(maxItems) { throw .invalidArgument("max items is 1 to 50") }
        var query: [QueryItem] = []
        if let pageToken { query.append(QueryItem("Marker", pageToken)) }
        if let maxItems { query.append(QueryItem("MaxItems", String(maxItems))) }
        let response = try await sender.send("ListFunctions", method: "GET", path: "\(Self.apiVersion)/functions/", query: query, payload: Data(), headers: [])
        let reply = try Self.json(response)
        let functions = (reply["Functions"]?.arrayValue ?? []).compactMap(Self.info)
        let next = reply["NextMarker"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        return FunctionPage(functions: functions, nextPageToken: next)
    }

    static func json(_ response: HTTPResponse) throws(CloudError) -> JSONValue {
        do throws(CloudError) {
            return try JSONValue.parse(String(decoding: response.body, as: UTF8.self), what: "the Lambda reply")
        } catch {
            throw .internal(error.message)
        }
    }

    /// A `FunctionConfiguration` object.
    static func info(_ json: JSONValue) -> FunctionInfo? {
        guard let name = json["FunctionName"]?.stringValue, let arn = json["FunctionArn"]?.stringValue else { return nil }
        return FunctionInfo(
            name: name, arn: arn, runtime: json["Runtime"]?.stringValue, handler: json["Handler"]?.stringValue,
            memoryMB: json["MemorySize"]?.numberText.flatMap { Int($0) }, timeoutSeconds: json["Timeout"]?.numberText.flatMap { Int($0) },
            lastModified: json["LastModified"]?.stringValue, state: json["State"]?.stringValue)
    }
}
