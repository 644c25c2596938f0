import BriefsHTTP
import Testing

/// Checks the optimised `ResponseSerializer` byte for byte against a plain reference written from its documented
/// rules with `String`s, over many header shapes, methods, statuses and connection states.
@Suite struct SerializerEquivalenceTests {
    let serializer = ResponseSerializer()
    let date = "Sun, 06 Nov 1994 08:49:37 GMT"

    /// The documented rules, written the slow and obvious way.
    private func reference(
        _ response: Response, method: String?, version: HTTPVersion, closing: Bool, date: String
    ) -> [UInt8] {
        let status = response.status
        let forbidsBody = (100...199).contains(status) || status == 204 || status == 304
        let isHead = method == "HEAD"
        var text = "HTTP/1.1 \(status) \(Response.reasonPhrase(status))\r\n"
        func field(_ name: String, _ value: String) {
            let clean = String(
                decoding: value.utf8.map { $0 == 13 || $0 == 10 || $0 == 0 ? 32 : $0 }, as: UTF8.self)
            text += "\(name): \(clean)\r\n"
        }
        field("Date", date)
        var declared: String?
        var hasType = false
        let tokenExtras = Set("!#$%&'*+-.^_`|~")
        for (name, value) in response.headers {
            switch name.lowercased() {
            case "content-length":
                declared = value
                continue
            case "transfer-encoding", "connection", "date":
                continue
            case "content-type":
                hasType = true
            default:
                break
            }
            let isToken =
                !name.isEmpty
                && name.unicodeScalars.allSatisfy { scalar in
                    scalar.isASCII
                        && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                            || ("0"..."9").contains(scalar) || tokenExtras.contains(Character(scalar)))
                }
            if isToken { field(name, value) }
        }
        if !hasType && !response.body.isEmpty && !forbidsBody { field("Content-Type", "application/octet-stream") }
        if !forbidsBody {
            var length = response.body.count
            if isHead, response.body.isEmpty, let declared, !declared.isEmpty,
                declared.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let number = Int(declared)
            {
                length = number
            }
            field("Content-Length", String(length))
        }
        if closing {
            field("Connection", "close")
        } else if version == .http1_0 {
            field("Connection", "keep-alive")
        }
        text += "\r\n"
        return Array(text.utf8) + ((isHead || forbidsBody) ? [] : response.body)
    }

    /// Header lists of many shapes: none, duplicates, mixed case, framing fields given or not, invalid names,
    /// values with CR/LF/NUL, non-ASCII values, long values, names of a framing name's length that are not one.
    static let headerShapes: [[(String, String)]] = [
        [],
        [("Content-Type", "application/json")],
        [("content-type", "text/plain"), ("CONTENT-TYPE", "text/html")],
        [("X-A", "1"), ("x-a", "2"), ("X-A", "3")],
        [("Content-Length", "42")],
        [("content-length", "7"), ("Content-Length", "0042")],
        [("Content-Length", "abc"), ("Content-Type", "a/b")],
        [("Content-Length", "")],
        [("Content-Length", "99999999999999999999999")],
        [("Transfer-Encoding", "chunked"), ("TRANSFER-encoding", "gzip"), ("X-Kept", "yes")],
        [("Connection", "close"), ("connection", "upgrade"), ("DATE", "yesterday"), ("date", "x")],
        [("Datum", "1"), ("Dates", "2"), ("Conn", "3"), ("Connectionx", "4"), ("Content-Typo", "5")],
        [("Content_Length", "5"), ("Content-Lengths", "5"), ("Transfer-Encodinx", "x")],
        [("Bad Name", "v"), ("", "empty"), ("Ünicode", "v"), ("X:Colon", "v"), ("OK", "after")],
        [("X-Evil", "a\r\nSet-Cookie: x=1"), ("X-Nul", "a\u{0}b"), ("X-LF", "\n")],
        [("X-Utf8", "héllo wörld ✓"), ("X-Empty", ""), ("X-Spaces", "  padded  ")],
        [("X-Long", String(repeating: "v", count: 3000)), ("ETag", "\"abc\""), ("Cache-Control", "no-cache")],
        [("!#$%&'*+-.^_`|~09azAZ", "token chars")],
        Array(repeating: ("X-Many", "value"), count: 40),
    ]

    static let bodies: [[UInt8]] = [[], Array("{\"a\":1}".utf8), Array(repeating: 0x41, count: 21_000)]

    static let statuses = [100, 200, 201, 204, 304, 404, 413, 500, 599, 799, 1000, 42, -1]

    @Test func matchesTheReferenceForEveryShape() {
        var compared = 0
        for headers in Self.headerShapes {
            for body in Self.bodies {
                for status in Self.statuses {
                    for method in ["GET", "HEAD", nil, "POST"] as [String?] {
                        for (version, closing) in [
                            (HTTPVersion.http1_1, false), (.http1_1, true), (.http1_0, false), (.http1_0, true),
                        ] {
                            let response = Response(status: status, headers: HTTPHeaders(headers), body: body)
                            let out = serializer.serialize(
                                response, requestMethod: method, requestVersion: version, closing: closing,
                                date: date)
                            let expected = reference(
                                response, method: method, version: version, closing: closing, date: date)
                            #expect(
                                out.bytes == expected,
                                "status \(status) method \(method ?? "nil") headers \(headers) body \(body.count)")
                            compared += 1
                        }
                    }
                }
            }
        }
        #expect(compared == Self.headerShapes.count * Self.bodies.count * Self.statuses.count * 16)
    }

    @Test func dateWithControlBytesIsCleaned() {
        let out = serializer.serialize(
            Response(status: 200), requestMethod: "GET", closing: false, date: "a\r\nb")
        #expect(String(decoding: out.head, as: UTF8.self).hasPrefix("HTTP/1.1 200 OK\r\nDate: a  b\r\n"))
    }

    @Test func unknownStatusesAreWrittenInDecimal() {
        for status in [42, 1000, -1, 599] {
            let out = serializer.serialize(
                Response(status: status), requestMethod: "GET", closing: false, date: date)
            #expect(
                String(decoding: out.head, as: UTF8.self).hasPrefix(
                    "HTTP/1.1 \(status) \(Response.reasonPhrase(status))\r\n"))
        }
    }
}

