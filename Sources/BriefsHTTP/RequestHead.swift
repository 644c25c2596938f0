/// How a request's body is delimited (RFC 9112 §6.3).
public enum BodyFraming: Sendable, Equatable {
    /// No body (no `Content-Length`, or `Content-Length: 0`).
    case none
    /// Exactly this many bytes follow the head.
    case length(Int)
    /// `Transfer-Encoding: chunked`.
    case chunked
}

/// A parsed request line and header section, reported before the body is read so the server can answer
/// `Expect: 100-continue` (RFC 9110 §10.1.1).
public struct RequestHead: Sendable, Equatable {
    /// The method token as sent (case-sensitive, RFC 9110 §9.1).
    public var method: String
    /// The request target as sent.
    public var target: String
    /// The path, percent-decoded (`*` for an asterisk-form `OPTIONS`).
    public var path: String
    /// Query parameters, percent-decoded with `+` as a space, in order.
    public var queryItems: [(name: String, value: String)]
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var framing: BodyFraming
    /// The client sent `Expect: 100-continue` on HTTP/1.1 and waits for `100 Continue` before the body.
    public var expectsContinue: Bool
    /// The connection stays open after this request (RFC 9112 §9.3).
    public var keepsAlive: Bool

    public init(
        method: String, target: String, path: String, queryItems: [(name: String, value: String)] = [],
        version: HTTPVersion = .http1_1, headers: HTTPHeaders = HTTPHeaders(), framing: BodyFraming = .none,
        expectsContinue: Bool = false, keepsAlive: Bool = true
    ) {
        self.method = method
        self.target = target
        self.path = path
        self.queryItems = queryItems
        self.version = version
        self.headers = headers
        self.framing = framing
        self.expectsContinue = expectsContinue
        self.keepsAlive = keepsAlive
    }

    public static func == (lhs: RequestHead, rhs: RequestHead) -> Bool {
        lhs.method == rhs.method && lhs.target == rhs.target && lhs.path == rhs.path
            && lhs.queryItems.elementsEqual(rhs.queryItems) { $0.name == $1.name && $0.value == $1.value }
            && lhs.version == rhs.version && lhs.headers == rhs.headers && lhs.framing == rhs.framing
            && lhs.expectsContinue == rhs.expectsContinue && lhs.keepsAlive == rhs.keepsAlive
    }

    /// Whether a body will follow the head.
    public var hasBody: Bool {
        switch framing {
        case .none: return false
        case .length(let count): return count > 0
        case .chunked: return true
        }
    }

    /// The complete request with `body`.
    public func request(body: [UInt8]) -> Request {
        Request(
            method: method, target: target, path: path, queryItems: queryItems, version: version, headers: headers,
            body: body)
    }
}
