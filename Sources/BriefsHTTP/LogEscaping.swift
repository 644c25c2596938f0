/// Escaping of text taken from requests before it reaches a log line.
///
/// A client controls the request target, header values and bodies; written raw into a log they could forge lines
/// (CR/LF), move the cursor or recolour a terminal (ESC sequences), or hide text (NUL, DEL). `logEscaped` keeps the
/// text readable and makes every such character visible: `\n`, `\r`, `\t`, `\\` and `\u{XX}` for the other C0/C1
/// controls and DEL. Text without any of them is returned unchanged without copying.
extension String {
    public var logEscaped: String {
        guard unicodeScalars.contains(where: Self.needsEscape) else { return self }
        var out = ""
        out.reserveCapacity(utf8.count + 8)
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\\": out += "\\\\"
            default:
                if Self.isControl(scalar) {
                    out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// The escaped text, cut to at most `limit` characters (a marker shows the cut), for long client input.
    public func logEscaped(limit: Int) -> String {
        let escaped = logEscaped
        guard escaped.count > limit else { return escaped }
        return String(escaped.prefix(max(0, limit))) + "…(\(escaped.count - limit) more)"
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\\" || isControl(scalar)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0x7F...0x9F).contains(value)
    }
}
