import CLibCrypto

/// An HMAC-SHA256 key (a SigV4 signing key) with SHA-256 already run over
/// its two padded blocks, `K ⊕ ipad` and `K ⊕ opad`: a MAC under it copies
/// those states instead of hashing the blocks again, two of the four
/// SHA-256 blocks of a signature's HMAC. The states are only read (copied)
/// after `init`, so one key serves every thread. Like the secret it comes
/// from, the key is never shown.
final class HMACKey: Sendable {
    /// The key itself.
    let bytes: [UInt8]
    /// SHA-256 states after the inner and outer padded key blocks (nil if
    /// OpenSSL could not make them: `mac` then runs the whole HMAC).
    private nonisolated(unsafe) let inner: OpaquePointer?
    private nonisolated(unsafe) let outer: OpaquePointer?

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        let block = [UInt8](unsafeUninitializedCapacity: Digest.blockSize) { block, count in
            bytes.withUnsafeBufferPointer { key in Digest.hmacBlock(key, into: block) }
            count = Digest.blockSize
        }
        inner = Self.state(after: block.map { $0 ^ 0x36 })
        outer = Self.state(after: block.map { $0 ^ 0x5C })
    }

    deinit {
        EVP_MD_CTX_free(inner)
        EVP_MD_CTX_free(outer)
    }

    /// A SHA-256 context that has taken in `block`.
    private static func state(after block: [UInt8]) -> OpaquePointer? {
        guard let context = EVP_MD_CTX_new() else { return nil }
        guard EVP_DigestInit_ex2(context, Digest.sha256Method ?? EVP_sha256(), nil) == 1,
            block.withUnsafeBufferPointer({ EVP_DigestUpdate(context, $0.baseAddress, $0.count) }) == 1
        else {
            EVP_MD_CTX_free(context)
            return nil
        }
        return context
    }

    /// HMAC-SHA256 of `data` under this key, as lower-case hex.
    func hex(_ data: [UInt8]) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { output in
            data.withUnsafeBufferPointer { data in mac(data, into: output) }
            return Digest.hex(UnsafeBufferPointer(output))
        }
    }

    /// HMAC-SHA256 of `data` into the first 32 bytes of `output`.
    func mac(_ data: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) {
        guard let inner, let outer, let context = Digest.threadContext(),
            Self.finish(context, from: inner, data, into: output),
            Self.finish(context, from: outer, UnsafeBufferPointer(rebasing: output[0..<32]), into: output)
        else {
            bytes.withUnsafeBufferPointer { key in Digest.hmacSHA256(key: key, data, into: output) }
            return
        }
    }

    /// SHA-256 of the state `start` followed by `data`, into `output` (which may hold `data`), on `context`.
    private static func finish(
        _ context: OpaquePointer, from start: OpaquePointer, _ data: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>
    ) -> Bool {
        var length: UInt32 = 0
        return EVP_MD_CTX_copy_ex(context, start) == 1 && EVP_DigestUpdate(context, data.baseAddress, data.count) == 1
            && EVP_DigestFinal_ex(context, output.baseAddress, &length) == 1
    }
}