/// Field lookup that the serializer's callers rely on (`asksToClose`, `keepsAlive`), after the name comparison
/// gained a length check and a byte loop.
@Suite struct SerializerHeaderLookupTests {
    let headers = HTTPHeaders([
        ("Host", "a"), ("CONNECTION", "close"), ("x-b", "1"), ("X-B", "2"), ("Ünicode", "u"), ("conn", "short"),
    ])

    @Test func namesMatchInAnyASCIICaseAndOnlyAtTheSameLength() {
        #expect(headers["connection"] == "close")
        #expect(headers["Connection"] == "close")
        #expect(headers["Connectio"] == nil)
        #expect(headers["connections"] == nil)
        #expect(headers["CONN"] == "short")
        #expect(headers.values(for: "X-b") == ["1", "2"])
        #expect(headers[""] == nil)
    }

    @Test func nonASCIIBytesAreComparedExactly() {
        #expect(headers["Ünicode"] == "u")
        #expect(headers["ünicode"] == nil)  // Ü and ü differ outside ASCII, and RFC 9110 names are ASCII anyway
        #expect(headers["\u{212A}"] == nil)  // KELVIN SIGN does not fold to k
    }

    @Test func removeAndSetUseTheSameComparison() {
        var copy = headers
        copy.remove("x-B")
        #expect(copy.values(for: "x-b").isEmpty)
        copy.set("HOST", "b")
        #expect(copy.values(for: "host") == ["b"])
        #expect(copy.count == 4)
    }
}
