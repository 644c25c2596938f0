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
    public func serialize(
        _ response: Response, requestMethod: String?, requestVersion: HTTPVersion = .http1_1, closing: Bool,
        date: String
    ) -> SerializedResponse {
        let status = response.status
        let isHead = requestMethod == "HEAD"
        let forbidsBody = (100...199).contains(status) || status == 204 || status == 304
        let sendsLength = !forbidsBody
        var declaredLength: String?

        var head: [UInt8] = []
        head.reserveCapacity(160 + response.headers.count * 40)
        head.append(contentsOf: "HTTP/1.1 \(status) \(Response.reasonPhrase(status))\r\n".utf8)
        appendField(&head, "Date", date)
        var hasContentType = false
        for (name, value) in response.headers {
            if asciiCaseInsensitiveEquals(name, "content-length") {
                declaredLength = value
                continue
            }
            if asciiCaseInsensitiveEquals(name, "transfer-encoding") || asciiCaseInsensitiveEquals(name, "connection")
                || asciiCaseInsensitiveEquals(name, "date")
            {
                continue
            }
            if asciiCaseInsensitiveEquals(name, "content-type") { hasContentType = true }
            guard !name.isEmpty, name.utf8.allSatisfy(HeadParser.isTokenByte) else { continue }
            appendField(&head, name, value)
        }
        let body = (isHead || forbidsBody) ? [] : response.body
        if !hasContentType && !response.body.isEmpty && !forbidsBody {
            appendField(&head, "Content-Type", "application/octet-stream")
        }
        if sendsLength {
            var length = String(response.body.count)
            if isHead, response.body.isEmpty, let declaredLength,
                let declared = FramingFields.decimal(ArraySlice(declaredLength.utf8))
            {
                length = String(declared)
            }
            appendField(&head, "Content-Length", length)
        }
        if closing {
            appendField(&head, "Connection", "close")
        } else if requestVersion == .http1_0 {
            appendField(&head, "Connection", "keep-alive")
        }
        head.append(.cr)
        head.append(.lf)
        return SerializedResponse(head: head, body: body)
    }

    private func appendField(_ head: inout [UInt8], _ name: String, _ value: String) {
        head.append(contentsOf: name.utf8)
        head.append(UInt8(ascii: ":"))
        head.append(.space)
        for byte in value.utf8 {
            head.append(byte == .cr || byte == .lf || byte == 0 ? .space : byte)
        }
        head.append(.cr)
        head.append(.lf)
    }
}
