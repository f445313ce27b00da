import AWSHTTP

/// SigV4's canonical request written straight into one byte buffer: method,
/// canonical path, canonical query, the headers lower-cased, sorted and
/// merged, the signed header names and the payload hash. It is built for
/// every request and every retry, so it makes no string per header or value
/// and sorts indices, not copies.
struct CanonicalRequest {
    /// The canonical request, which the string to sign hashes.
    var bytes: [UInt8]
    /// `host;x-amz-date;…`, the `SignedHeaders` of the signature.
    var signedHeaders: String

    /// `path` is the canonical URI (already encoded); `query` is encoded here.
    init(method: String, path: String, query: [QueryItem], headers: [HTTPHeader], payload: String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 + path.utf8.count + headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 2 })
        bytes.append(contentsOf: method.utf8)
        bytes.append(Self.newline)
        bytes.append(contentsOf: path.utf8)
        bytes.append(Self.newline)
        bytes.append(contentsOf: SigV4Signer.encodeQuery(query).utf8)
        bytes.append(Self.newline)
        let nameBytes = headers.reduce(0) { $0 + $1.name.utf8.count }
        signedHeaders = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: nameBytes + headers.count) { names in
            let written = Self.writeHeaders(headers, into: &bytes, names: names)
            bytes.append(Self.newline)
            bytes.append(contentsOf: names[..<written])
            return String(decoding: names[..<written], as: UTF8.self)
        }
        bytes.append(Self.newline)
        bytes.append(contentsOf: payload.utf8)
        self.bytes = bytes
    }

    static let newline = UInt8(ascii: "\n")

    /// One `name:value,value\n` line per distinct (case-insensitive) name, in
    /// order of the lower-cased names; values trimmed, runs of spaces and
    /// tabs inside them made one space, and those of a repeated name joined
    /// with "," in the order given. `names` gets the names joined with ";".
    /// Returns how many bytes of `names` it wrote. Scratch space is taken
    /// from the stack, not the heap.
    static func writeHeaders(_ headers: [HTTPHeader], into bytes: inout [UInt8], names: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let nameBytes = names.count - headers.count
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: nameBytes) { lowered in
            withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: headers.count) { spans in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: headers.count) { order in
                    // Every name lower-cased once.
                    var end = 0
                    for (index, header) in headers.enumerated() {
                        let start = end
                        for byte in header.name.utf8 {
                            lowered[end] = lower(byte)
                            end += 1
                        }
                        spans.initializeElement(at: index, to: start..<end)
                        order[index] = index
                    }
                    func name(_ index: Int) -> UnsafeMutableBufferPointer<UInt8>.SubSequence { lowered[spans[index]] }
                    // An insertion sort (a request has a handful of headers); ties keep
                    // the given order, so the values of a repeated name stay in it.
                    for sorted in 1..<max(headers.count, 1) {
                        let moving = order[sorted]
                        var slot = sorted
                        while slot > 0, name(moving).lexicographicallyPrecedes(name(order[slot - 1])) {
                            order[slot] = order[slot - 1]
                            slot -= 1
                        }
                        order[slot] = moving
                    }
                    var written = 0
                    var previous: Int?
                    for index in order {
                        if let previous, name(previous).elementsEqual(name(index)) {
                            bytes.append(UInt8(ascii: ","))
                        } else {
                            if previous != nil {
                                bytes.append(newline)
                                names[written] = UInt8(ascii: ";")
                                written += 1
                            }
                            bytes.append(contentsOf: name(index))
                            for byte in name(index) {
                                names[written] = byte
                                written += 1
                            }
                            bytes.append(UInt8(ascii: ":"))
                        }
                        writeValue(headers[index].value, into: &bytes)
                        previous = index
                    }
                    if previous != nil { bytes.append(newline) }
                    return written
                }
            }
        }
    }

    /// `value` trimmed of spaces and tabs, with each run of them inside made
    /// one space; the runs between are copied whole (most values are one run).
    static func writeValue(_ value: String, into bytes: inout [UInt8]) {
        var value = value
        value.withUTF8 { text in
            var index = 0
            var first = true
            while index < text.count {
                while index < text.count, isBlank(text[index]) { index += 1 }
                guard index < text.count else { break }
                let start = index
                while index < text.count, !isBlank(text[index]) { index += 1 }
                if !first { bytes.append(UInt8(ascii: " ")) }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<index]))
                first = false
            }
        }
    }

    static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    /// ASCII lower case (header names are ASCII tokens).
    static func lower(_ byte: UInt8) -> UInt8 {
        byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }
}
