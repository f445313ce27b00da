import CLibCrypto
import CloudKitModel
import Foundation

/// SHA-256, HMAC-SHA256 and MD5 from OpenSSL's libcrypto. Signing hashes
/// and signs every request, so the hashes write into caller-owned (mostly
/// stack) buffers and HMAC is built on the fetched SHA-256 (`sha256Method`)
/// rather than on OpenSSL's one-shot `HMAC()`.
public enum Digest {
    /// SHA-256, fetched from OpenSSL's providers once. OpenSSL 3's one-shot
    /// `SHA256()` and `HMAC()` look the algorithm up by name on every call
    /// (a lock and string compares): with SigV4 hashing and signing every
    /// request, that lookup was most of their cost. A fetched `EVP_MD` is
    /// immutable and may be used from any thread.
    nonisolated(unsafe) static let sha256Method: OpaquePointer? = EVP_MD_fetch(nil, "SHA256", nil)

    /// The SHA-256 of an empty body.
    public static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// SHA-256 of `data`.
    public static func sha256(_ data: some DataProtocol) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { output, count in
            contiguous(data) { input in sha256(input, into: output) }
            count = 32
        }
    }

    /// Lower-case hex SHA-256 of `data`.
    public static func sha256Hex(_ data: some DataProtocol) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { output in
            contiguous(data) { input in sha256(input, into: output) }
            return hex(UnsafeBufferPointer(output))
        }
    }

    /// HMAC-SHA256 of `data` under `key`.
    public static func hmacSHA256(key: [UInt8], _ data: [UInt8]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { output, count in
            key.withUnsafeBufferPointer { key in
                data.withUnsafeBufferPointer { data in hmacSHA256(key: key, data, into: output) }
            }
            count = 32
        }
    }

    /// Lower-case hex HMAC-SHA256 of `data` under `key`.
    public static func hmacSHA256Hex(key: [UInt8], _ data: [UInt8]) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { output in
            key.withUnsafeBufferPointer { key in
                data.withUnsafeBufferPointer { data in hmacSHA256(key: key, data, into: output) }
            }
            return hex(UnsafeBufferPointer(output))
        }
    }

    /// MD5 of `data` (not for security: SQS reports MD5s of what it stored, to catch damage on the way).
    public static func md5(_ data: some DataProtocol) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: 16)
        var length: UInt32 = 0
        contiguous(data) { input in
            _ = EVP_Digest(input.baseAddress, input.count, &output, &length, EVP_md5(), nil)
        }
        return output
    }

    /// Lower-case hex.
    public static func hex(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer(hex)
    }

    // MARK: Into buffers

    /// Runs `body` over the bytes of `data` in one buffer — in place when
    /// they already are (`Data`, arrays: an upload's part is never copied
    /// to be hashed), else gathered into one.
    private static func contiguous(_ data: some DataProtocol, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        if data.withContiguousStorageIfAvailable(body) == nil {
            Array(data).withUnsafeBufferPointer(body)
        }
    }

    /// SHA-256 of `input` into the first 32 bytes of `output`, on this
    /// thread's digest context (`threadContext`).
    static func sha256(_ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) {
        var length: UInt32 = 0
        guard let context = threadContext(), EVP_DigestInit_ex2(context, sha256Method ?? EVP_sha256(), nil) == 1 else {
            _ = EVP_Digest(input.baseAddress, input.count, output.baseAddress, &length, sha256Method ?? EVP_sha256(), nil)
            return
        }
        _ = EVP_DigestUpdate(context, input.baseAddress, input.count)
        _ = EVP_DigestFinal_ex(context, output.baseAddress, &length)
    }

    /// A digest context of this thread's own, made once and reset for each
    /// digest (`EVP_DigestInit_ex2` keeps its SHA-256 state's memory):
    /// `EVP_Digest` makes and frees a context, and its state, every call,
    /// which was a fifth of a signature here. Freed when the thread ends.
    static func threadContext() -> OpaquePointer? {
        guard let key = contextKey else { return nil }
        if let context = key.value { return OpaquePointer(context) }
        guard let context = EVP_MD_CTX_new() else { return nil }
        guard key.set(UnsafeRawPointer(context)) else {
            EVP_MD_CTX_free(context)
            return nil
        }
        return context
    }

    /// The thread-specific key of `threadContext` (nil if none could be had: then `EVP_Digest`).
    private static let contextKey = ThreadKey { context in EVP_MD_CTX_free(OpaquePointer(context)) }

    /// HMAC-SHA256 (RFC 2104) of `data` under `key` into the first 32 bytes of
    /// `output`: `H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ data))`, `K` the key padded
    /// to the 64-byte block (or its SHA-256 when longer).
    static func hmacSHA256(key: UnsafeBufferPointer<UInt8>, _ data: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: blockSize) { block in
            hmacBlock(key, into: block)
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: blockSize + max(data.count, 32)) { message in
                for index in 0..<blockSize { message[index] = block[index] ^ 0x36 }
                for index in data.indices { message[blockSize + index] = data[index] }
                sha256(UnsafeBufferPointer(rebasing: message[..<(blockSize + data.count)]), into: output)
                for index in 0..<blockSize { message[index] = block[index] ^ 0x5C }
                for index in 0..<32 { message[blockSize + index] = output[index] }
                sha256(UnsafeBufferPointer(rebasing: message[..<(blockSize + 32)]), into: output)
            }
        }
    }

    /// The block size of SHA-256, which HMAC pads its key to.
    static let blockSize = 64

    /// HMAC's `K` (RFC 2104): `key` padded with zeros to the first
    /// `blockSize` bytes of `block`, or its SHA-256 when it is longer.
    static func hmacBlock(_ key: UnsafeBufferPointer<UInt8>, into block: UnsafeMutableBufferPointer<UInt8>) {
        block.initialize(repeating: 0)
        if key.count > blockSize {
            sha256(key, into: block)
        } else {
            for index in key.indices { block[index] = key[index] }
        }
    }

    /// Lower-case hex of `bytes`.
    static func hex(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            for (index, byte) in bytes.enumerated() {
                buffer[2 * index] = hexDigit(byte >> 4)
                buffer[2 * index + 1] = hexDigit(byte & 0x0F)
            }
            return bytes.count * 2
        }
    }

    /// The lower-case hex digit of `nibble` (0–15).
    static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
