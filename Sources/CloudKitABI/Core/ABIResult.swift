import CloudKitModel

/// The host's reading of a provider's result: what is malformed there (a
/// NULL required member, invalid UTF-8, a too-small struct) is the
/// provider's fault, so it is `internal`, never the caller's `invalid argument`.
public enum ABIResult {
    /// `body`'s value; its failure becomes `internal` naming `what`.
    public static func read<Value>(_ what: String, _ body: () throws(CloudError) -> Value) throws(CloudError) -> Value {
        do {
            return try body()
        } catch {
            throw .internal("the provider returned a malformed \(what): \(error.message)")
        }
    }
}
