/// A serialised response: the head (status line and fields) and the body to send after it. The server sends both in
/// one `sendmsg` call without joining them; `bytes` joins them for tests and simple writers.
public struct SerializedResponse: Sendable, Equatable {
    public var head: [UInt8]
    public var body: [UInt8]

    public init(head: [UInt8], body: [UInt8]) {
        self.head = head
        self.body = body
    }

    /// Head and body in one buffer.
    public var bytes: [UInt8] { head + body }
}

/// Turns a `Response` into HTTP/1.1 bytes.
///
/// The serializer owns framing: it drops any `Content-Length`, `Transfer-Encoding`, `Connection` and `Date` the
/// handler set and writes its own, in this order after the status line: `Date`, the handler's fields (with
/// `Content-Type`), `Content-Length`, then `Connection` when needed.
/// - `Content-Length` is always sent, except on 1xx and 204 (RFC 9110 §8.6 forbids it) and 304 (§15.4.5, which
///   has no body and whose length would describe another representation).
/// - A response to `HEAD` sends the length the `GET` body has, and no body (RFC 9110 §9.3.2). A handler that
///   answers `HEAD` without building the body may set `Content-Length` itself; that value is then kept.
/// - A body without `Content-Type` is labelled `application/octet-stream`.
/// - Field values lose CR, LF and NUL (replaced by a space) and fields with a name that is not a token are
///   dropped, so a handler cannot split the response.
public struct ResponseSerializer: Sendable {
    public init() {}

    /// The interim response sent when a client waits with `Expect: 100-continue`.
    public static let continueHead: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Serialises `response`.
    /// - Parameters:
    ///   - response: what the handler or the server produced.
    ///   - requestMethod: the request's method (`HEAD` drops the body); nil when no request was parsed.
    ///   - requestVersion: an HTTP/1.0 client that keeps the connection alive is told `Connection: keep-alive`.
    ///   - closing: the server closes after this response, so `Connection: close` is sent (RFC 9112 §9.6).
    ///   - date: the IMF-fixdate for `Date` (see `HTTPDate`); passed in so this module reads no clock.
    ///
    /// The head is written into one buffer reserved up front at its final size (one allocation); names and values
    /// are copied in bulk from their UTF-8 storage, and each name is classified with one length switch and at most
    /// one case-insensitive comparison.
    public func serialize(
        _ response: Response, requestMethod: String?, requestVersion: HTTPVersion = .http1_1, closing: Bool,
        date: String
    ) -> SerializedResponse {
        let status = response.status
        let isHead = requestMethod == "HEAD"
        let forbidsBody = (100...199).contains(status) || status == 204 || status == 304
        let reason = Response.reasonPhrase(status)

        // An upper bound of the head's size, so the buffer is allocated once.
        var capacity = Self.fixedHeadBytes + reason.utf8.count + date.utf8.count
        for (name, value) in response.headers { capacity += name.utf8.count + value.utf8.count + 4 }
        var head: [UInt8] = []
        head.reserveCapacity(capacity)

        appendStatic(&head, "HTTP/1.1 ")
        appendStatus(&head, status)
        head.append(.space)
        appendBytes(&head, reason)
        appendStatic(&head, "\r\nDate: ")
        appendValue(&head, date)
        head.append(.cr)
        head.append(.lf)

        var declaredLength: String?
        var hasContentType = false
        for (name, value) in response.headers {
            var name = name
            let kind = name.withUTF8(Self.kind)
            switch kind {
            case .contentLength:
                declaredLength = value
                continue
            case .dropped, .invalid:
                continue
            case .contentType:
                hasContentType = true
            case .other:
                break
            }
            appendBytes(&head, name)
            head.append(UInt8(ascii: ":"))
            head.append(.space)
            appendValue(&head, value)
            head.append(.cr)
            head.append(.lf)
        }
        let body = (isHead || forbidsBody) ? [] : response.body
        if !hasContentType && !response.body.isEmpty && !forbidsBody {
            appendStatic(&head, "Content-Type: application/octet-stream\r\n")
        }
        if !forbidsBody {
            var length = response.body.count
            if isHead, response.body.isEmpty, let declaredLength,
                let declared = FramingFields.decimal(ArraySlice(declaredLength.utf8))
            {
                length = declared
            }
            appendStatic(&head, "Content-Length: ")
            appendDecimal(&head, length)
            head.append(.cr)
            head.append(.lf)
        }
        if closing {
            appendStatic(&head, "Connection: close\r\n")
        } else if requestVersion == .http1_0 {
            appendStatic(&head, "Connection: keep-alive\r\n")
        }
        head.append(.cr)
        head.append(.lf)
        return SerializedResponse(head: head, body: body)
    }

