import BriefsHTTP
import Testing

/// A head of exactly `length` bytes (request line, Host, one padding field, empty line).
private func head(length: Int, extra: String = "") -> String {
    let fixed = "GET / HTTP/1.1\r\nHost: a\r\n\(extra)X: \r\n\r\n"
    precondition(length >= fixed.utf8.count)
    return "GET / HTTP/1.1\r\nHost: a\r\n\(extra)X: " + String(repeating: "p", count: length - fixed.utf8.count)
        + "\r\n\r\n"
}

@Suite struct RequestParserLimitTests {
    @Test func headAtTheLimitIsAccepted() {
        let input = head(length: 64)
        #expect(input.utf8.count == 64)
        let (events, mismatches) = eventsUnderEverySplit(bytes(input), maxHeaderBytes: 64)
        #expect(mismatches.isEmpty)
        #expect(requests(in: events).count == 1)
    }

    @Test func headOneByteOverIsRefusedWith431() {
        let (events, mismatches) = eventsUnderEverySplit(bytes(head(length: 65)), maxHeaderBytes: 64)
        #expect(mismatches.isEmpty)
        #expect(finalError(in: events) == .headerTooLarge(limit: 64))
        #expect(finalError(in: events)?.statusHint == 431)
    }

    @Test func headLimitIgnoresLeadingEmptyLinesAndTheBodyAfterIt() {
        let input = "\r\n\r\n" + head(length: 64, extra: "Content-Length: 10\r\n") + "0123456789"
        let (events, mismatches) = eventsUnderEverySplit(bytes(input), maxHeaderBytes: 64)
        #expect(mismatches.isEmpty)
        #expect(requests(in: events).map(\.body) == [bytes("0123456789")])
    }

