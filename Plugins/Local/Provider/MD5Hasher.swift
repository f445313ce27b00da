import CLibCrypto

/// Incremental MD5 (OpenSSL's libcrypto), for S3-style ETags of single-part objects.
final class MD5Hasher {
    private var digest: String?
    private let context: OpaquePointer?

    init() {
        context = EVP_MD_CTX_new()
        EVP_DigestInit_ex(context, EVP_md5(), nil)
    }

    deinit { EVP_MD_CTX_free(context) }

    func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        EVP_DigestUpdate(context, base, bytes.count)
    }

    /// The digest as lower-case hex; hashing ends with the first call.
    func finalizeHex() -> String {
        if let digest { return digest }
        var bytes = [UInt8](repeating: 0, count: 16)
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &bytes, &length)
        let hex = bytes.prefix(Int(length)).map { byte in
            let text = String(byte, radix: 16)
            return text.count == 1 ? "0" + text : text
        }.joined()
        digest = hex
        return hex
    }
}