    /// Bytes of the head besides the reason phrase, the date and the handler's fields, at most: status line frame
    /// (`HTTP/1.1 ` + up to 20 digits + SP + CRLF), `Date: ` + CRLF, the default `Content-Type` field,
    /// `Content-Length` with up to 20 digits, `Connection: keep-alive`, the final CRLF.
    static var fixedHeadBytes: Int { 32 + 8 + 40 + 38 + 24 + 2 }

    /// What the serializer does with a handler's field, judged from its name.
    enum FieldKind {
        /// `Content-Length`: dropped, its value remembered for `HEAD`.
        case contentLength
        /// `Transfer-Encoding`, `Connection`, `Date`: the serializer writes its own.
        case dropped
        /// `Content-Type`: kept, and no default type is added.
        case contentType
        /// A name that is not a token: dropped so the handler cannot split the response.
        case invalid
        /// Any other valid name: kept as given.
        case other
    }

    /// Classifies a field name: a switch on its length picks the one framing name it could be.
    static func kind(_ name: UnsafeBufferPointer<UInt8>) -> FieldKind {
        switch name.count {
        case 0:
            return .invalid
        case 4:
            if equalsLowercase(name, "date") { return .dropped }
        case 10:
            if equalsLowercase(name, "connection") { return .dropped }
        case 12:
            if equalsLowercase(name, "content-type") { return .contentType }
        case 14:
            if equalsLowercase(name, "content-length") { return .contentLength }
        case 17:
            if equalsLowercase(name, "transfer-encoding") { return .dropped }
        default:
            break
        }
        for byte in name where !HeadParser.isTokenByte(byte) { return .invalid }
        return .other
    }

    /// True when `bytes` spell `lowercaseName` ignoring ASCII case (the lengths are already known to match).
    private static func equalsLowercase(_ bytes: UnsafeBufferPointer<UInt8>, _ lowercaseName: StaticString) -> Bool {
        lowercaseName.withUTF8Buffer { expected in
            guard expected.count == bytes.count else { return false }
            for index in 0..<bytes.count where asciiLowercased(bytes[index]) != expected[index] { return false }
            return true
        }
    }

    private func appendStatic(_ head: inout [UInt8], _ text: StaticString) {
        text.withUTF8Buffer { head.append(contentsOf: $0) }
    }

    /// Appends the UTF-8 bytes of `text` with one bulk copy.
    private func appendBytes(_ head: inout [UInt8], _ text: String) {
        var text = text
        text.withUTF8 { head.append(contentsOf: $0) }
    }

    /// Appends a field value, with CR, LF and NUL replaced by a space; a value without them is copied in bulk.
    private func appendValue(_ head: inout [UInt8], _ value: String) {
        var value = value
        value.withUTF8 { bytes in
            if bytes.contains(where: Self.isUnsafeInValue) {
                for byte in bytes { head.append(Self.isUnsafeInValue(byte) ? .space : byte) }
            } else {
                head.append(contentsOf: bytes)
            }
        }
    }

    private static func isUnsafeInValue(_ byte: UInt8) -> Bool {
        byte == .cr || byte == .lf || byte == 0
    }

    /// The status code as three digits, or in decimal when outside 100...999.
    private func appendStatus(_ head: inout [UInt8], _ status: Int) {
        if (100...999).contains(status) {
            head.append(UInt8(truncatingIfNeeded: 0x30 + status / 100))
            head.append(UInt8(truncatingIfNeeded: 0x30 + (status / 10) % 10))
            head.append(UInt8(truncatingIfNeeded: 0x30 + status % 10))
        } else {
            appendBytes(&head, String(status))
        }
    }

    /// A non-negative integer in decimal, without a leading zero.
    private func appendDecimal(_ head: inout [UInt8], _ value: Int) {
        guard value >= 0 else {
            appendBytes(&head, String(value))
            return
        }
        var divisor = 1
        while value / divisor >= 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            head.append(UInt8(truncatingIfNeeded: 0x30 + rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
