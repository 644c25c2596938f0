import BriefsHTTP
import Testing

@Suite struct LogEscapingTests {
    @Test func plainTextIsUnchanged() {
        #expect("GET /v1/countries/AL café".logEscaped == "GET /v1/countries/AL café")
    }

    @Test func lineBreaksCannotForgeALogLine() {
        let forged = "/x\r\n2026-11-29T00:00:00Z info: admin logged in"
        let escaped = forged.logEscaped
        #expect(!escaped.contains("\n"))
        #expect(!escaped.contains("\r"))
        #expect(escaped == "/x\\r\\n2026-11-29T00:00:00Z info: admin logged in")
    }

    @Test func terminalEscapesNulAndDelAreMadeVisible() {
        #expect("a\u{1B}[31mb".logEscaped == "a\\u{1B}[31mb")
        #expect("a\u{0}b\u{7F}c\u{85}".logEscaped == "a\\u{0}b\\u{7F}c\\u{85}")
        #expect("tab\there".logEscaped == "tab\\there")
    }

    @Test func backslashesAreEscapedSoEscapesStayUnambiguous() {
        #expect("a\\nb".logEscaped == "a\\\\nb")
        #expect("a\\nb".logEscaped != "a\nb".logEscaped)
    }

    @Test func longInputIsCutWithAMarker() {
        let long = String(repeating: "x", count: 50)
        #expect(long.logEscaped(limit: 10) == "xxxxxxxxxx…(40 more)")
        #expect("short".logEscaped(limit: 10) == "short")
    }
}
