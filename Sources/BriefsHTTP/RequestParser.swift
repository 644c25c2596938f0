/// A sans-I/O HTTP/1.1 request parser: a value-type state machine that is fed bytes and hands out events.
///
/// Feed bytes with `receive(_:)` (and `receiveEOF()` when the peer closes), then call `nextEvent()` until it
/// returns `.needData`, `.paused`, `.error` or `.closed`:
///
/// - `.head` comes first for each request, before any body byte is consumed, so the caller can answer
///   `Expect: 100-continue`. A `Content-Length` over `maxBodyBytes` never produces `.head`; it is `.error(.bodyTooLarge)`.
/// - `.request` carries the complete request (body de-chunked). The parser then reports `.paused` until
///   `startNextRequest()`, so responses to pipelined requests go out in order.
/// - `.error` and `.closed` are final.
///
/// Limits: `maxHeaderBytes` bounds the request line plus header fields including every CRLF and the empty line
/// (default 16 KiB, breach → 431); the same bound applies to a chunked body's trailer section. `maxBodyBytes` bounds the
/// body (default 2 MiB, breach → 413), judged from `Content-Length` up front, or from each chunk size before its data.
public struct RequestParser: Sendable {
    /// What the parser has found in the bytes received so far.
    public enum Event: Sendable, Equatable {
        /// A request head; its body (if any) has not been read yet.
        case head(RequestHead)
        /// A complete request.
        case request(Request)
        /// More bytes are needed.
        case needData
        /// A request was delivered; call `startNextRequest()` once it has been answered.
        case paused
        /// The bytes are not acceptable; answer with `statusHint` (if possible) and close.
        case error(HTTPParseError)
        /// The peer closed between requests, or the last request did not keep the connection alive.
        case closed
    }

    /// Progress through the current message. Payloads hold what each phase needs; the body bytes live in `body`
    /// instead, so that appending does not copy them out of an enum payload.
    enum State: Sendable {
        /// Reading a request head; `HeadScan` offsets are relative to `readIndex`.
        case head(HeadScan)
        /// A `Content-Length` body with `remaining` bytes still to read.
        case body(RequestHead, remaining: Int)
        /// Expecting a chunk-size line.
        case chunkSize(RequestHead)
        /// Inside a chunk's data.
        case chunkData(RequestHead, remaining: Int)
        /// Expecting the CRLF after a chunk's data.
        case chunkDataEnd(RequestHead)
        /// Reading the trailer section after the last chunk.
        case trailers(RequestHead, HeadScan)
        /// A request was delivered and not yet answered.
        case paused(keepsAlive: Bool)
        case failed(HTTPParseError)
        case closed
    }

    /// Where the search for the empty line that ends a field section has got to (offsets from `readIndex`).
    struct HeadScan: Sendable, Equatable {
        var lineStart = 0
        var position = 0
    }

    public let maxHeaderBytes: Int
    public let maxBodyBytes: Int

    var state: State = .head(HeadScan())
    var buffer: [UInt8] = []
    var readIndex = 0
    var body: [UInt8] = []
    var receivedEOF = false

    /// Longest chunk-size line (size, extensions, CRLF) accepted, in bytes; longer is a malformed chunk.
    static let maxChunkLineBytes = 4096

    /// - Parameters:
    ///   - maxHeaderBytes: request line + header fields, in bytes (default 16 KiB; breach → 431).
    ///   - maxBodyBytes: body after de-chunking, in bytes (default 2 MiB; breach → 413).
    public init(maxHeaderBytes: Int = 16 * 1024, maxBodyBytes: Int = 2 * 1024 * 1024) {
        precondition(maxHeaderBytes > 0 && maxBodyBytes >= 0, "limits must be positive")
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
    }

