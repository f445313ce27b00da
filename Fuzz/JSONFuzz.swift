import CloudKitModel

/// libFuzzer entry: JSON texts from outside (service replies, KV items,
/// capabilities documents) through every JSON reader. Any input may be
/// refused with a CloudError; none may crash, hang or trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    // The check walks the parser's grammar without building: it passes
    // exactly what parses, and texts that differ only by naming a member twice.
    let checked = (try? JSONValue.check(text)) != nil
    switch Result(catching: { () throws(CloudError) in try JSONValue.parse(text) }) {
    case .success(let value):
        precondition(checked, "JSONValue.check refused what parses")
        // What parses must print and parse back to the same value.
        precondition((try? JSONValue.parse(value.text)) == value, "JSON round trip changed the value")
        _ = try? ProviderCapabilities(json: value)
    case .failure(let error):
        precondition(!checked || error.message.contains("duplicate member"), "JSONValue.check passed what does not parse: \(error.message)")
    }
    // A stored item the flat scanner passes skips the full check, so it must be an object the full check passes.
    if KVFlatItem.isFlat(text) {
        precondition((try? JSONValue.check(text, object: true)) != nil, "KVFlatItem.isFlat passed what the full check refuses")
    }
    // Page tokens come from callers: base64url, then an item's JSON.
    if let bytes = Base64URL.decode(text) {
        precondition(Base64URL.decode(Base64URL.encode(bytes)) == bytes, "base64url round trip changed the bytes")
    }
    if let key = try? KVPageToken.decode(text) {
        precondition((try? KVPageToken.decode(KVPageToken.encode(key))) == key, "page token round trip changed the key")
    }
    if let item = try? KVJSON.item(text, what: "fuzz") {
        precondition((try? KVJSON.item(KVJSON.text(item), what: "again")) == item, "KV item round trip changed the item")
    }
    return 0
}
