import CloudKitModel
import Foundation

/// libFuzzer entry: dates from server replies (`Last-Modified`, S3's and
/// STS's ISO 8601 times) through the hand-written parsers. Any input may be
/// refused; none may crash or trap, and a date read back from its own
/// writing must be the same moment.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDates(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    // The years the four-digit forms can write.
    let writable = -62_167_219_200.0...253_402_300_799.0
    if let date = HTTPDate.parse(text) {
        guard HTTPDate.parse(HTTPDate.format(date)) == date else { fatalError("HTTP date \(text) does not read back") }
    }
    if let date = ISO8601Date.parse(text), writable.contains(date.timeIntervalSince1970) {
        guard let again = ISO8601Date.parse(ISO8601Date.format(date, milliseconds: true)), abs(again.timeIntervalSince(date)) < 0.001 else {
            fatalError("ISO 8601 time \(text) does not read back")
        }
        _ = AmzDate.format(date)
    }
    return 0
}
