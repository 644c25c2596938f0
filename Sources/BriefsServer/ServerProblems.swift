import BriefsHTTP

/// The problem responses the server makes itself, without a handler (RFC 9457 bodies, fixed title per type).
enum ServerProblems {
    /// The answer to a request that could not be parsed.
    static func problem(for error: HTTPParseError) -> Problem {
        switch error.statusHint {
        case 413:
            return Problem(
                type: "/problems/content-too-large", title: "Content too large", status: 413, detail: error.detail)
        case 431:
            return Problem(
                type: "/problems/header-fields-too-large", title: "Request header fields too large", status: 431,
                detail: error.detail)
        case 501:
            return Problem(
                type: "/problems/not-implemented", title: "Not implemented", status: 501, detail: error.detail)
        case 505:
            return Problem(
                type: "/problems/http-version-not-supported", title: "HTTP version not supported", status: 505,
                detail: error.detail)
        default:
            return Problem(
                type: "/problems/malformed-request", title: "Malformed request", status: error.statusHint,
                detail: error.detail)
        }
    }

    /// The answer when a request head is not complete within `ServerLimits.headerTimeout` (or a body stalls).
    static let requestTimeout = Problem(
        type: "/problems/request-timeout", title: "Request timeout", status: 408,
        detail: "The request was not received in time.")

    /// The answer to a connection over `ServerLimits.maxConnections`.
    static let tooManyConnections = Problem(
        type: "/problems/too-many-connections", title: "Too many connections", status: 503,
        detail: "The server has too many open connections; retry shortly.",
        headers: HTTPHeaders([("Retry-After", "1")]))
}
