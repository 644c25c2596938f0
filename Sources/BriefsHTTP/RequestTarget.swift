/// Splits and decodes a request target (RFC 9112 §3.2) into a path and query items.
enum RequestTarget {
    /// The percent-decoded path and query items of `target`, or nil when it is not an acceptable target.
    ///
    /// Accepts origin-form (`/a/b?x=1`), absolute-form (`http://host/a?x=1`, whose authority is ignored) and
    /// asterisk-form (`*`, for `OPTIONS` only). A fragment (`#`) is never part of a request target. Decoded bytes
    /// must be UTF-8. `%2F` decodes to `/` like any other escape, so path segments are split before matching
    /// only by the router, on the decoded path.
    static func decode(_ target: ArraySlice<UInt8>, method: String) -> (String, [(name: String, value: String)])? {
        if target.elementsEqual("*".utf8) {
            return method == "OPTIONS" ? ("*", []) : nil
        }
        if target.contains(UInt8(ascii: "#")) { return nil }
        var rest = target
        if rest.first != UInt8(ascii: "/") {
            guard let afterScheme = absoluteFormPath(target) else { return nil }
            rest = afterScheme
        }
        let pathBytes: ArraySlice<UInt8>
        let queryBytes: ArraySlice<UInt8>?
        if let question = rest.firstIndex(of: UInt8(ascii: "?")) {
            pathBytes = rest[rest.startIndex..<question]
            queryBytes = rest[(question + 1)...]
        } else {
            pathBytes = rest
            queryBytes = nil
        }
        guard let path = percentDecoded(pathBytes, plusIsSpace: false) else { return nil }
        var items: [(name: String, value: String)] = []
        if let queryBytes {
            for pair in queryBytes.split(separator: UInt8(ascii: "&")) {
                let name: ArraySlice<UInt8>
                let value: ArraySlice<UInt8>
                if let equals = pair.firstIndex(of: UInt8(ascii: "=")) {
                    name = pair[pair.startIndex..<equals]
                    value = pair[(equals + 1)...]
                } else {
                    name = pair
                    value = []
                }
                guard let decodedName = percentDecoded(name, plusIsSpace: true),
                    let decodedValue = percentDecoded(value, plusIsSpace: true)
                else { return nil }
                items.append((name: decodedName, value: decodedValue))
            }
        }
        return (path.isEmpty ? "/" : path, items)
    }

    /// True when `target` is an origin-form path with nothing to decode or split (no `%`, `?` or `#`): `decode`
    /// would return the target itself as the path and no query items.
    static func isPlainPath(_ target: ArraySlice<UInt8>) -> Bool {
        guard target.first == UInt8(ascii: "/") else { return false }
        for byte in target where byte == UInt8(ascii: "%") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") {
            return false
        }
        return true
    }

    /// The path-and-query part of an absolute-form target (`http://host:8080/x?y` → `/x?y`, `http://host` → empty).
    static func absoluteFormPath(_ target: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        let lowered = target.map(asciiLowercased)
        let schemeLength: Int
        if lowered.starts(with: "http://".utf8) {
            schemeLength = 7
        } else if lowered.starts(with: "https://".utf8) {
            schemeLength = 8
        } else {
            return nil
        }
        let authorityStart = target.startIndex + schemeLength
        let afterAuthority = target[authorityStart...]
        guard let end = afterAuthority.firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") })
        else {
            return afterAuthority.isEmpty ? nil : target[target.endIndex...]
        }
        guard end > authorityStart else { return nil }
        return target[end...]
    }

    /// Decodes `%XX` escapes (and `+` as a space when `plusIsSpace`); nil on a bad escape or non-UTF-8 result.
    static func percentDecoded(_ bytes: ArraySlice<UInt8>, plusIsSpace: Bool) -> String? {
        guard bytes.contains(where: { $0 == UInt8(ascii: "%") || (plusIsSpace && $0 == UInt8(ascii: "+")) }) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex,
                    let high = ChunkLine.hexValue(bytes[index + 1]), let low = ChunkLine.hexValue(bytes[index + 2])
                else { return nil }
                decoded.append(UInt8(high * 16 + low))
                index += 3
            } else {
                decoded.append(plusIsSpace && byte == UInt8(ascii: "+") ? .space : byte)
                index += 1
            }
        }
        return String(validating: decoded, as: UTF8.self)
    }
}
