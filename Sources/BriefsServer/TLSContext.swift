import COpenSSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The server side of TLS: one OpenSSL `SSL_CTX` holding the certificate chain, the private key and the protocol
/// policy, from which each connection makes its own session (`TLSTransport`).
///
/// Policy (fixed here rather than configurable, so a deployment cannot weaken it by accident):
/// - TLS 1.2 at least (`SSL_CTX_set_min_proto_version`), whatever the system's `openssl.cnf` says; TLS 1.3 with
///   OpenSSL's default suites (AES-GCM and ChaCha20-Poly1305, all AEAD with ephemeral key exchange).
/// - For TLS 1.2 only ECDHE key exchange with AEAD ciphers (`tls12CipherList`): forward secrecy, no CBC, no RSA key
///   transport, no SHA-1 MACs.
/// - No renegotiation (`SSL_OP_NO_RENEGOTIATION`): a client-started renegotiation costs the server a handshake per
///   request and has a history of attacks; no compression (`SSL_OP_NO_COMPRESSION`, CRIME).
/// - The server's cipher order; session tickets on (OpenSSL's default), so returning clients skip the full handshake.
/// - ALPN: `http/1.1` is selected when the client offers it; a client offering only `h2` gets no ALPN answer (and
///   then speaks HTTP/1.1 or gives up), as the server does not speak HTTP/2.
///
/// Invariant behind `@unchecked Sendable`: the `SSL_CTX` is fully configured in `init` and never changed after;
/// OpenSSL makes `SSL_new` and its session cache safe to use from several threads at once.
public final class TLSContext: @unchecked Sendable {
    /// The `SSL_CTX`, freed in `deinit`.
    let context: OpaquePointer
    public let certificateFile: String
    public let keyFile: String

    /// The TLS 1.2 cipher suites: ECDHE (ECDSA or RSA certificates) with AES-GCM or ChaCha20-Poly1305, strongest
    /// first among equals. TLS 1.3 suites are OpenSSL's defaults, all of them AEAD.
    static let tls12CipherList = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    ].joined(separator: ":")

    /// Loads the certificate chain and key (PEM) and checks they belong together.
    /// - Parameters:
    ///   - certificateFile: the server certificate first, then any intermediates (PEM).
    ///   - keyFile: the unencrypted private key of that certificate (PEM).
    /// - Throws: `TLSError` naming the file and what is wrong: unreadable, not a certificate or key, or a key that
    ///   does not match the certificate.
    public init(certificateFile: String, keyFile: String) throws(TLSError) {
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        // Readable at all? OpenSSL's own message for a missing file ("system lib") says less than errno does.
        try Self.checkReadable(certificateFile, kind: .certificate)
        try Self.checkReadable(keyFile, kind: .key)

        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_server_method()) else {
            throw TLSError(kind: .setup, file: "", reason: Self.takeErrorReason() ?? "SSL_CTX_new failed")
        }
        self.context = context
        // From here on `deinit` frees the context when a throw leaves `init`.
        guard briefs_ssl_ctx_set_min_proto_version(context, TLS1_2_VERSION) == 1 else {
            throw TLSError(kind: .setup, file: "", reason: Self.takeErrorReason() ?? "cannot require TLS 1.2")
        }
        SSL_CTX_set_options(context, briefs_ssl_server_options())
        guard SSL_CTX_set_cipher_list(context, Self.tls12CipherList) == 1 else {
            throw TLSError(kind: .setup, file: "", reason: Self.takeErrorReason() ?? "no usable TLS 1.2 cipher")
        }
        // Partial writes map onto the outbound queue's byte counts; a moving buffer lets a write that must be
        // repeated come from a copy; idle connections give their record buffers (some 34 KiB) back.
        _ = briefs_ssl_ctx_set_mode(
            context,
            Int(SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS))
        SSL_CTX_set_alpn_select_cb(context, selectHTTP11, nil)
        // An encrypted key must fail to load, not make OpenSSL prompt for a pass phrase on the terminal (which
        // would hang start-up): this callback supplies no pass phrase.
        SSL_CTX_set_default_passwd_cb(context, refusePassPhrase)

        guard SSL_CTX_use_certificate_chain_file(context, certificateFile) == 1 else {
            throw TLSError(
                kind: .certificate, file: certificateFile,
                reason: "not a PEM certificate (\(Self.takeErrorReason() ?? "unknown error"))")
        }
        guard SSL_CTX_use_PrivateKey_file(context, keyFile, SSL_FILETYPE_PEM) == 1 else {
            let reason = Self.takeErrorReason() ?? "unknown error"
            if reason.contains("values mismatch") || reason.contains("key values mismatch") {
                throw TLSError(kind: .keyMismatch, file: keyFile, reason: "the key does not match the certificate")
            }
            throw TLSError(
                kind: .key, file: keyFile,
                reason: "not an unencrypted PEM private key (\(reason)); encrypted keys are not supported")
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            _ = Self.takeErrorReason()
            throw TLSError(kind: .keyMismatch, file: keyFile, reason: "the key does not match the certificate")
        }
        ERR_clear_error()
    }

    deinit {
        SSL_CTX_free(context)
    }

    /// The lowest protocol version accepted (`TLS1_2_VERSION`, 0x0303), read back from OpenSSL.
    var minimumProtocolVersion: Int32 {
        briefs_ssl_ctx_get_min_proto_version(context)
    }

    /// Whether renegotiation is refused (`SSL_OP_NO_RENEGOTIATION` is set).
    var refusesRenegotiation: Bool {
        SSL_CTX_get_options(context) & briefs_ssl_op_no_renegotiation() != 0
    }

    /// Whether TLS compression is off (`SSL_OP_NO_COMPRESSION` is set).
    var refusesCompression: Bool {
        SSL_CTX_get_options(context) & briefs_ssl_op_no_compression() != 0
    }

    /// A new server session on `descriptor`, or nil when OpenSSL cannot allocate one.
    func makeTransport(descriptor: Int32) -> TLSTransport? {
        TLSTransport(context: context, descriptor: descriptor)
    }

    private static func checkReadable(_ path: String, kind: TLSError.Kind) throws(TLSError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw TLSError(kind: kind, file: path, reason: "cannot read it: \(String(cString: strerror(errno)))")
        }
        _ = close(descriptor)
    }

    /// The reason text of the oldest error on this thread's OpenSSL error queue, which is then emptied.
    static func takeErrorReason() -> String? {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else { return nil }
        if let reason = ERR_reason_error_string(code) { return String(cString: reason) }
        return "OpenSSL error \(code)"
    }
}

