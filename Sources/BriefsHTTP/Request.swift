/// HTTP version of a request line.
public struct HTTPVersion: Sendable, Equatable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)

    public var description: String { "HTTP/\(major).\(minor)" }
}

/// A complete request: head plus the whole (de-chunked) body.
public struct Request: Sendable, Equatable {
    /// The method token as sent (case-sensitive, RFC 9110 §9.1).
    public var method: String
    /// The request target as sent (`/v1/articles?limit=5`).
    public var target: String
    /// The path, percent-decoded.
    public var path: String
    /// Query parameters, percent-decoded (`+` is a space), in order.
    public var queryItems: [(name: String, value: String)]
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(
        method: String, target: String, path: String, queryItems: [(name: String, value: String)] = [],
        version: HTTPVersion = .http1_1, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []
    ) {
        self.method = method
        self.target = target
        self.path = path
        self.queryItems = queryItems
        self.version = version
        self.headers = headers
        self.body = body
    }

    public static func == (lhs: Request, rhs: Request) -> Bool {
        lhs.method == rhs.method && lhs.target == rhs.target && lhs.path == rhs.path
            && lhs.queryItems.elementsEqual(rhs.queryItems) { $0.name == $1.name && $0.value == $1.value }
            && lhs.version == rhs.version && lhs.headers == rhs.headers && lhs.body == rhs.body
    }

    /// The first value of query parameter `name`.
    public func query(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }

    /// Whether the connection stays open after this request (RFC 9112 §9.3).
    ///
    /// Tokens are compared in ASCII case only, as the parser does: `String.lowercased()` folds U+212A KELVIN SIGN
    /// to `k`, which made `Connection: \u{212A}eep-alive` keep an HTTP/1.0 connection open that the parser had
    /// closed (found by fuzzing).
    public var keepsAlive: Bool {
        // Without a `Connection` field there are no tokens: HTTP/1.1 stays open, HTTP/1.0 closes.
        guard headers.contains(where: { asciiCaseInsensitiveEquals($0.name, "Connection") }) else {
            return version != .http1_0
        }
        let tokens = headers.values(for: "Connection")
            .flatMap { $0.split(separator: ",") }
            .map { String(decoding: trimmingOWS($0).utf8.map(asciiLowercased), as: UTF8.self) }
        if tokens.contains("close") { return false }
        if version == .http1_0 { return tokens.contains("keep-alive") }
        return true
    }
}

/// Trims spaces and tabs (RFC 9110 OWS) from both ends.
func trimmingOWS<S: StringProtocol>(_ text: S) -> String {
    var slice = text[...]
    while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
    while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
    return String(slice)
}
