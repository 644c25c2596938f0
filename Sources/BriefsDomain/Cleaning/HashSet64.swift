/// An open-addressing set of 64-bit hashes (already well mixed, so used as their own hash), cheaper than
/// `Set<UInt64>` with its seeded SipHash for the shingle look-ups of duplicate detection.
struct HashSet64 {
    private var slots: [UInt64]
    private(set) var count = 0

    init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
    }

    /// 0 marks an empty slot, so the value 0 is stored as 1.
    @inline(__always) private static func key(_ value: UInt64) -> UInt64 { value == 0 ? 1 : value }

    @inline(__always) private static func mix(_ value: UInt64) -> Int {
        Int(truncatingIfNeeded: (value ^ (value >> 29)) &* 0xBF58_476D_1CE4_E5B9)
    }

    func contains(_ value: UInt64) -> Bool {
        let key = Self.key(value)
        let mask = slots.count - 1
        var slot = Self.mix(key) & mask
        while true {
            let stored = slots[slot]
            if stored == key { return true }
            if stored == 0 { return false }
            slot = (slot + 1) & mask
        }
    }

    /// Inserts `value`; false when it was already there.
    @discardableResult
    mutating func insert(_ value: UInt64) -> Bool {
        if (count + 1) * 2 > slots.count { grow() }
        let key = Self.key(value)
        let mask = slots.count - 1
        var slot = Self.mix(key) & mask
        while true {
            let stored = slots[slot]
            if stored == key { return false }
            if stored == 0 {
                slots[slot] = key
                count += 1
                return true
            }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        count = 0
        for key in old where key != 0 { insert(key) }
    }
}
