import CCloudKitABI
import CloudKitCInterop
import CloudKitModel

/// The common path of every table entry: check the client, read the borrowed
/// input synchronously, run the operation asynchronously, deliver once.
enum ProviderCall {
    /// Starts `operation` on `client` with input parsed by `parse` (called
    /// before returning, while the caller's pointers are valid). Any failure,
    /// including a NULL client or bad input, reaches `deliver` exactly once.
    /// `key` is the host's `user_data`, by which `ck_provider.cancel` finds the call.
    static func start<Input: Sendable, Output: Sendable>(
        _ client: OpaquePointer?,
        key: UnsafeMutableRawPointer?,
        parse: () throws(CloudError) -> Input,
        operation: @escaping @Sendable (ClientBox, Input) async throws(CloudError) -> Output,
        deliver: @escaping @Sendable (Result<Output, CloudError>) -> Void
    ) {
        guard let box = ClientBox.from(client) else {
            deliver(.failure(.invalidArgument("client is NULL")))
            return
        }
        let input: Input
        do throws(CloudError) {
            input = try parse()
        } catch {
            deliver(.failure(error))
            return
        }
        box.start(key: UInt(bitPattern: key), { box async throws(CloudError) in try await operation(box, input) }, complete: deliver)
    }
}

extension ClientBox {
    /// The client's object storage, or `unsupported`.
    func storage() throws(CloudError) -> any ObjectStorage {
        guard let storage = client.storage else { throw CloudError(.unsupported, "this provider has no object storage") }
        return storage
    }
}
