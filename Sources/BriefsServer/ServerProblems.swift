import BriefsHTTP

/// The problem responses the server makes itself, without a handler (RFC 9457 bodies, fixed title per type).
enum ServerProblems {
    /// The answer to a request that could not be parsed; the status is `error.statusHint`.
    static func problem(for error: HTTPParseError) -> Problem {
        let (type, title): (String, String)
        switch error {
        case .bodyTooLarge:
            (type, title) = ("/problems/content-too-large", "Content too large")
        case .headerTooLarge:
            (type, title) = ("/problems/header-fields-too-large", "Request header fields too large")
        case .unsupportedTransferCoding:
            (type, title) = ("/problems/not-implemented", "Not implemented")
        case .unsupportedVersion:
            (type, title) = ("/problems/http-version-not-supported", "HTTP version not supported")
        case .invalidRequestLine, .invalidTarget, .invalidHeaderName, .invalidHeaderValue, .obsoleteLineFolding,
            .bareLineFeed, .invalidHost, .invalidContentLength, .conflictingFraming, .invalidTransferEncoding,
            .invalidChunk, .incompleteMessage:
            (type, title) = ("/problems/malformed-request", "Malformed request")
        }
        return Problem(type: type, title: title, status: error.statusHint, detail: error.detail)
    }

    /// The answer when a request head is not complete within `ServerLimits.headerTimeout` (or a body stalls).
    static let requestTimeout = Problem(
        type: "/problems/request-timeout", title: "Request timeout", status: 408,
        detail: "The request was not received in time.")

    /// The answer when a handler returns a status that cannot be a final response (below 200 or above 599).
    static let internalError = Problem(
        type: "about:blank", title: "Internal Server Error", status: 500,
        detail: "The server could not produce a response.")

    /// The answer, in clear text, to a plain HTTP request sent to a port that speaks TLS (as Go's and nginx's
    /// servers do): the client learns to use `https://` rather than seeing a reset.
    static let plainHTTPOnTLSPort = Problem(
        type: "/problems/malformed-request", title: "Malformed request", status: 400,
        detail: "This port speaks HTTPS: send the request over TLS.")

    /// The answer to a connection over `ServerLimits.maxConnections`.
    static let tooManyConnections = Problem(
        type: "/problems/too-many-connections", title: "Too many connections", status: 503,
        detail: "The server has too many open connections; retry shortly.",
        headers: HTTPHeaders([("Retry-After", "1")]))
}
