/// Finds figures: numbers in digits and words, money, percentages, with what they count.
/// (Skeleton: implemented in the entities work.)
public struct FigureExtractor: Sendable {
    public init(config: ConfigFiles) throws(ConfigFileError) {}

    public func figures(in document: TextDocument, sentences: [Range<Int>]) -> [FigureFact] {
        []
    }
}
