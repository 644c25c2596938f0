import BriefsHTTP
import Testing

/// Inputs found by Scripts/fuzz (http-parser target): the parser's keep-alive decision and `Request.keepsAlive`
/// (the connection's) must agree.
@Suite struct FuzzKeepAliveRegressionTests {
    /// Parses one request whole and returns its head, the request and what the parser says after it is answered.
    private func parse(_ text: String) -> (head: RequestHead?, request: Request?, after: RequestParser.Event) {
        var parser = RequestParser()
        parser.receive(Array(text.utf8))
        var head: RequestHead?
        var request: Request?
        loop: while true {
            switch parser.nextEvent() {
            case .head(let value): head = value
            case .request(let value):
                request = value
                break loop
            default: break loop
            }
        }
        parser.startNextRequest()
        parser.receiveEOF()
        return (head, request, parser.nextEvent())
    }

    @Test func kelvinSignIsNotAKeepAliveToken() {
        // "\u{212A}" (KELVIN SIGN) lower-cases to "k" in Unicode, not in ASCII.
        let (head, request, after) = parse("GET / HTTP/1.0\r\nConnection: \u{212A}eep-alive\r\n\r\n")
        #expect(head?.keepsAlive == false)
        #expect(request?.keepsAlive == false)
        #expect(after == .closed)
    }

    @Test func asciiKeepAliveInAnyCaseStillKeepsAlive() {
        let (head, request, _) = parse("GET / HTTP/1.0\r\nConnection: Keep-ALIVE\r\n\r\n")
        #expect(head?.keepsAlive == true)
        #expect(request?.keepsAlive == true)
    }

    @Test func closeInAnyCaseCloses() {
        let (head, request, after) = parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade, CLOSE\r\n\r\n")
        #expect(head?.keepsAlive == false)
        #expect(request?.keepsAlive == false)
        #expect(after == .closed)
    }
}
