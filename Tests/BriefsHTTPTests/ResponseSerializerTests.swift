import BriefsHTTP
import Testing

@Suite struct ResponseSerializerTests {
    let serializer = ResponseSerializer()
    let date = "Sun, 06 Nov 1994 08:49:37 GMT"

    private func text(_ serialized: SerializedResponse) -> String {
        String(decoding: serialized.bytes, as: UTF8.self)
    }

    @Test func jsonResponse() {
        let response = Response.json(200, bytes("{\"a\":1}"), headers: HTTPHeaders([("X-Request-ID", "r1")]))
        let out = serializer.serialize(response, requestMethod: "GET", closing: false, date: date)
        #expect(
            text(out)
                == "HTTP/1.1 200 OK\r\nDate: \(date)\r\nX-Request-ID: r1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 7\r\n\r\n{\"a\":1}")
        #expect(out.body == bytes("{\"a\":1}"))
    }

    @Test func headKeepsTheGetLengthButSendsNoBody() {
        let response = Response.json(200, bytes("{\"a\":1}"))
        let out = serializer.serialize(response, requestMethod: "HEAD", closing: false, date: date)
        #expect(out.body.isEmpty)
        #expect(text(out).hasSuffix("Content-Type: application/json\r\nContent-Length: 7\r\n\r\n"))
    }

    @Test func headKeepsADeclaredLengthWhenTheBodyWasNotBuilt() {
        let response = Response(status: 200, headers: HTTPHeaders([("Content-Length", "42"), ("Content-Type", "a/b")]))
        let out = serializer.serialize(response, requestMethod: "HEAD", closing: false, date: date)
        #expect(text(out).contains("Content-Length: 42\r\n"))
        let get = serializer.serialize(response, requestMethod: "GET", closing: false, date: date)
        #expect(text(get).contains("Content-Length: 0\r\n"))
    }

    @Test func noContentAndNotModifiedHaveNoLengthAndNoBody() {
        for status in [204, 304] {
            let response = Response(status: status, headers: HTTPHeaders([("Content-Length", "3")]), body: bytes("abc"))
            let out = serializer.serialize(response, requestMethod: "GET", closing: false, date: date)
            #expect(!text(out).contains("Content-Length"))
            #expect(out.body.isEmpty)
            #expect(text(out).hasSuffix("\r\n\r\n"))
        }
    }

    @Test func closingAddsConnectionClose() {
        let out = serializer.serialize(Response.text(200, "ok"), requestMethod: "GET", closing: true, date: date)
        #expect(text(out).hasSuffix("Content-Length: 2\r\nConnection: close\r\n\r\nok"))
    }

    @Test func http10KeepAliveIsConfirmed() {
        let out = serializer.serialize(
            Response.text(200, "ok"), requestMethod: "GET", requestVersion: .http1_0, closing: false, date: date)
        #expect(text(out).contains("Connection: keep-alive\r\n"))
    }

    @Test func framingFieldsFromTheHandlerAreReplaced() {
        let response = Response(
            status: 200,
            headers: HTTPHeaders([
                ("Content-Length", "999"), ("Transfer-Encoding", "chunked"), ("Connection", "upgrade"),
                ("Date", "yesterday"), ("Content-Type", "text/plain"),
            ]), body: bytes("hi"))
        let out = serializer.serialize(response, requestMethod: "GET", closing: false, date: date)
        #expect(
            text(out)
                == "HTTP/1.1 200 OK\r\nDate: \(date)\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi")
    }

    @Test func handlerCannotSplitTheResponse() {
        let response = Response(
            status: 200,
            headers: HTTPHeaders([("X-Evil", "a\r\nSet-Cookie: x=1"), ("Bad Name", "v"), ("Content-Type", "a/b")]))
        let out = serializer.serialize(response, requestMethod: "GET", closing: false, date: date)
        #expect(text(out).contains("X-Evil: a  Set-Cookie: x=1\r\n"))
        #expect(!text(out).contains("Bad Name"))
    }

    @Test func bodyWithoutContentTypeIsLabelledOctetStream() {
        let out = serializer.serialize(
            Response(status: 200, body: [1, 2]), requestMethod: "GET", closing: false, date: date)
        #expect(text(out).contains("Content-Type: application/octet-stream\r\n"))
        let empty = serializer.serialize(Response(status: 200), requestMethod: "GET", closing: false, date: date)
        #expect(!text(empty).contains("Content-Type"))
        #expect(text(empty).contains("Content-Length: 0\r\n"))
    }

    @Test func problemResponseKeepsItsContentType() {
        let problem = Problem(type: "/problems/x", title: "X", status: 413, detail: "too big")
        let out = serializer.serialize(problem.response, requestMethod: nil, closing: true, date: date)
        #expect(text(out).hasPrefix("HTTP/1.1 413 Content Too Large\r\n"))
        #expect(text(out).contains("Content-Type: application/problem+json\r\n"))
        #expect(text(out).hasSuffix("\r\n\r\n" + String(decoding: problem.body, as: UTF8.self)))
    }

    @Test func continueHead() {
        #expect(ResponseSerializer.continueHead == bytes("HTTP/1.1 100 Continue\r\n\r\n"))
    }
}

@Suite struct HTTPDateTests {
    @Test(arguments: [
        (Int64(0), "Thu, 01 Jan 1970 00:00:00 GMT"),
        (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
        (1_709_164_800, "Thu, 29 Feb 2024 00:00:00 GMT"),
        (4_102_444_799, "Thu, 31 Dec 2099 23:59:59 GMT"),
        (-1, "Wed, 31 Dec 1969 23:59:59 GMT"),
    ])
    func imfFixdate(seconds: Int64, expected: String) {
        #expect(HTTPDate.imfFixdate(secondsSince1970: seconds) == expected)
    }
}

@Suite struct ResponseConnectionTests {
    @Test func asksToCloseReadsTheConnectionList() {
        #expect(Response(status: 200, headers: HTTPHeaders([("connection", "keep-alive, Close")])).asksToClose)
        #expect(!Response(status: 200, headers: HTTPHeaders([("Connection", "keep-alive")])).asksToClose)
        #expect(!Response(status: 200).asksToClose)
    }

    @Test func finalStatuses() {
        #expect(Response(status: 200).hasFinalStatus)
        #expect(Response(status: 599).hasFinalStatus)
        #expect(!Response(status: 101).hasFinalStatus)
        #expect(!Response(status: 600).hasFinalStatus)
    }
}
