import BriefsHTTP
import Testing

/// A request that parses, with the requests it must produce. Every case is fed whole, byte by byte and split at
/// every offset, and must give the same events each way.
struct AcceptedCase: CustomTestStringConvertible, Sendable {
    var name: String
    var input: String
    var eof = false
    var expected: [Request]
    /// The events end with `.closed` (the connection does not stay open, or EOF between requests).
    var closes = false
    var testDescription: String { name }
}

private func get(
    _ target: String, path: String? = nil, query: [(String, String)] = [],
    headers: [(String, String)] = [("Host", "a")], version: HTTPVersion = .http1_1
) -> Request {
    Request(
        method: "GET", target: target, path: path ?? target, queryItems: query.map { (name: $0.0, value: $0.1) },
        version: version, headers: HTTPHeaders(headers))
}

private let acceptedCases: [AcceptedCase] = [
    AcceptedCase(
        name: "simple GET", input: "GET /v1/briefs HTTP/1.1\r\nHost: a\r\n\r\n", expected: [get("/v1/briefs")]),
    AcceptedCase(
        name: "percent-decoded path and query, plus as space in query only",
        input: "GET /a%20b/c+d?x=1+2&y=%C3%A9&z&&w= HTTP/1.1\r\nHost: a\r\n\r\n",
        expected: [
            get(
                "/a%20b/c+d?x=1+2&y=%C3%A9&z&&w=", path: "/a b/c+d",
                query: [("x", "1 2"), ("y", "é"), ("z", ""), ("w", "")])
        ]),
    AcceptedCase(
        name: "field values are trimmed, names keep their case, empty Host allowed",
        input: "GET / HTTP/1.1\r\nHost:\r\nX-Thing: \t v a l \t\r\n\r\n",
        expected: [get("/", headers: [("Host", ""), ("X-Thing", "v a l")])]),
    AcceptedCase(
        name: "Content-Length body",
        input: "POST /v1/articles HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
        expected: [
            Request(
                method: "POST", target: "/v1/articles", path: "/v1/articles",
                headers: HTTPHeaders([("Host", "a"), ("Content-Length", "5")]), body: bytes("hello"))
        ]),
    AcceptedCase(
        name: "repeated equal Content-Length values",
        input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2, 2\r\nContent-Length: 2\r\n\r\nhi",
        expected: [
            Request(
                method: "POST", target: "/", path: "/",
                headers: HTTPHeaders([("Host", "a"), ("Content-Length", "2, 2"), ("Content-Length", "2")]),
                body: bytes("hi"))
        ]),
    AcceptedCase(
        name: "chunked body with extensions, upper-case hex, leading zeros and trailers",
        input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value;x\r\nhello\r\n0A ; q=\"1\"\r\n worldwide\r\n000\r\nX-Trailer: t\r\nY: u\r\n\r\n",
        expected: [
            Request(
                method: "POST", target: "/", path: "/",
                headers: HTTPHeaders([("Host", "a"), ("Transfer-Encoding", "chunked")]),
                body: bytes("hello worldwide"))
        ]),
    AcceptedCase(
        name: "chunked body, empty",
        input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n0\r\n\r\n",
        expected: [
            Request(
                method: "POST", target: "/", path: "/",
                headers: HTTPHeaders([("Host", "a"), ("Transfer-Encoding", "Chunked")]), body: [])
        ]),
    AcceptedCase(
        name: "three pipelined requests in one read, with a stray CRLF between",
        input: "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
            + "POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc\r\n"
            + "GET /3 HTTP/1.1\r\nHost: a\r\n\r\n",
        expected: [
            get("/1"),
            Request(
                method: "POST", target: "/2", path: "/2",
                headers: HTTPHeaders([("Host", "a"), ("Content-Length", "3")]), body: bytes("abc")),
            get("/3"),
        ]),
    AcceptedCase(
        name: "pipelined requests then EOF are all delivered, then closed",
        input: "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n", eof: true,
        expected: [get("/1"), get("/2")], closes: true),
    AcceptedCase(
        name: "HTTP/1.0 closes after one request; Host optional",
        input: "GET /x HTTP/1.0\r\n\r\nGET /ignored HTTP/1.0\r\n\r\n",
        expected: [get("/x", headers: [], version: .http1_0)], closes: true),
    AcceptedCase(
        name: "HTTP/1.0 with keep-alive stays open",
        input: "GET /x HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\nGET /y HTTP/1.0\r\n\r\n",
        expected: [
            get("/x", headers: [("Connection", "Keep-Alive")], version: .http1_0),
            get("/y", headers: [], version: .http1_0),
        ], closes: true),
    AcceptedCase(
        name: "Connection: close ends the connection; later pipelined bytes are ignored",
        input: "GET /x HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, close\r\n\r\nGET /y HTTP/1.1\r\nHost: a\r\n\r\n",
        expected: [get("/x", headers: [("Host", "a"), ("Connection", "keep-alive, close")])], closes: true),
    AcceptedCase(
        name: "HTTP/1.9 is read as HTTP/1.x", input: "GET / HTTP/1.9\r\nHost: a\r\n\r\n",
        expected: [get("/", version: HTTPVersion(major: 1, minor: 9))]),
    AcceptedCase(
        name: "absolute-form target", input: "GET http://example.com:8080/p/q?r=1 HTTP/1.1\r\nHost: a\r\n\r\n",
        expected: [get("http://example.com:8080/p/q?r=1", path: "/p/q", query: [("r", "1")])]),
    AcceptedCase(
        name: "absolute-form without a path", input: "GET HTTP://example.com HTTP/1.1\r\nHost: a\r\n\r\n",
        expected: [get("HTTP://example.com", path: "/")]),
    AcceptedCase(
        name: "asterisk-form OPTIONS", input: "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
        expected: [Request(method: "OPTIONS", target: "*", path: "*", headers: HTTPHeaders([("Host", "a")]))]),
    AcceptedCase(
        name: "HEAD is parsed like GET", input: "HEAD /h HTTP/1.1\r\nHost: a\r\n\r\n",
        expected: [Request(method: "HEAD", target: "/h", path: "/h", headers: HTTPHeaders([("Host", "a")]))]),
    AcceptedCase(
        name: "obs-text in a value is kept", input: "GET / HTTP/1.1\r\nHost: a\r\nX: caf\u{e9}\r\n\r\n",
        expected: [get("/", headers: [("Host", "a"), ("X", "café")])]),
    AcceptedCase(
        name: "a body that looks like a request stays a body",
        input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 30\r\n\r\nGET /admin HTTP/1.1\r\nHost: a\r\n\r\n",
        expected: [
            Request(
                method: "POST", target: "/", path: "/",
                headers: HTTPHeaders([("Host", "a"), ("Content-Length", "30")]),
                body: bytes("GET /admin HTTP/1.1\r\nHost: a\r\n"))
        ]),
    AcceptedCase(name: "EOF before any byte closes", input: "", eof: true, expected: [], closes: true),
    AcceptedCase(name: "EOF after empty lines closes", input: "\r\n\r\n", eof: true, expected: [], closes: true),
]

