import Foundation

/// The files of a data directory.
///
/// - `snapshot.json`: the last complete snapshot; `snapshot.json.tmp` only while one is being written.
/// - `journal.jsonl`: writes since the last rotation.
/// - `lock`: empty; a POSIX lock on it keeps a second process out of the directory.
/// - `journal.<n>.jsonl`: journals rotated out by a snapshot still being written (or one that failed), replayed in
///   ascending `n` before `journal.jsonl`, and deleted once a snapshot covering them is durable.
struct StorePaths: Sendable {
    let directory: String

    init(directory: URL) {
        var path = directory.standardizedFileURL.path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        self.directory = path
    }

    var snapshot: String { directory + "/snapshot.json" }
    var snapshotTemp: String { directory + "/snapshot.json.tmp" }
    var journal: String { directory + "/journal.jsonl" }
    var lock: String { directory + "/lock" }

    func rotatedJournal(_ number: Int) -> String {
        directory + "/journal.\(number).jsonl"
    }

    /// The rotated journals among `names` (directory entries), oldest first.
    func rotatedJournals(among names: [String]) -> [(number: Int, path: String)] {
        names.compactMap { name -> (number: Int, path: String)? in
            guard name.hasPrefix("journal."), name.hasSuffix(".jsonl") else { return nil }
            let middle = name.dropFirst("journal.".count).dropLast(".jsonl".count)
            guard !middle.isEmpty, middle.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(middle),
                number > 0
            else {
                return nil
            }
            return (number, rotatedJournal(number))
        }
        .sorted { $0.number < $1.number }
    }
}