    @Test func headThatNeverEndsIsRefusedOnceOverTheLimit() {
        var parser = RequestParser(maxHeaderBytes: 64)
        parser.receive(bytes("GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "p", count: 36)))
        #expect(parser.nextEvent() == .needData)  // 64 bytes, no end yet
        parser.receive(bytes("p"))
        #expect(parser.nextEvent() == .error(.headerTooLarge(limit: 64)))
    }

    @Test func defaultHeadLimitIs16KiB() {
        for split in [Split.whole, .byteByByte] {
            var driver = ParserDriver()
            for chunk in split.chunks(bytes(head(length: 16 * 1024))) { driver.feed(chunk) }
            #expect(requests(in: driver.events).count == 1)
        }
        var parser = RequestParser()
        parser.receive(bytes(head(length: 16 * 1024 + 1)))
        #expect(parser.nextEvent() == .error(.headerTooLarge(limit: 16 * 1024)))
    }

    @Test func contentLengthAtTheLimitIsAccepted() {
        let input = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789"
        let (events, mismatches) = eventsUnderEverySplit(bytes(input), maxBodyBytes: 10)
        #expect(mismatches.isEmpty)
        #expect(requests(in: events).map(\.body) == [bytes("0123456789")])
    }

    @Test func contentLengthOneOverIsRefusedBeforeTheHeadIsReported() {
        // The body is not sent: the decision comes from Content-Length alone.
        let input = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n"
        let (events, mismatches) = eventsUnderEverySplit(bytes(input), maxBodyBytes: 10)
        #expect(mismatches.isEmpty)
        #expect(events == [.error(.bodyTooLarge(limit: 10))])
        #expect(HTTPParseError.bodyTooLarge(limit: 10).statusHint == 413)
    }

    @Test func chunkedBodyAtTheLimitIsAccepted() {
        let input =
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n012345\r\n4\r\n6789\r\n0\r\n\r\n"
        let (events, mismatches) = eventsUnderEverySplit(bytes(input), maxBodyBytes: 10)
        #expect(mismatches.isEmpty)
        #expect(requests(in: events).map(\.body) == [bytes("0123456789")])
    }

    @Test func chunkedBodyOneOverIsRefusedAtTheChunkSize() {
        // The second chunk's data never arrives: its size alone takes the body over.
        let input = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n012345\r\n5\r\n"
        let (events, mismatches) = eventsUnderEverySplit(bytes(input), maxBodyBytes: 10)
        #expect(mismatches.isEmpty)
        #expect(finalError(in: events) == .bodyTooLarge(limit: 10))
        #expect(events.count == 2)  // head, then the error
    }

    @Test func trailersAtTheLimitAreAcceptedAndOneOverRefused() {
        let prefix = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n"
        // Trailer section of exactly 64 bytes: "T: " + padding + CRLF + CRLF.
        let trailer = "T: " + String(repeating: "t", count: 64 - 7) + "\r\n\r\n"
        #expect(trailer.utf8.count == 64)
        let accepted = eventsUnderEverySplit(bytes(prefix + trailer), maxHeaderBytes: 64)
        #expect(accepted.mismatches.isEmpty)
        #expect(requests(in: accepted.events).count == 1)
        let longer = "T: " + String(repeating: "t", count: 64 - 6) + "\r\n\r\n"
        let refused = eventsUnderEverySplit(bytes(prefix + longer), maxHeaderBytes: 100)
        #expect(requests(in: refused.events).count == 1)
        let refusedAt64 = eventsUnderEverySplit(bytes(prefix + longer), maxHeaderBytes: 64)
        #expect(refusedAt64.mismatches.isEmpty)
        #expect(finalError(in: refusedAt64.events) == .headerTooLarge(limit: 64))
    }

    @Test func chunkSizeLineTooLongIsMalformed() {
        var parser = RequestParser()
        parser.receive(bytes("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"))
        guard case .head = parser.nextEvent() else {
            Issue.record("expected a head")
            return
        }
        parser.receive(bytes("1;" + String(repeating: "e", count: 5000)))
        #expect(parser.nextEvent() == .error(.invalidChunk))
    }
}

@Suite struct RequestParserFlowTests {
    @Test func expectContinueIsReportedInTheHeadBeforeTheBody() {
        var parser = RequestParser()
        parser.receive(bytes("POST /a HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 3\r\n\r\n"))
        guard case .head(let head) = parser.nextEvent() else {
            Issue.record("expected a head")
            return
        }
        #expect(head.expectsContinue)
        #expect(head.framing == .length(3))
        #expect(head.hasBody)
        #expect(parser.nextEvent() == .needData)
        parser.receive(bytes("abc"))
        guard case .request(let request) = parser.nextEvent() else {
            Issue.record("expected a request")
            return
        }
        #expect(request.body == bytes("abc"))
    }

    @Test func expectContinueIsIgnoredFromHTTP10() {
        var parser = RequestParser()
        parser.receive(bytes("POST /a HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n"))
        guard case .head(let head) = parser.nextEvent() else {
            Issue.record("expected a head")
            return
        }
        #expect(!head.expectsContinue)
        #expect(!head.keepsAlive)
    }

    @Test func pipelinedRequestWaitsUntilTheFirstIsAnswered() {
        var parser = RequestParser()
        parser.receive(bytes("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n"))
        guard case .head = parser.nextEvent(), case .request(let first) = parser.nextEvent() else {
            Issue.record("expected the first request")
            return
        }
        #expect(first.path == "/1")
        #expect(parser.nextEvent() == .paused)
        #expect(parser.nextEvent() == .paused)
        #expect(!parser.isIdle)
        parser.startNextRequest()
        guard case .head = parser.nextEvent(), case .request(let second) = parser.nextEvent() else {
            Issue.record("expected the second request")
            return
        }
        #expect(second.path == "/2")
        parser.startNextRequest()
        #expect(parser.nextEvent() == .needData)
        #expect(parser.isIdle)
    }

    @Test func idleAndReadingHeadTrackTheFirstByte() {
        var parser = RequestParser()
        #expect(parser.isIdle && !parser.isReadingHead)
        parser.receive(bytes("G"))
        #expect(parser.nextEvent() == .needData)
        #expect(!parser.isIdle && parser.isReadingHead)
        parser.receive(bytes("ET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\n"))
        guard case .head = parser.nextEvent() else {
            Issue.record("expected a head")
            return
        }
        #expect(!parser.isIdle && !parser.isReadingHead)
    }

    @Test func emptyContentLengthMeansNoBody() {
        var parser = RequestParser()
        parser.receive(bytes("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n"))
        guard case .head(let head) = parser.nextEvent() else {
            Issue.record("expected a head")
            return
        }
        #expect(head.framing == .none)
        #expect(!head.hasBody)
    }

    @Test func longConnectionDoesNotKeepConsumedBytes() {
        var parser = RequestParser()
        let request = bytes(
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n" + String(repeating: "b", count: 1000))
        for _ in 0..<200 {
            parser.receive(request)
            guard case .head = parser.nextEvent(), case .request = parser.nextEvent() else {
                Issue.record("expected a request")
                return
            }
            parser.startNextRequest()
        }
        #expect(parser.bufferedByteCount == 0)
        #expect(parser.isIdle)
    }
}