@Suite struct RequestParserAcceptedTests {
    @Test(arguments: acceptedCases)
    func parsesTheSameWayUnderEverySplit(_ testCase: AcceptedCase) {
        let (events, mismatches) = eventsUnderEverySplit(bytes(testCase.input), eof: testCase.eof)
        #expect(mismatches.isEmpty)
        #expect(requests(in: events) == testCase.expected)
        // Each request is preceded by its head, which matches it.
        var expectedEvents: [RequestParser.Event] = []
        for request in requests(in: events) {
            guard case .head(let head) = events[expectedEvents.count] else {
                Issue.record("no head before \(request.target)")
                return
            }
            #expect(head.request(body: request.body) == request)
            expectedEvents += [.head(head), .request(request)]
        }
        if testCase.closes { expectedEvents.append(.closed) }
        #expect(events == expectedEvents)
    }
}

/// Bytes that must be refused with exactly this error.
struct RejectedCase: CustomTestStringConvertible, Sendable {
    var name: String
    var input: String
    var eof = false
    var error: HTTPParseError
    var testDescription: String { name }
}

private let host = "Host: a\r\n"

private let rejectedCases: [RejectedCase] = [
    // Request line.
    RejectedCase(name: "double space", input: "GET  / HTTP/1.1\r\n\(host)\r\n", error: .invalidRequestLine),
    RejectedCase(name: "trailing space", input: "GET / HTTP/1.1 \r\n\(host)\r\n", error: .invalidRequestLine),
    RejectedCase(name: "missing version", input: "GET /\r\n\(host)\r\n", error: .invalidRequestLine),
    RejectedCase(name: "bad protocol name", input: "GET / FOO/1.1\r\n\(host)\r\n", error: .invalidRequestLine),
    RejectedCase(name: "lower-case http", input: "GET / http/1.1\r\n\(host)\r\n", error: .invalidRequestLine),
    RejectedCase(name: "two-digit minor", input: "GET / HTTP/1.10\r\n\(host)\r\n", error: .invalidRequestLine),
    RejectedCase(name: "method not a token", input: "G(T / HTTP/1.1\r\n\(host)\r\n", error: .invalidRequestLine),
    RejectedCase(name: "NUL in target", input: "GET /\u{0}a HTTP/1.1\r\n\(host)\r\n", error: .invalidRequestLine),
    RejectedCase(
        name: "bare CR in request line", input: "GET /\ra HTTP/1.1\r\n\(host)\r\n", error: .invalidRequestLine),
    RejectedCase(
        name: "HTTP/2.0", input: "GET / HTTP/2.0\r\n\(host)\r\n", error: .unsupportedVersion(major: 2, minor: 0)),
    RejectedCase(
        name: "HTTP/0.9", input: "GET / HTTP/0.9\r\n\(host)\r\n", error: .unsupportedVersion(major: 0, minor: 9)),
    // Target.
    RejectedCase(name: "relative target", input: "GET abc HTTP/1.1\r\n\(host)\r\n", error: .invalidTarget),
    RejectedCase(name: "fragment", input: "GET /a#b HTTP/1.1\r\n\(host)\r\n", error: .invalidTarget),
    RejectedCase(name: "bad escape", input: "GET /a%zz HTTP/1.1\r\n\(host)\r\n", error: .invalidTarget),
    RejectedCase(name: "truncated escape", input: "GET /a%4 HTTP/1.1\r\n\(host)\r\n", error: .invalidTarget),
    RejectedCase(name: "bad escape in query", input: "GET /?q=%g1 HTTP/1.1\r\n\(host)\r\n", error: .invalidTarget),
    RejectedCase(name: "escape to non-UTF-8", input: "GET /%FF HTTP/1.1\r\n\(host)\r\n", error: .invalidTarget),
    RejectedCase(name: "asterisk for GET", input: "GET * HTTP/1.1\r\n\(host)\r\n", error: .invalidTarget),
    RejectedCase(name: "scheme without host", input: "GET http:// HTTP/1.1\r\n\(host)\r\n", error: .invalidTarget),
    // Field lines.
    RejectedCase(name: "bare LF line ends", input: "GET / HTTP/1.1\nHost: a\n\n", error: .bareLineFeed),
    RejectedCase(name: "bare LF ending the head", input: "GET / HTTP/1.1\r\nHost: a\r\n\n", error: .bareLineFeed),
    RejectedCase(name: "obs-fold", input: "GET / HTTP/1.1\r\n\(host)X: a\r\n b\r\n\r\n", error: .obsoleteLineFolding),
    RejectedCase(
        name: "whitespace before the first field", input: "GET / HTTP/1.1\r\n \(host)\r\n",
        error: .obsoleteLineFolding),
    RejectedCase(
        name: "space before colon", input: "GET / HTTP/1.1\r\n\(host)X : a\r\n\r\n", error: .invalidHeaderName),
    RejectedCase(name: "no colon", input: "GET / HTTP/1.1\r\n\(host)X\r\n\r\n", error: .invalidHeaderName),
    RejectedCase(name: "empty name", input: "GET / HTTP/1.1\r\n\(host): a\r\n\r\n", error: .invalidHeaderName),
    RejectedCase(
        name: "NUL in value", input: "GET / HTTP/1.1\r\n\(host)X: a\u{0}b\r\n\r\n",
        error: .invalidHeaderValue(name: "X")),
    RejectedCase(
        name: "bare CR in value", input: "GET / HTTP/1.1\r\n\(host)X: a\rb\r\n\r\n",
        error: .invalidHeaderValue(name: "X")),
    RejectedCase(
        name: "DEL in value", input: "GET / HTTP/1.1\r\n\(host)X: a\u{7F}\r\n\r\n",
        error: .invalidHeaderValue(name: "X")),
    RejectedCase(
        name: "control character in value", input: "GET / HTTP/1.1\r\n\(host)X: \u{1B}[31m\r\n\r\n",
        error: .invalidHeaderValue(name: "X")),
    RejectedCase(name: "HTTP/1.1 without Host", input: "GET / HTTP/1.1\r\n\r\n", error: .invalidHost),
    RejectedCase(name: "two Host fields", input: "GET / HTTP/1.1\r\n\(host)\(host)\r\n", error: .invalidHost),
    RejectedCase(name: "two Host fields on 1.0", input: "GET / HTTP/1.0\r\n\(host)\(host)\r\n", error: .invalidHost),
    // Framing and smuggling attempts.
    RejectedCase(
        name: "Content-Length not digits", input: "POST / HTTP/1.1\r\n\(host)Content-Length: abc\r\n\r\n",
        error: .invalidContentLength),
    RejectedCase(
        name: "Content-Length with sign", input: "POST / HTTP/1.1\r\n\(host)Content-Length: +5\r\n\r\nhello",
        error: .invalidContentLength),
    RejectedCase(
        name: "negative Content-Length", input: "POST / HTTP/1.1\r\n\(host)Content-Length: -1\r\n\r\n",
        error: .invalidContentLength),
    RejectedCase(
        name: "empty Content-Length", input: "POST / HTTP/1.1\r\n\(host)Content-Length:\r\n\r\n",
        error: .invalidContentLength),
    RejectedCase(
        name: "Content-Length list disagreeing", input: "POST / HTTP/1.1\r\n\(host)Content-Length: 5, 6\r\n\r\n",
        error: .invalidContentLength),
    RejectedCase(
        name: "Content-Length fields disagreeing",
        input: "POST / HTTP/1.1\r\n\(host)Content-Length: 4\r\nContent-Length: 5\r\n\r\nhello",
        error: .invalidContentLength),
    RejectedCase(
        name: "Content-Length overflowing",
        input: "POST / HTTP/1.1\r\n\(host)Content-Length: 99999999999999999999999\r\n\r\n",
        error: .invalidContentLength),
    RejectedCase(
        name: "Content-Length then Transfer-Encoding",
        input: "POST / HTTP/1.1\r\n\(host)Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        error: .conflictingFraming),
    RejectedCase(
        name: "Transfer-Encoding then Content-Length",
        input: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n",
        error: .conflictingFraming),
    RejectedCase(
        name: "Transfer-Encoding with space before colon",
        input: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
        error: .invalidHeaderName),
    RejectedCase(
        name: "Transfer-Encoding folded",
        input: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n",
        error: .obsoleteLineFolding),
    RejectedCase(
        name: "unknown coding", input: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: gzip, chunked\r\n\r\n",
        error: .unsupportedTransferCoding("gzip")),
    RejectedCase(
        name: "lookalike coding", input: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: xchunked\r\n\r\n",
        error: .unsupportedTransferCoding("xchunked")),
    RejectedCase(
        name: "chunked twice",
        input: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
        error: .invalidTransferEncoding),
    RejectedCase(
        name: "empty Transfer-Encoding", input: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding:\r\n\r\n",
        error: .invalidTransferEncoding),
    RejectedCase(
        name: "Transfer-Encoding on HTTP/1.0",
        input: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", error: .invalidTransferEncoding),
    // Chunked bodies.
    RejectedCase(
        name: "chunk size not hex", input: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\nzz\r\n",
        error: .invalidChunk),
    RejectedCase(
        name: "chunk size with 0x",
        input: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n",
        error: .invalidChunk),
    RejectedCase(
        name: "empty chunk size", input: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n\r\n",
        error: .invalidChunk),
    RejectedCase(
        name: "negative chunk size", input: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n-1\r\n",
        error: .invalidChunk),
    RejectedCase(
        name: "chunk size overflowing",
        input: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n10000000000000000\r\n",
        error: .invalidChunk),
    RejectedCase(
        name: "chunk size line with bare LF",
        input: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n",
        error: .invalidChunk),
    RejectedCase(
        name: "chunk longer than its size",
        input: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n",
        error: .invalidChunk),
    RejectedCase(
        name: "chunk data ended by LF only",
        input: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n5\r\nhello\n0\r\n\r\n",
        error: .invalidChunk),
    RejectedCase(
        name: "control character in chunk extension",
        input: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n5;a\u{0}\r\nhello\r\n0\r\n\r\n",
        error: .invalidChunk),
    RejectedCase(
        name: "malformed trailer",
        input: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n0\r\nBad Trailer\r\n\r\n",
        error: .invalidHeaderName),
    // The peer hangs up mid-request.
    RejectedCase(name: "EOF mid request line", input: "GET / HT", eof: true, error: .incompleteMessage),
    RejectedCase(name: "EOF mid head", input: "GET / HTTP/1.1\r\n\(host)", eof: true, error: .incompleteMessage),
    RejectedCase(
        name: "EOF mid Content-Length body", input: "POST / HTTP/1.1\r\n\(host)Content-Length: 5\r\n\r\nhel",
        eof: true, error: .incompleteMessage),
    RejectedCase(
        name: "EOF mid chunk", input: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n5\r\nhel",
        eof: true, error: .incompleteMessage),
    RejectedCase(
        name: "EOF before last chunk",
        input: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", eof: true,
        error: .incompleteMessage),
    RejectedCase(
        name: "EOF in trailers",
        input: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n0\r\nX: y\r\n", eof: true,
        error: .incompleteMessage),
]

@Suite struct RequestParserRejectedTests {
    @Test(arguments: rejectedCases)
    func rejectsTheSameWayUnderEverySplit(_ testCase: RejectedCase) {
        let (events, mismatches) = eventsUnderEverySplit(bytes(testCase.input), eof: testCase.eof)
        #expect(mismatches.isEmpty)
        #expect(finalError(in: events) == testCase.error)
        #expect(requests(in: events).isEmpty)
    }

    @Test func statusHints() {
        #expect(HTTPParseError.bareLineFeed.statusHint == 400)
        #expect(HTTPParseError.conflictingFraming.statusHint == 400)
        #expect(HTTPParseError.invalidContentLength.statusHint == 400)
        #expect(HTTPParseError.invalidChunk.statusHint == 400)
        #expect(HTTPParseError.bodyTooLarge(limit: 1).statusHint == 413)
        #expect(HTTPParseError.headerTooLarge(limit: 1).statusHint == 431)
        #expect(HTTPParseError.unsupportedTransferCoding("gzip").statusHint == 501)
        #expect(HTTPParseError.unsupportedVersion(major: 2, minor: 0).statusHint == 505)
    }

    @Test func errorsAreFinal() {
        var parser = RequestParser()
        parser.receive(bytes("GET / HTTP/1.1\nHost: a\n\n"))
        #expect(parser.nextEvent() == .error(.bareLineFeed))
        parser.receive(bytes("GET / HTTP/1.1\r\nHost: a\r\n\r\n"))
        #expect(parser.nextEvent() == .error(.bareLineFeed))
    }

    @Test func detailNeverEchoesValues() {
        #expect(!HTTPParseError.invalidHeaderValue(name: "X").detail.contains("\u{0}"))
        #expect(HTTPParseError.unsupportedTransferCoding("<script>").detail.contains("<script>") == false)
    }
}
