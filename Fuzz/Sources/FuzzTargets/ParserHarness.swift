import BriefsHTTP

/// What the parser reported, in order, without `.needData` (which depends on how the bytes were split).
enum ParserOutcome: Equatable {
    case head(RequestHead)
    case request(Request)
    case error(HTTPParseError)
    case closed
}

/// How a parser input is fed: the leading bytes of a fuzz input choose the limits and the splits, the rest is the
/// byte stream a client sent.
///
/// Byte 0: bits 0-2 = n, the number of chunk-length bytes that follow; bit 3 = feed what is left after those chunks
/// one byte at a time (else in one piece); bits 4-5 = the limits (see `limits`); bits 6-7 are free for the target.
/// Bytes 1...n: chunk lengths (0 is an empty `receive`). Then the stream.
struct FeedPlan {
    var chunkLengths: [Int] = []
    var byteByByteTail = false
    var maxHeaderBytes = 16 * 1024
    var maxBodyBytes = 2 * 1024 * 1024
    var spare: UInt8 = 0

    static let limits: [(header: Int, body: Int)] = [(16 * 1024, 2 * 1024 * 1024), (64, 64), (256, 1024), (1024, 16)]

    /// The plan and the stream in `input`.
    static func split(_ input: [UInt8]) -> (FeedPlan, ArraySlice<UInt8>) {
        var plan = FeedPlan()
        guard let control = input.first else { return (plan, input[...]) }
        let count = Int(control & 0x07)
        plan.byteByByteTail = control & 0x08 != 0
        let limit = limits[Int((control >> 4) & 0x03)]
        plan.maxHeaderBytes = limit.header
        plan.maxBodyBytes = limit.body
        plan.spare = control >> 6
        var cursor = 1
        while plan.chunkLengths.count < count, cursor < input.count {
            plan.chunkLengths.append(Int(input[cursor]))
            cursor += 1
        }
        return (plan, input[cursor...])
    }

    /// `stream` cut as the plan says.
    func chunks(of stream: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var pieces: [ArraySlice<UInt8>] = []
        var start = stream.startIndex
        for length in chunkLengths {
            let end = min(stream.endIndex, start + length)
            pieces.append(stream[start..<end])
            start = end
        }
        if byteByByteTail {
            while start < stream.endIndex {
                pieces.append(stream[start..<(start + 1)])
                start += 1
            }
        } else if start < stream.endIndex {
            pieces.append(stream[start...])
        }
        return pieces
    }
}

/// Feeds byte chunks to a `RequestParser`, answering each request at once, then closes the input; checks on the way
/// that every event is consistent with the limits and with what came before.
struct ParserDriver {
    let maxHeaderBytes: Int
    let maxBodyBytes: Int

    func outcomes(_ chunks: [ArraySlice<UInt8>]) -> [ParserOutcome] {
        var parser = RequestParser(maxHeaderBytes: maxHeaderBytes, maxBodyBytes: maxBodyBytes)
        var outcomes: [ParserOutcome] = []
        var pendingHead: RequestHead?
        var finished = false
        var fed = 0
        var events = 0

        func drain() {
            while true {
                events += 1
                // Every event but the last of a drain consumes bytes; a parser that reports without consuming loops.
                if events > 2 * fed + 16 { violated("\(events) events from \(fed) bytes") }
                let event = parser.nextEvent()
                switch event {
                case .needData:
                    if fed > 0, parser.bufferedByteCount > fed { violated("more bytes buffered than received") }
                    return
                case .head(let head):
                    if pendingHead != nil { violated("a second head before the request of the first") }
                    checkHead(head)
                    pendingHead = head
                    outcomes.append(.head(head))
                case .request(let request):
                    guard let head = pendingHead else { violated("a request without a head") }
                    checkRequest(request, head: head)
                    pendingHead = nil
                    outcomes.append(.request(request))
                    if parser.nextEvent() != .paused { violated("not paused after a request") }
                    parser.startNextRequest()
                case .paused:
                    violated("paused although every request was answered")
                case .error(let error):
                    if ![400, 413, 431, 501, 505].contains(error.statusHint) { violated("status \(error.statusHint)") }
                    if case .bodyTooLarge(let limit) = error, limit != maxBodyBytes {
                        violated("413 with limit \(limit)")
                    }
                    if case .headerTooLarge(let limit) = error, limit != maxHeaderBytes {
                        violated("431 with limit \(limit)")
                    }
                    if parser.nextEvent() != event { violated("an error that does not stay") }
                    outcomes.append(.error(error))
                    finished = true
                    return
                case .closed:
                    if parser.nextEvent() != .closed { violated("closed, then not") }
                    if pendingHead != nil { violated("closed in the middle of a request") }
                    outcomes.append(.closed)
                    finished = true
                    return
                }
            }
        }

        for chunk in chunks where !finished {
            fed += chunk.count
            parser.receive(chunk)
            drain()
        }
        if !finished {
            parser.receiveEOF()
            drain()
            if !finished { violated("the parser still wants data after the end of the input") }
        }
        return outcomes
    }

