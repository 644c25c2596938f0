/// The top-level members of a JSON object, read with the store's `JSONReader` (no `Data` copy, no `JSONDecoder`):
/// for request bodies such as `POST /v1/articles`, whose members are strings, nulls or values the caller refuses.
///
/// This reader is deliberately narrow. It answers nil, rather than guessing, whenever it is not sure to read the text
/// as `JSONDecoder` would: malformed JSON, invalid UTF-8, a duplicate key, a number `Double` can't hold, containers
/// nested deeper than `maxDepth`, or anything but an object at the top. The caller then takes its `JSONDecoder` path,
/// which decides (and words the error) as before.
package enum JSONObjectMembers {
    /// A member's value as far as a flat request body cares.
    package enum Value: Sendable, Equatable {
        case null
        case string(String)
        /// A number, boolean, array or object.
        case other
    }

    /// Nesting deeper than this inside a member's value is left to `JSONDecoder` (whose reader has its own limit);
    /// the skipping here is iterative, so depth never costs stack.
    package static let maxDepth = 256

    /// The members of the object in `bytes` (keyed by name), or nil when the reader is not sure (see the type).
    package static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> [String: Value]? {
        guard isValidUTF8(bytes) else { return nil }
        var reader = JSONReader(bytes)
        var members: [String: Value] = [:]
        var isDuplicate = false
        do throws(JSONReadError) {
            guard reader.peek() == 0x7B else { return nil }
            try reader.readObject { (reader, key) throws(JSONReadError) in
                let value: Value
                switch reader.peek() {
                case 0x22: value = .string(try reader.readString())
                case 0x6E:
                    guard reader.readNull() else { throw reader.error("bad literal") }
                    value = .null
                default:
                    try skipValue(&reader)
                    value = .other
                }
                if members.updateValue(value, forKey: key) != nil { isDuplicate = true }
            }
            guard reader.isAtEnd(), !isDuplicate else { return nil }
        } catch {
            return nil
        }
        return members
    }

    /// Skips one value without recursion: containers are tracked on a stack of their closing bytes, at most
    /// `maxDepth` deep. Numbers must be finite `Double`s (as `JSONDecoder` needs to read them).
    static func skipValue(_ reader: inout JSONReader) throws(JSONReadError) {
        var closers: [UInt8] = []
        while true {
            // A value starts here.
            switch reader.peek() {
            case 0x7B, 0x5B:
                guard closers.count < maxDepth else { throw reader.error("nested too deeply") }
                let isObject = reader.peek() == 0x7B
                try reader.expect(isObject ? 0x7B : 0x5B)
                let closer: UInt8 = isObject ? 0x7D : 0x5D
                if reader.peek() == closer {
                    try reader.expect(closer)
                } else {
                    closers.append(closer)
                    if isObject {
                        _ = try reader.readString()
                        try reader.expect(0x3A)
                    }
                    continue
                }
            case 0x22: _ = try reader.readString()
            case 0x74, 0x66: _ = try reader.readBool()
            case 0x6E: guard reader.readNull() else { throw reader.error("bad literal") }
            default: _ = try reader.readDouble()
            }
            // A value ended: close containers until one goes on with a comma.
            while true {
                guard let closer = closers.last else { return }
                if reader.peek() == 0x2C {
                    try reader.expect(0x2C)
                    if closer == 0x7D {
                        _ = try reader.readString()
                        try reader.expect(0x3A)
                    }
                    break
                }
                try reader.expect(closer)
                closers.removeLast()
            }
        }
    }

    /// Whether `bytes` is well-formed UTF-8 (ASCII checked eight bytes at a time).
    package static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        if let base = UnsafeRawPointer(bytes.baseAddress) {
            while index + 8 <= bytes.count {
                if base.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
                index += 8
            }
        }
        while index < bytes.count, bytes[index] < 0x80 { index += 1 }
        guard index < bytes.count else { return true }
        return String(validating: UnsafeBufferPointer(rebasing: bytes[index...]), as: UTF8.self) != nil
    }
}
