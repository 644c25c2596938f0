import COpenSSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One connection's TLS session: an OpenSSL `SSL` reading and writing the connection's non-blocking socket itself.
///
/// Every call returns at once. When OpenSSL needs the socket to become readable or writable first it says so
/// (`wantsInput` / `wantsOutput`), and the connection calls again on the next readiness event. OpenSSL reads the
/// socket until it would block before answering "wants input", which is what edge-triggered readiness needs: a
/// new edge then comes with the next bytes.
///
/// Confinement: owned by one `Connection` and used only on its queue (OpenSSL sessions are not thread-safe, but
/// may move between threads). OpenSSL's error queue is per thread, so every call starts by clearing it and every
/// failure empties it again. OpenSSL writes with plain `write`, without `MSG_NOSIGNAL`: a peer gone away would raise
/// SIGPIPE, which `HTTPServer.start()` ignores for the whole process.
final class TLSTransport {
    private let ssl: OpaquePointer
    /// The handshake finished; application data flows.
    private(set) var isEstablished = false
    /// A fatal error or the peer's close: no more OpenSSL calls on this session except `SSL_free`.
    private(set) var hasFailed = false
    /// The last read stopped because OpenSSL must write first (a TLS 1.3 key update answer, or the handshake's
    /// last flight): try it again once the socket is writable.
    private(set) var readWantsOutput = false
    /// The last handshake step waits for the socket to become writable.
    private(set) var handshakeWantsOutput = false
    /// A write that OpenSSL asked to repeat: it must come back with exactly this many bytes (the same ones, as
    /// the outbound queue keeps them until they are reported written).
    private var pendingWriteLength: Int?
    /// Holds bytes of several small outbound buffers joined into one record.
    private var scratch: [UInt8] = []

    /// Largest plaintext in one TLS record (RFC 8446 §5.1); small buffers are joined up to this size.
    static let recordBytes = 16_384

    init?(context: OpaquePointer, descriptor: Int32) {
        guard let ssl = SSL_new(context) else {
            ERR_clear_error()
            return nil
        }
        guard SSL_set_fd(ssl, descriptor) == 1 else {
            ERR_clear_error()
            SSL_free(ssl)
            return nil
        }
        SSL_set_accept_state(ssl)
        self.ssl = ssl
    }

    deinit {
        SSL_free(ssl)
    }

    /// Whether the connection must wait for the socket to become writable before the session can move on.
    var wantsOutput: Bool { readWantsOutput || handshakeWantsOutput }

    enum HandshakeResult: Equatable {
        case established
        /// Call again on the next readiness event.
        case inProgress
        /// The client sent plain HTTP to the TLS port (OpenSSL recognised a request line in place of a record).
        case plainHTTP
        /// The peer went away or broke the protocol; close. The reason is OpenSSL's (for a debug log).
        case failed(String)
    }

    /// Moves the handshake on as far as the socket allows.
    func handshake() -> HandshakeResult {
        guard !hasFailed else { return .failed("session already failed") }
        guard !isEstablished else { return .established }
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        handshakeWantsOutput = false
        if result == 1 {
            isEstablished = true
            return .established
        }
        let code = SSL_get_error(ssl, result)
        switch code {
        case SSL_ERROR_WANT_READ:
            return .inProgress
        case SSL_ERROR_WANT_WRITE:
            handshakeWantsOutput = true
            return .inProgress
        default:
            hasFailed = true
            let errorCode = ERR_peek_error()
            if ERR_GET_LIB(errorCode) == ERR_LIB_SSL && ERR_GET_REASON(errorCode) == SSL_R_HTTP_REQUEST {
                ERR_clear_error()
                return .plainHTTP
            }
            return .failed(Self.reason(code: code))
        }
    }

