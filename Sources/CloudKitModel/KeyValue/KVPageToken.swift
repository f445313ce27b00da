import Foundation

/// Page tokens: the last key of a page, as base64url of its item JSON.
/// Opaque to callers; both providers use the same form.
public enum KVPageToken {
    public static func encode(_ key: KVItem) -> String {
        Data(KVJSON.text(key).utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func decode(_ token: String) throws(CloudError) -> KVItem {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
              let key = try? KVJSON.item(text, what: "page token")
        else { throw .invalidArgument("the page token is not one this table issued") }
        return key
    }
}
