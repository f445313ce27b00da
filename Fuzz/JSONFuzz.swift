import CloudKitModel

/// libFuzzer entry: JSON texts from outside (service replies, KV items,
/// capabilities documents) through every JSON reader. Any input may be
/// refused with a CloudError; none may crash, hang or trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let value = try? JSONValue.parse(text) {
        // What parses must print and parse back to the same value.
        precondition((try? JSONValue.parse(value.text)) == value, "JSON round trip changed the value")
        _ = try? ProviderCapabilities(json: value)
    }
    if let item = try? KVJSON.item(text, what: "fuzz") {
        precondition((try? KVJSON.item(KVJSON.text(item), what: "again")) == item, "KV item round trip changed the item")
    }
    return 0
}
