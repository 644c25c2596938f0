import Foundation

/// The opaque `next` cursor of a page: base64url (no padding) of the JSON array `[sortDate, id]` of the last item
/// served. The next page starts strictly after that key, so articles added or removed meanwhile never shift or
/// repeat items in later pages.
enum PageCursor {
    static func encode(_ key: SortKey) -> String {
        // Encoding two strings can't fail; an empty cursor would simply be rejected as bad later.
        let json = (try? JSONEncoder().encode([key.date, key.id])) ?? Data()
        return json.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The key inside `cursor`.
    /// - Throws: `StoreError.badCursor` when it isn't a cursor this store made.
    static func decode(_ cursor: String) throws(StoreError) -> SortKey {
        guard cursor.count <= 1024,
            cursor.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { throw .badCursor(String(cursor.prefix(64))) }
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64),
            let parts = try? JSONDecoder().decode([String].self, from: data),
            parts.count == 2, !parts[1].isEmpty
        else { throw .badCursor(String(cursor.prefix(64))) }
        return SortKey(date: parts[0], id: parts[1])
    }
}
