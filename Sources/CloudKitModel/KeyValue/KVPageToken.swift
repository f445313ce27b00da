import Foundation

/// Page tokens: the last key of a page, as base64url of its item JSON.
/// Opaque to callers; both providers use the same form.
public enum KVPageToken {
    public static func encode(_ key: KVItem) -> String {
        Base64URL.encode(Data(KVJSON.text(key).utf8))
    }

    public static func decode(_ token: String) throws(CloudError) -> KVItem {
        guard let data = Base64URL.decode(token), let text = String(data: data, encoding: .utf8),
              let key = try? KVJSON.item(text, what: "page token")
        else { throw .invalidArgument("the page token is not one this table issued") }
        return key
    }
}
