import CCloudKitABI
import CloudKitModel

/// Per-call options (ABI 1.3 `options`/`option_count` on every request).
public enum ABIOptions {
    /// For an operation that defines no option keys: any option given is
    /// unknown, `invalid argument` naming it (never silently ignored).
    public static func refuseAll(_ pointer: UnsafePointer<ck_pair>?, _ count: Int, operation: String) throws(CloudError) {
        let options = try ABIInput.pairs(pointer, count, "options")
        if let (key, _) = options.first {
            throw .invalidArgument("unknown option '\(key)' for \(operation) (it takes no options)")
        }
    }

    /// Checks `keys` against what the provider accepts for `operation`: a key
    /// it accepts passes; a key cloudkit defines for the operation
    /// (`defined`) that the provider does not accept is `unsupported`; any
    /// other key is `invalid argument`. Both name the key.
    public static func check(
        _ keys: some Sequence<String>, operation: String, accepted: Set<String>, defined: Set<String>, provider: String
    ) throws(CloudError) {
        for key in keys.sorted() where !accepted.contains(key) {
            if defined.contains(key) {
                throw CloudError(.unsupported, "provider \(provider) does not support option '\(key)' on \(operation)", code: "UnsupportedOption")
            }
            let known = accepted.sorted().joined(separator: ", ")
            throw .invalidArgument("unknown option '\(key)' for \(operation) (accepted: \(known.isEmpty ? "none" : known))")
        }
    }
}
