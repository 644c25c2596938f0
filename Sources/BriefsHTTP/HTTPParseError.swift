/// Why a request could not be parsed. Every case is final: the connection answers (if it still can) and closes.
///
/// `statusHint` is the status to send (RFC 9112): 400 for framing, 413 for a body over the limit, 431 for a head
/// over the limit, 501 for a transfer coding we do not implement and 505 for an HTTP major version other than 1.
public enum HTTPParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The request line is not `method SP request-target SP HTTP-version` (RFC 9112 §3).
    case invalidRequestLine
    /// The request target is not origin-, absolute- or asterisk-form, or has bad percent-encoding (RFC 9112 §3.2).
    case invalidTarget
    /// The version is well formed but its major version is not 1 (RFC 9110 §2.5) → 505.
    case unsupportedVersion(major: Int, minor: Int)
    /// A field name is empty or not a token, or has whitespace before the colon (RFC 9112 §5.1).
    case invalidHeaderName
    /// A field value holds NUL, CR or another control character (RFC 9110 §5.5).
    case invalidHeaderValue(name: String)
    /// A field line starts with whitespace: obsolete line folding (RFC 9112 §5.2).
    case obsoleteLineFolding
    /// A line ends in LF without CR (RFC 9112 §2.2; we reject rather than guess).
    case bareLineFeed
    /// An HTTP/1.1 request without exactly one `Host` field (RFC 9112 §3.2).
    case invalidHost
    /// `Content-Length` is not digits, or several values disagree (RFC 9112 §6.3).
    case invalidContentLength
    /// Both `Content-Length` and `Transfer-Encoding` are present (RFC 9112 §6.1, a smuggling signal).
    case conflictingFraming
    /// `Transfer-Encoding` is empty, repeats or does not end in `chunked`, or arrives on HTTP/1.0 (RFC 9112 §6.1).
    case invalidTransferEncoding
    /// A transfer coding other than `chunked` → 501 (RFC 9112 §6.1).
    case unsupportedTransferCoding(String)
    /// A chunk size, extension or chunk terminator is malformed (RFC 9112 §7.1).
    case invalidChunk
    /// The request line and fields (or the trailer section) exceed `limit` bytes → 431 (RFC 6585 §5).
    case headerTooLarge(limit: Int)
    /// The body exceeds `limit` bytes → 413 (RFC 9110 §15.5.14).
    case bodyTooLarge(limit: Int)
    /// The peer closed the connection in the middle of a request.
    case incompleteMessage

    /// The status a server should answer with.
    public var statusHint: Int {
        switch self {
        case .invalidRequestLine, .invalidTarget, .invalidHeaderName, .invalidHeaderValue, .obsoleteLineFolding,
            .bareLineFeed, .invalidHost, .invalidContentLength, .conflictingFraming, .invalidTransferEncoding,
            .invalidChunk, .incompleteMessage:
            return 400
        case .bodyTooLarge: return 413
        case .headerTooLarge: return 431
        case .unsupportedTransferCoding: return 501
        case .unsupportedVersion: return 505
        }
    }

    /// A short explanation that is safe to send to the client (it never echoes request bytes, except a field name).
    public var detail: String {
        switch self {
        case .invalidRequestLine: return "The request line is malformed."
        case .invalidTarget: return "The request target is malformed."
        case .unsupportedVersion(let major, let minor): return "HTTP/\(major).\(minor) is not supported."
        case .invalidHeaderName: return "A header field name is malformed."
        case .invalidHeaderValue(let name): return "The value of header field \(name) holds a forbidden character."
        case .obsoleteLineFolding: return "Obsolete line folding is not accepted."
        case .bareLineFeed: return "Lines must end in CRLF."
        case .invalidHost: return "An HTTP/1.1 request needs exactly one Host header field."
        case .invalidContentLength: return "Content-Length is malformed."
        case .conflictingFraming: return "Content-Length and Transfer-Encoding must not be sent together."
        case .invalidTransferEncoding: return "Transfer-Encoding must end in a single chunked coding."
        case .unsupportedTransferCoding: return "Only the chunked transfer coding is implemented."
        case .invalidChunk: return "The chunked body is malformed."
        case .headerTooLarge(let limit): return "The request line and header fields exceed \(limit) bytes."
        case .bodyTooLarge(let limit): return "The request body exceeds \(limit) bytes."
        case .incompleteMessage: return "The connection closed before the request was complete."
        }
    }

    public var description: String { "\(statusHint): \(detail)" }
}
