import CLibCrypto
import CloudKitModel

/// An incremental digest from OpenSSL's libcrypto (already a dependency of
/// cloudkit, so no hand-written hash is needed): MD5 for S3-style ETags of
/// single-part objects, SHA-256 for file names of long keys. Used by one
/// thread at a time.
final class ContentDigest {
    enum Algorithm {
        case md5, sha256
    }

    private let context: OpaquePointer
    private var digest: String?

    init(_ algorithm: Algorithm) throws(CloudError) {
        guard let context = EVP_MD_CTX_new() else { throw CloudError(.internal, "cannot allocate a digest context") }
        self.context = context
        let method = algorithm == .md5 ? EVP_md5() : EVP_sha256()
        guard EVP_DigestInit_ex(context, method, nil) == 1 else {
            throw CloudError(.internal, "libcrypto refused to start \(algorithm) (is it disabled by a FIPS policy?)")
        }
    }

    deinit { EVP_MD_CTX_free(context) }

    func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        EVP_DigestUpdate(context, base, bytes.count)
    }

    /// The digest as lower-case hex; hashing ends with the first call.
    func finalizeHex() -> String {
        if let digest { return digest }
        var bytes = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &bytes, &length)
        let hex = Self.hex(bytes.prefix(Int(length)))
        digest = hex
        return hex
    }

    /// Lower-case hex SHA-256 of `text`'s UTF-8 bytes.
    static func sha256Hex(_ text: String) throws(CloudError) -> String {
        let digest = try ContentDigest(.sha256)
        var bytes = Array(text.utf8)
        bytes.withUnsafeBytes { digest.update($0) }
        bytes.removeAll()
        return digest.finalizeHex()
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var result: [UInt8] = []
        for byte in bytes {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: result, as: UTF8.self)
    }
}
