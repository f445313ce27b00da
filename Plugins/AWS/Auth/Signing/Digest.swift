import CLibCrypto
import Foundation

/// SHA-256, HMAC-SHA256 and MD5 from OpenSSL's libcrypto.
public enum Digest {
    /// SHA-256 of `data`.
    public static func sha256(_ data: some DataProtocol) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: 32)
        contiguous(data) { input in
            _ = CLibCrypto.SHA256(input.baseAddress, input.count, &output)
        }
        return output
    }

    /// Runs `body` over the bytes of `data` in one buffer — in place when
    /// they already are (`Data`, arrays: an upload's part is never copied
    /// to be hashed), else gathered into one.
    private static func contiguous(_ data: some DataProtocol, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        if data.withContiguousStorageIfAvailable(body) == nil {
            Array(data).withUnsafeBufferPointer(body)
        }
    }

    /// HMAC-SHA256 of `data` under `key`.
    public static func hmacSHA256(key: [UInt8], _ data: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        key.withUnsafeBufferPointer { keyBytes in
            data.withUnsafeBufferPointer { dataBytes in
                _ = HMAC(EVP_sha256(), keyBytes.baseAddress, Int32(keyBytes.count), dataBytes.baseAddress, dataBytes.count, &output, &length)
            }
        }
        return output
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
        let digits = Array("0123456789abcdef".utf8)
        var result = [UInt8]()
        result.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Lower-case hex SHA-256 of `data`.
    public static func sha256Hex(_ data: some DataProtocol) -> String { hex(sha256(data)) }

    /// The SHA-256 of an empty body.
    public static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
}
