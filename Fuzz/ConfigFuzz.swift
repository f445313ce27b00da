import CloudKitModel

/// libFuzzer entry: configuration files (`cloudkit.toml`) through the
/// config reader. Any input may be refused with a CloudError naming the
/// line; none may crash or trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let file = try? ConfigFile.parse(text, origin: "fuzz") {
        _ = file.sections.count + file.topLevel.count
    }
    return 0
}
