/// Functions with Lambda's model: invoke by name, ARN or name + qualifier,
/// synchronously, as an event, or as a dry run; describe and list them.
///
/// The host's ABI-backed client and every provider's backend implement this
/// protocol. All methods are safe to call concurrently and throw only
/// `CloudError` — but a function that ran and failed returns normally with
/// `InvokeResult.functionError` set, so "the function said no" is never
/// confused with "we could not reach it".
public protocol Functions: Sendable {
    func invoke(_ request: InvokeRequest) async throws(CloudError) -> InvokeResult
    func getFunction(_ function: String, qualifier: String?) async throws(CloudError) -> FunctionInfo
    /// One page of functions; `maxItems` 1–50, nil for the provider's page size.
    func listFunctions(pageToken: String?, maxItems: Int?) async throws(CloudError) -> FunctionPage
}