extension TLSContext: Equatable {
    /// Two contexts are equal only when they are the same object (a loaded key has no useful value equality).
    public static func == (lhs: TLSContext, rhs: TLSContext) -> Bool { lhs === rhs }
}

/// Why a TLS context could not be made. `description` is one line naming the file.
public struct TLSError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// The certificate file is unreadable or holds no PEM certificate.
        case certificate
        /// The key file is unreadable or holds no usable private key.
        case key
        /// The key is not the certificate's.
        case keyMismatch
        /// OpenSSL refused the server's own settings (an OpenSSL built without the required ciphers, say).
        case setup
    }

    public var kind: Kind
    /// The file concerned (empty for `setup`).
    public var file: String
    public var reason: String

    public init(kind: Kind, file: String, reason: String) {
        self.kind = kind
        self.file = file
        self.reason = reason
    }

    public var description: String { file.isEmpty ? reason : "\(file): \(reason)" }
}

/// The pass phrase callback: none is given (returns a length of 0), so an encrypted key fails to load.
private func refusePassPhrase(
    _ buffer: UnsafeMutablePointer<CChar>?, _ size: Int32, _ writing: Int32, _ argument: UnsafeMutableRawPointer?
) -> Int32 {
    0
}

/// The ALPN choice (RFC 7301): `http/1.1` when the client lists it, else no ALPN answer at all.
private func selectHTTP11(
    _ ssl: OpaquePointer?, _ out: UnsafeMutablePointer<UnsafePointer<UInt8>?>?,
    _ outLength: UnsafeMutablePointer<UInt8>?, _ offered: UnsafePointer<UInt8>?, _ offeredLength: UInt32,
    _ argument: UnsafeMutableRawPointer?
) -> Int32 {
    guard let offered, let out, let outLength else { return SSL_TLSEXT_ERR_NOACK }
    let wanted = Array("http/1.1".utf8)
    var index = 0
    let total = Int(offeredLength)
    // The list is a sequence of names, each preceded by its one-byte length.
    while index < total {
        let length = Int(offered[index])
        let start = index + 1
        guard start + length <= total else { break }
        if length == wanted.count && (0..<length).allSatisfy({ offered[start + $0] == wanted[$0] }) {
            out.pointee = offered + start
            outLength.pointee = UInt8(length)
            return SSL_TLSEXT_ERR_OK
        }
        index = start + length
    }
    return SSL_TLSEXT_ERR_NOACK
}