    func checkHead(_ head: RequestHead) {
        if head.method.isEmpty || !head.method.utf8.allSatisfy(Self.isTokenByte) { violated("method \(head.method)") }
        if head.target.isEmpty || head.target.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7F }) {
            violated("target \(head.target.debugDescription)")
        }
        if head.version.major != 1 { violated("version \(head.version)") }
        for (name, value) in head.headers {
            if name.isEmpty || !name.utf8.allSatisfy(Self.isTokenByte) {
                violated("field name \(name.debugDescription)")
            }
            if value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) {
                violated("CR, LF or NUL in the value of \(name)")
            }
            if let first = value.utf8.first, first == 0x20 || first == 0x09 { violated("untrimmed value of \(name)") }
            if let last = value.utf8.last, last == 0x20 || last == 0x09 { violated("untrimmed value of \(name)") }
        }
        switch head.framing {
        case .none: break
        case .length(let count):
            if count <= 0 || count > maxBodyBytes { violated("Content-Length \(count) with limit \(maxBodyBytes)") }
        case .chunked:
            if head.version == .http1_0 { violated("chunked HTTP/1.0") }
        }
        // Two implementations of RFC 9112 §9.3 must agree: the parser's (it decides what follows the request) and
        // `Request.keepsAlive` (the connection's, which decides whether to close).
        let request = head.request(body: [])
        if request.keepsAlive != head.keepsAlive {
            violated("keep-alive: the head says \(head.keepsAlive), the request says \(request.keepsAlive)")
        }
    }

    func checkRequest(_ request: Request, head: RequestHead) {
        if request.body.count > maxBodyBytes { violated("body of \(request.body.count) bytes, limit \(maxBodyBytes)") }
        switch head.framing {
        case .none: if !request.body.isEmpty { violated("a body without framing") }
        case .length(let count): if request.body.count != count { violated("\(request.body.count) != \(count)") }
        case .chunked: break
        }
        if request != head.request(body: request.body) { violated("the request differs from its head") }
    }

    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}

/// The parser target: the stream parsed whole and as the plan splits it must give the same heads, requests and
/// errors; every event is checked against the limits.
public enum HTTPParserTarget {
    public static func run(_ input: [UInt8]) {
        let (plan, stream) = FeedPlan.split(input)
        let driver = ParserDriver(maxHeaderBytes: plan.maxHeaderBytes, maxBodyBytes: plan.maxBodyBytes)
        let whole = driver.outcomes(stream.isEmpty ? [] : [stream])
        let split = driver.outcomes(plan.chunks(of: stream))
        if whole != split {
            violated("whole and split input disagree:\n whole: \(summary(whole))\n split: \(summary(split))")
        }
    }

    static func summary(_ outcomes: [ParserOutcome]) -> String {
        outcomes.map { outcome in
            switch outcome {
            case .head(let head): return "head(\(head.method) \(head.target) \(head.framing))"
            case .request(let request): return "request(\(request.body.count) bytes)"
            case .error(let error): return "error(\(error))"
            case .closed: return "closed"
            }
        }.joined(separator: ", ")
    }
}

/// The chunked-body target: a fixed chunked head (chosen by the spare bits) followed by the fuzz bytes. Besides the
/// parser target's checks, a body the parser accepts must equal what an independent, minimal decoder makes of the
/// same bytes.
public enum ChunkedBodyTarget {
    static let heads: [String] = [
        "POST /v1/articles HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n",
        "POST /v1/articles HTTP/1.1\r\nHost: a\r\nContent-Type: text/plain\r\nExpect: 100-continue\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n",
        "PUT /x?a=1 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:  Chunked \r\nConnection: keep-alive\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
    ]

    public static func run(_ input: [UInt8]) {
        let (plan, tail) = FeedPlan.split(input)
        let head = Array(heads[Int(plan.spare)].utf8)
        let stream = (head + tail)[...]
        let driver = ParserDriver(maxHeaderBytes: plan.maxHeaderBytes, maxBodyBytes: plan.maxBodyBytes)
        let whole = driver.outcomes([stream])
        let split = driver.outcomes(plan.chunks(of: stream))
        if whole != split {
            violated(
                "whole and split input disagree:\n whole: \(HTTPParserTarget.summary(whole))\n"
                    + " split: \(HTTPParserTarget.summary(split))")
        }
        for outcome in whole {
            guard case .request(let request) = outcome else { continue }
            guard let expected = referenceBody(tail) else {
                violated("the parser accepted a body the reference refuses")
            }
            if expected != request.body {
                violated("body of \(request.body.count) bytes, the reference decodes \(expected.count)")
            }
            break
        }
    }

    /// `chunk-size [ext] CRLF data CRLF ... 0 [ext] CRLF`; trailers are not read. Nil when malformed.
    static func referenceBody(_ bytes: ArraySlice<UInt8>) -> [UInt8]? {
        var body: [UInt8] = []
        var index = bytes.startIndex
        while true {
            guard let lf = bytes[index...].firstIndex(of: 0x0A), lf > index, bytes[lf - 1] == 0x0D else { return nil }
            var size = 0
            var digits = 0
            for byte in bytes[index..<(lf - 1)] {
                let digit: Int
                switch byte {
                case 0x30...0x39: digit = Int(byte) - 0x30
                case 0x41...0x46: digit = Int(byte) - 0x41 + 10
                case 0x61...0x66: digit = Int(byte) - 0x61 + 10
                default: digit = -1
                }
                if digit < 0 { break }
                if size > (Int.max - digit) / 16 { return nil }
                size = size * 16 + digit
                digits += 1
            }
            if digits == 0 { return nil }
            index = lf + 1
            if size == 0 { return body }
            guard bytes.endIndex - index >= size + 2 else { return nil }
            body.append(contentsOf: bytes[index..<(index + size)])
            index += size
            guard bytes[index] == 0x0D, bytes[index + 1] == 0x0A else { return nil }
            index += 2
        }
    }
}
