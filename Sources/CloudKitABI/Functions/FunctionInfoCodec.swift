import CCloudKitABI
import CloudKitModel

/// `ck_function_info` ↔ `FunctionInfo`, alone (`get_function`) or as a page
/// (`list_functions`). Written by a provider, read by the host. An unknown
/// memory size or timeout travels as 0.
public enum FunctionInfoCodec {
    /// Provider side: `info` in `arena`.
    public static func write(_ info: FunctionInfo, _ arena: CArena) -> UnsafePointer<ck_function_info> {
        var c = ck_function_info()
        c.struct_size = ck_function_info.size(forMinor: ABIAgreement.minor)
        c.name = arena.string(info.name)
        c.arn = arena.string(info.arn)
        c.runtime = arena.string(info.runtime)
        c.handler = arena.string(info.handler)
        c.memory_mb = Int32(clamping: info.memoryMB ?? 0)
        c.timeout_seconds = Int32(clamping: info.timeoutSeconds ?? 0)
        c.last_modified = arena.string(info.lastModified)
        c.state = arena.string(info.state)
        return UnsafePointer(arena.value(c))
    }

    /// Provider side: the page's parts for the callback, in `arena`.
    public static func write(
        _ page: FunctionPage, _ arena: CArena
    ) -> (UnsafePointer<UnsafePointer<ck_function_info>?>?, Int, UnsafePointer<CChar>?) {
        let list: [UnsafePointer<ck_function_info>?] = page.functions.map { write($0, arena) }
        return (UnsafePointer(arena.array(list)), list.count, arena.string(page.nextPageToken))
    }

    /// Host side: a copy of the provider's function; none, or a malformed one, is `internal`.
    public static func read(_ pointer: UnsafePointer<ck_function_info>?) throws(CloudError) -> FunctionInfo {
        try ABIResult.read("get_function result") { () throws(CloudError) in try read(pointer, "function") }
    }

    /// Host side: a copy of the provider's page; a malformed one is `internal`.
    public static func read(
        _ list: UnsafePointer<UnsafePointer<ck_function_info>?>?, _ count: Int, _ nextPageToken: UnsafePointer<CChar>?
    ) throws(CloudError) -> FunctionPage {
        try ABIResult.read("list_functions result") { () throws(CloudError) in
            FunctionPage(
                functions: try ABIInput.list(list, count, "functions") { (pointer, field) throws(CloudError) in try read(pointer, field) },
                nextPageToken: try ABIInput.optionalString(nextPageToken, "next_page_token"))
        }
    }

    private static func read(_ pointer: UnsafePointer<ck_function_info>?, _ field: String) throws(CloudError) -> FunctionInfo {
        let c = try ABIStruct.read(pointer, field, unknownTail: .ignore)
        return FunctionInfo(
            name: try ABIInput.string(c.name, "\(field).name"), arn: try ABIInput.string(c.arn, "\(field).arn"),
            runtime: try ABIInput.optionalString(c.runtime, "\(field).runtime"), handler: try ABIInput.optionalString(c.handler, "\(field).handler"),
            memoryMB: c.memory_mb == 0 ? nil : Int(c.memory_mb), timeoutSeconds: c.timeout_seconds == 0 ? nil : Int(c.timeout_seconds),
            lastModified: try ABIInput.optionalString(c.last_modified, "\(field).last_modified"),
            state: try ABIInput.optionalString(c.state, "\(field).state"))
    }
}