    /// Buffers bytes read from the peer.
    public mutating func receive<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        compactIfWorthwhile()
        buffer.append(contentsOf: bytes)
    }

    /// Records that the peer will send nothing more.
    public mutating func receiveEOF() {
        receivedEOF = true
    }

    /// Bytes received and not consumed yet.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// True when no byte of a next request has arrived: the connection is idle between requests.
    public var isIdle: Bool {
        switch state {
        case .head(let scan): return scan.position == 0 && bufferedByteCount == 0
        case .body, .chunkSize, .chunkData, .chunkDataEnd, .trailers, .paused, .failed, .closed: return false
        }
    }

    /// True while a request head is being received (at least one byte of it has arrived).
    public var isReadingHead: Bool {
        switch state {
        case .head: return !isIdle
        case .body, .chunkSize, .chunkData, .chunkDataEnd, .trailers, .paused, .failed, .closed: return false
        }
    }

    /// Moves on after a request was answered: to the next request if the last one kept the connection alive,
    /// else to `.closed`. Does nothing unless the parser is paused.
    public mutating func startNextRequest() {
        switch state {
        case .paused(let keepsAlive):
            state = keepsAlive ? .head(HeadScan()) : .closed
        case .head, .body, .chunkSize, .chunkData, .chunkDataEnd, .trailers, .failed, .closed:
            break
        }
    }

    /// The next event from the bytes buffered so far.
    public mutating func nextEvent() -> Event {
        switch state {
        case .head(var scan):
            return nextHeadEvent(&scan)
        case .body(let head, let remaining):
            return nextLengthBodyEvent(head, remaining: remaining)
        case .chunkSize(let head):
            return nextChunkSizeEvent(head)
        case .chunkData(let head, let remaining):
            return nextChunkDataEvent(head, remaining: remaining)
        case .chunkDataEnd(let head):
            return nextChunkDataEndEvent(head)
        case .trailers(let head, var scan):
            return nextTrailersEvent(head, &scan)
        case .paused:
            return .paused
        case .failed(let error):
            return .error(error)
        case .closed:
            return .closed
        }
    }

    // MARK: - Transitions

    private mutating func fail(_ error: HTTPParseError) -> Event {
        state = .failed(error)
        return .error(error)
    }

    /// `.needData`, unless the peer has closed, in which case the message can never complete.
    private mutating func needData() -> Event {
        receivedEOF ? fail(.incompleteMessage) : .needData
    }

    private mutating func deliver(_ head: RequestHead) -> Event {
        let request = head.request(body: body)
        body = []
        state = .paused(keepsAlive: head.keepsAlive)
        return .request(request)
    }

    private mutating func nextHeadEvent(_ scan: inout HeadScan) -> Event {
        if scan.position == 0 {
            // RFC 9112 §2.2: ignore empty lines before a request line (some clients send CRLF after a body).
            while bufferedByteCount >= 2 && buffer[readIndex] == .cr && buffer[readIndex + 1] == .lf {
                readIndex += 2
            }
            if bufferedByteCount == 0 || (bufferedByteCount == 1 && buffer[readIndex] == .cr) {
                if receivedEOF {
                    if bufferedByteCount == 0 {
                        state = .closed
                        return .closed
                    }
                    return fail(.incompleteMessage)
                }
                return .needData
            }
        }
        switch scanFieldSection(&scan, limit: maxHeaderBytes) {
        case .needMore:
            state = .head(scan)
            return needData()
        case .failed(let error):
            return fail(error)
        case .complete(let length):
            let bytes = buffer[readIndex..<(readIndex + length)]
            switch HeadParser.head(bytes, maxBodyBytes: maxBodyBytes) {
            case .failure(let error):
                return fail(error)
            case .success(let head):
                readIndex += length
                body = []
                switch head.framing {
                case .none: state = .body(head, remaining: 0)
                case .length(let count):
                    body.reserveCapacity(count)
                    state = .body(head, remaining: count)
                case .chunked: state = .chunkSize(head)
                }
                return .head(head)
            }
        }
    }

    private mutating func nextLengthBodyEvent(_ head: RequestHead, remaining: Int) -> Event {
        let take = min(remaining, bufferedByteCount)
        body.append(contentsOf: buffer[readIndex..<(readIndex + take)])
        readIndex += take
        if take == remaining { return deliver(head) }
        state = .body(head, remaining: remaining - take)
        return needData()
    }

    private mutating func nextChunkSizeEvent(_ head: RequestHead) -> Event {
        let searchEnd = min(buffer.count, readIndex + Self.maxChunkLineBytes)
        guard let lf = buffer[readIndex..<searchEnd].firstIndex(of: .lf) else {
            if searchEnd - readIndex >= Self.maxChunkLineBytes { return fail(.invalidChunk) }
            state = .chunkSize(head)
            return needData()
        }
        guard lf > readIndex, buffer[lf - 1] == .cr else { return fail(.invalidChunk) }
        guard let size = ChunkLine.size(buffer[readIndex..<(lf - 1)]) else { return fail(.invalidChunk) }
        readIndex = lf + 1
        if size == 0 {
            var fresh = HeadScan()
            return nextTrailersEvent(head, &fresh)
        }
        // RFC 9110 §15.5.14: refuse before reading data that would take the body over the limit.
        if size > maxBodyBytes - body.count { return fail(.bodyTooLarge(limit: maxBodyBytes)) }
        return nextChunkDataEvent(head, remaining: size)
    }

    private mutating func nextChunkDataEvent(_ head: RequestHead, remaining: Int) -> Event {
        let take = min(remaining, bufferedByteCount)
        body.append(contentsOf: buffer[readIndex..<(readIndex + take)])
        readIndex += take
        if take == remaining { return nextChunkDataEndEvent(head) }
        state = .chunkData(head, remaining: remaining - take)
        return needData()
    }

    private mutating func nextChunkDataEndEvent(_ head: RequestHead) -> Event {
        guard bufferedByteCount >= 2 else {
            if bufferedByteCount == 1 && buffer[readIndex] != .cr { return fail(.invalidChunk) }
            state = .chunkDataEnd(head)
            return needData()
        }
        guard buffer[readIndex] == .cr && buffer[readIndex + 1] == .lf else { return fail(.invalidChunk) }
        readIndex += 2
        return nextChunkSizeEvent(head)
    }

    private mutating func nextTrailersEvent(_ head: RequestHead, _ scan: inout HeadScan) -> Event {
        switch scanFieldSection(&scan, limit: maxHeaderBytes) {
        case .needMore:
            state = .trailers(head, scan)
            return needData()
        case .failed(let error):
            return fail(error)
        case .complete(let length):
            // RFC 9112 §7.1.2: trailer fields are validated like header fields, then dropped (none is needed here).
            let lines = HeadParser.lines(buffer[readIndex..<(readIndex + length)])
            for line in lines {
                if case .failure(let error) = HeadParser.field(line) { return fail(error) }
            }
            readIndex += length
            return deliver(head)
        }
    }

    // MARK: - Scanning

    enum ScanOutcome {
        case needMore
        /// The field section is `length` bytes long, the final empty line included.
        case complete(length: Int)
        case failed(HTTPParseError)
    }

    /// Looks for the empty line that ends a field section starting at `readIndex`, resuming where the last call
    /// stopped so byte-by-byte input stays linear. Rejects a bare LF, and a section longer than `limit` bytes.
    private func scanFieldSection(_ scan: inout HeadScan, limit: Int) -> ScanOutcome {
        while readIndex + scan.position < buffer.count {
            let offset = scan.position
            if offset >= limit { return .failed(.headerTooLarge(limit: limit)) }
            if buffer[readIndex + offset] == .lf {
                guard offset > 0 && buffer[readIndex + offset - 1] == .cr else { return .failed(.bareLineFeed) }
                if offset - 1 == scan.lineStart { return .complete(length: offset + 1) }
                scan.lineStart = offset + 1
            }
            scan.position += 1
        }
        return .needMore
    }

    /// Drops consumed bytes once they are worth moving, so the buffer does not grow across a long connection.
    private mutating func compactIfWorthwhile() {
        if readIndex == 0 { return }
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            readIndex = 0
        } else if readIndex >= 16 * 1024 && readIndex * 2 >= buffer.count {
            buffer.removeFirst(readIndex)
            readIndex = 0
        }
    }
}

extension UInt8 {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
}
