import CloudKitModel
import Foundation

/// The opaque continuation token of a listing: base64 of a kind byte (`K`
/// after a key, `P` after a common prefix) and the UTF-8 bytes of the last
/// entry returned. The next page starts after that entry (and, after a
/// common prefix, after every key that rolls up into it).
struct PageToken: Hashable {
    enum Kind: UInt8 {
        case key = 0x4B  // "K"
        case commonPrefix = 0x50  // "P"
    }

    let kind: Kind
    let entry: [UInt8]

    init(kind: Kind, entry: [UInt8]) {
        self.kind = kind
        self.entry = entry
    }

    /// Parses a token this provider issued; `invalidArgument` otherwise.
    init(parsing token: String) throws(CloudError) {
        guard let data = Data(base64Encoded: token), let first = data.first, let kind = Kind(rawValue: first) else {
            throw CloudError(.invalidArgument, "the page token is not one this provider issued", code: "InvalidArgument")
        }
        self.kind = kind
        entry = Array(data.dropFirst())
    }

    var text: String { Data([kind.rawValue] + entry).base64EncodedString() }
}
