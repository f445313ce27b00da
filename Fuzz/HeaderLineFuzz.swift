import Foundation

/// libFuzzer entry: lines of a reply's head as curl hands them to the
/// transport (`HTTPHeaderLine`), and the lookups made on the fields read.
/// Any input may be ignored; none may crash or trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHeaderLine(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let line = HTTPHeaderLine(UnsafeRawBufferPointer(start: data, count: size))
    if case .field(let header) = line {
        _ = [header].integer(named: header.name)
        _ = header.nameHasPrefix("x-amz-meta-")
        guard header.isNamed(header.name.uppercased()) || header.name.uppercased().utf8.count != header.name.utf8.count
            || header.name.unicodeScalars.contains(where: { !$0.isASCII })
        else { fatalError("'\(header.name)' does not match its upper-case form") }
    }
    return 0
}
