/// One-to-one case mapping of the scripts of the stop-word languages, scalar by scalar.
enum SimpleCase {
    /// Latin Extended-A pairs: upper case is even in U+0100–0137 and U+014A–0177, odd in U+0139–0148 and
    /// U+0179–017E.
    private static func isLatinExtendedUpper(_ value: UInt32) -> Bool? {
        switch value {
        case 0x100...0x137, 0x14A...0x177: return value & 1 == 0
        case 0x139...0x148, 0x179...0x17E: return value & 1 == 1
        default: return nil
        }
    }

    static func lower(_ value: UInt32) -> UInt32 {
        switch value {
        case 0x41...0x5A, 0xC0...0xD6, 0xD8...0xDE: return value + 0x20
        case 0x100...0x17E: return isLatinExtendedUpper(value) == true ? value + 1 : value
        case 0x391...0x3A1, 0x3A3...0x3A9: return value + 0x20
        case 0x410...0x42F: return value + 0x20
        case 0x400...0x40F: return value + 0x50
        default: return value
        }
    }

    static func upper(_ value: UInt32) -> UInt32 {
        switch value {
        case 0x61...0x7A, 0xE0...0xF6, 0xF8...0xFE: return value - 0x20
        case 0x100...0x17E: return isLatinExtendedUpper(value) == false ? value - 1 : value
        case 0x3B1...0x3C1, 0x3C3...0x3C9: return value - 0x20
        case 0x430...0x44F: return value - 0x20
        case 0x450...0x45F: return value - 0x50
        default: return value
        }
    }

    /// Appends `bytes[start..<end]` lower-cased to `output`.
    @inline(__always)
    static func appendLowered(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, to output: inout [UInt8]) {
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte < 0x80 {
                output.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
                index += 1
                continue
            }
            let (value, length) = CleaningTokenizer.decode(bytes, index)
            if length == 1 {
                output.append(byte)  // stray byte, kept as is
            } else {
                append(lower(value), to: &output)
            }
            index += length
        }
    }

    /// Appends the UTF-8 encoding of scalar `value` to `bytes`.
    @inline(__always)
    static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        switch value {
        case 0..<0x80:
            bytes.append(UInt8(value))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | (value >> 6)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        case 0x800..<0x10000:
            bytes.append(UInt8(0xE0 | (value >> 12)))
            bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        default:
            bytes.append(UInt8(0xF0 | (value >> 18)))
            bytes.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        }
    }
}
