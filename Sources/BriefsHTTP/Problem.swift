/// An RFC 9457 problem detail, sent as `application/problem+json`.
public struct Problem: Error, Sendable, Equatable {
    /// A URI reference naming the problem type (`/problems/unknown-country`), or `about:blank`.
    public var type: String
    /// Fixed per `type`.
    public var title: String
    public var status: Int
    /// Safe, per-occurrence explanation.
    public var detail: String
    /// Extension members (`"field": "text"`), string-valued.
    public var extensions: [String: String]
    /// Extra response headers (`Allow`, `Retry-After`, `WWW-Authenticate`).
    public var headers: HTTPHeaders

    public init(
        type: String, title: String, status: Int, detail: String, extensions: [String: String] = [:],
        headers: HTTPHeaders = HTTPHeaders()
    ) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.extensions = extensions
        self.headers = headers
    }

    /// The JSON body, keys sorted, strings escaped per RFC 8259.
    public var body: [UInt8] {
        var members: [(String, JSONScalar)] = [
            ("type", .string(type)), ("title", .string(title)), ("status", .int(status)), ("detail", .string(detail)),
        ]
        for (key, value) in extensions where !["type", "title", "status", "detail"].contains(key) {
            members.append((key, .string(value)))
        }
        members.sort { $0.0 < $1.0 }
        var out = "{"
        for (index, (key, value)) in members.enumerated() {
            if index > 0 { out += "," }
            out += JSONScalar.string(key).encoded + ":" + value.encoded
        }
        out += "}"
        return Array(out.utf8)
    }

    /// The response carrying this problem.
    public var response: Response {
        var headers = self.headers
        headers.set("Content-Type", "application/problem+json")
        return Response(status: status, headers: headers, body: body)
    }
}

/// Just enough JSON encoding for problem bodies, so this module needs no Foundation.
enum JSONScalar {
    case string(String)
    case int(Int)

    var encoded: String {
        switch self {
        case .int(let value): return String(value)
        case .string(let value):
            var out = "\""
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if scalar.value < 0x20 {
                        let hex = String(scalar.value, radix: 16)
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            return out + "\""
        }
    }
}
