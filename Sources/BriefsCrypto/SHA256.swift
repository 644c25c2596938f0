import COpenSSL

/// SHA-256 through OpenSSL's EVP interface.
public enum SHA256 {
    /// The digest of `bytes` as 32 raw bytes.
    public static func digest<Bytes: Collection>(of bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var output = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = Array(bytes).withUnsafeBytes { input in
            output.withUnsafeMutableBytes { out in
                EVP_Digest(
                    input.baseAddress, input.count,
                    out.baseAddress!.assumingMemoryBound(to: UInt8.self), &length,
                    briefs_evp_sha256(), nil)
            }
        }
        // EVP_Digest fails only when OpenSSL itself is broken (no SHA-256 provider).
        precondition(ok == 1 && length == 32, "OpenSSL EVP_Digest(SHA-256) failed")
        return output
    }

    /// The digest of `bytes` as 64 lower-case hex digits.
    public static func hex<Bytes: Collection>(of bytes: Bytes) -> String where Bytes.Element == UInt8 {
        hexString(digest(of: bytes))
    }

    /// The digest of the UTF-8 encoding of `string` as hex.
    public static func hex(of string: String) -> String {
        hex(of: Array(string.utf8))
    }

    static func hexString(_ bytes: [UInt8]) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Compares two byte strings in time that depends only on their lengths (OpenSSL's `CRYPTO_memcmp`),
/// so an API token cannot be guessed byte by byte from response times.
public func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
    guard lhs.count == rhs.count else { return false }
    if lhs.isEmpty { return true }
    return lhs.withUnsafeBytes { a in
        rhs.withUnsafeBytes { b in
            CRYPTO_memcmp(a.baseAddress, b.baseAddress, lhs.count) == 0
        }
    }
}
