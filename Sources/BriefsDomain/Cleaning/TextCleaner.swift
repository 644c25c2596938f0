/// Cleans pasted page text into the article's own paragraphs.
/// (Skeleton: first non-empty line is the title, other lines are paragraphs with whitespace normalised.)
public struct TextCleaner: Sendable {
    public init(config: ConfigFiles) throws(ConfigFileError) {}

    /// - Parameters:
    ///   - text: the pasted page, title first.
    ///   - title: a title given explicitly; then the first line is not taken as the title.
    public func clean(text: String, title: String? = nil) -> CleanedDocument {
        var lines = text.split(whereSeparator: \.isNewline)
            .map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            .filter { !$0.isEmpty }
        var foundTitle = title
        if foundTitle == nil, !lines.isEmpty { foundTitle = lines.removeFirst() }
        return CleanedDocument(title: foundTitle, paragraphs: lines)
    }
}
