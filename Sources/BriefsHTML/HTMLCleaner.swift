import BriefsDomain
import CLibXML2

/// Cleans a raw HTML page into the article's own paragraphs plus page metadata, parsing with libxml2's HTML
/// parser (network access and entity expansion off). (Skeleton: implemented in the HTML work.)
public struct HTMLCleaner: Sendable {
    let textCleaner: TextCleaner

    public init(config: ConfigFiles, textCleaner: TextCleaner) throws(ConfigFileError) {
        self.textCleaner = textCleaner
    }

    public func clean(html: [UInt8]) -> CleanedDocument {
        CleanedDocument(paragraphs: [])
    }
}
