/// An open-addressing hash table from words (UTF-8 bytes) to small integer ids, built once at start-up.
///
/// The cleaner looks up every word of every block, so lookups take a byte range of the block's buffer and neither
/// allocate nor build a `String`. Case variants are inserted at load time (see `CleaningLexicon`), so that no
/// lowercasing happens per word.
struct WordTable: Sendable {
    /// Slot → entry index + 1 (0 = empty). Capacity is a power of two, at most half full.
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    private var keyStarts: [Int] = []
    private var keyPool: [UInt8] = []
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
    }

    /// FNV-1a over the bytes.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var index = start
        while index < end {
            hash = (hash ^ UInt64(bytes[index])) &* 0x100_0000_01b3
            index += 1
        }
        return hash
    }

    /// The id of `key`, inserting it when new.
    mutating func insert(_ key: [UInt8]) -> Int {
        if let found = key.withUnsafeBufferPointer({ lookup($0, 0, $0.count) }) { return found }
        if (count + 1) * 2 > slots.count { grow() }
        let hash = key.withUnsafeBufferPointer { Self.hash($0, 0, $0.count) }
        let id = count
        hashes.append(hash)
        keyStarts.append(keyPool.count)
        keyPool.append(contentsOf: key)
        count += 1
        place(id: id, hash: hash)
        return id
    }

    /// The id of the word `bytes[start..<end]`, if present.
    @inline(__always)
    func lookup(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        let hash = Self.hash(bytes, start, end)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        let length = end - start
        while true {
            let stored = Int(slots[slot])
            if stored == 0 { return nil }
            let id = stored - 1
            if hashes[id] == hash {
                let keyStart = keyStarts[id]
                let keyEnd = id + 1 < count ? keyStarts[id + 1] : keyPool.count
                if keyEnd - keyStart == length {
                    var same = true
                    var offset = 0
                    while offset < length {
                        if keyPool[keyStart + offset] != bytes[start + offset] {
                            same = false
                            break
                        }
                        offset += 1
                    }
                    if same { return id }
                }
            }
            slot = (slot + 1) & mask
        }
    }

    private mutating func place(id: Int, hash: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(id + 1)
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        for id in 0..<count { place(id: id, hash: hashes[id]) }
    }
}