    enum ReadResult: Equatable {
        /// This many plaintext bytes were put in the buffer.
        case bytes(Int)
        /// Nothing now: OpenSSL waits for input (or for output when `readWantsOutput`).
        case wouldBlock
        /// The peer closed the stream (close_notify, or a TCP EOF).
        case endOfStream
        /// The connection was reset or the peer broke the protocol.
        case failed(String)
    }

    /// Decrypts what the socket holds into `buffer` (one record at most per call).
    func read(into buffer: UnsafeMutableBufferPointer<UInt8>) -> ReadResult {
        guard !hasFailed, let base = buffer.baseAddress else { return .endOfStream }
        ERR_clear_error()
        var count = 0
        let result = SSL_read_ex(ssl, base, buffer.count, &count)
        readWantsOutput = false
        if result == 1 { return .bytes(count) }
        let code = SSL_get_error(ssl, result)
        switch code {
        case SSL_ERROR_WANT_READ:
            return .wouldBlock
        case SSL_ERROR_WANT_WRITE:
            readWantsOutput = true
            return .wouldBlock
        case SSL_ERROR_ZERO_RETURN:
            // close_notify, or (with SSL_OP_IGNORE_UNEXPECTED_EOF) a plain TCP EOF.
            return .endOfStream
        default:
            hasFailed = true
            return .failed(Self.reason(code: code))
        }
    }

    enum WriteResult: Equatable {
        /// This many bytes from the front of the queue were sent (or are OpenSSL's to send).
        case bytes(Int)
        /// The socket buffer is full; repeat when it is writable.
        case wouldBlock
        case failed(String)
    }

    /// Encrypts and sends bytes from the front of `outbound`: the first buffer alone when it is a record or more,
    /// else several small ones joined (a response head and a short body then travel in one record and one
    /// `write`). After `.wouldBlock` the next call repeats the same bytes, as OpenSSL requires.
    func write(from outbound: OutboundBuffer) -> WriteResult {
        guard !hasFailed else { return .failed("session already failed") }
        let length = pendingWriteLength ?? outbound.nextWriteLength(joiningUpTo: Self.recordBytes)
        guard length > 0 else { return .bytes(0) }
        ERR_clear_error()
        var written = 0
        let result = outbound.withFront(length, scratch: &scratch) { bytes -> Int32 in
            SSL_write_ex(ssl, bytes.baseAddress, bytes.count, &written)
        }
        if result == 1 {
            pendingWriteLength = nil
            return .bytes(written)
        }
        let code = SSL_get_error(ssl, result)
        switch code {
        case SSL_ERROR_WANT_WRITE, SSL_ERROR_WANT_READ:
            pendingWriteLength = length
            return .wouldBlock
        default:
            hasFailed = true
            return .failed(Self.reason(code: code))
        }
    }

    /// Sends close_notify if the session is healthy and the socket takes it now; never waits for the peer's.
    func sendCloseNotify() {
        guard isEstablished, !hasFailed else { return }
        hasFailed = true  // no more I/O after shutdown
        ERR_clear_error()
        _ = SSL_shutdown(ssl)
        ERR_clear_error()
    }

    /// The protocol and cipher agreed, for a debug log (`TLSv1.3 TLS_AES_128_GCM_SHA256`).
    var negotiated: String {
        let version = SSL_get_version(ssl).map { String(cString: $0) } ?? "?"
        let cipher = SSL_get_current_cipher(ssl).flatMap { SSL_CIPHER_get_name($0) }.map { String(cString: $0) }
        return "\(version) \(cipher ?? "?")"
    }

    /// OpenSSL's reason for a failure of kind `code`, with the error queue emptied.
    private static func reason(code: Int32) -> String {
        let savedErrno = errno
        let text = TLSContext.takeErrorReason()
        switch code {
        case SSL_ERROR_SYSCALL:
            if let text { return text }
            return savedErrno == 0 ? "peer closed during the handshake" : String(cString: strerror(savedErrno))
        default:
            return text ?? "TLS error \(code)"
        }
    }
}
