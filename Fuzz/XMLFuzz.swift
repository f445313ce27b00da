import CloudKitModel
import Foundation

/// libFuzzer entry: XML replies (S3, SNS, STS) through the XML reader.
/// Any input may be refused with a CloudError; none may crash or trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    if let tree = try? XMLTree.parse(Data(bytes: data, count: size)) {
        _ = tree.text("Error", "Code")
        _ = tree.all("member").count
    }
    return 0
}
