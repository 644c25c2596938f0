import Foundation
import Testing

@testable import BriefsDomain

@Suite struct DatelineReaderTests {
    func reader() throws -> DatelineReader {
        try DatelineReader(config: CleaningSupport.configFiles())
    }

    @Test(arguments: [
        ("Nov. 19, 2019 8:03 am ET", "2019-11-19"),
        ("Wednesday, 20 November 2019", "2019-11-20"),
        ("| November 18, 2019 12:01 PM", "2019-11-18"),
        ("sexta-feira, 22 de outubro de 2010 às 20:13", "2010-10-22"),
        ("Aggiornato il 5 marzo 2019", "2019-03-05"),
        ("Опубликовано 12 марта 2020", "2020-03-12"),
        ("Posted 2019-11-18T10:00:00Z", "2019-11-18"),
        ("29 February 2020", "2020-02-29"),
    ])
    func readsDates(_ text: String, _ expected: String) throws {
        #expect(try reader().date(in: text) == expected)
    }

    @Test(arguments: [
        "Share this article", "30 February 2019", "Page 3 of 12", "Call 2019-13-45 now", "12019-11-18", "May 2019",
    ])
    func refusesNonDates(_ text: String) throws {
        #expect(try reader().date(in: text) == nil)
    }

    @Test func badMonthListsNameTheLine() {
        let config = ConfigFiles(files: [DatelineReader.path: Data("january 1\nsmarch 13\n".utf8)])
        #expect(
            throws: ConfigFileError.invalid(
                path: DatelineReader.path, line: 2, reason: "expected '<name> <1-12>': smarch 13")
        ) {
            _ = try DatelineReader(config: config)
        }
    }

    @Test func theCleanerReportsTheDatelineAboveTheBody() throws {
        let cleaner = try #require(CleaningSupport.cleaner)
        let text = [
            "Bridge opens - Example", "Bridge opens", "By Ann Lee", "March 4, 2024", "Share",
            "The new bridge over the river opened on Monday morning, three years after work on it began, the council said.",
            "About two thousand people crossed it on foot during the first hour, and the mayor said more would follow.",
        ].joined(separator: "\n")
        let document = cleaner.clean(text: text)
        #expect(document.metadata.publishedAt == "2024-03-04")
        #expect(document.metadata.author == "Ann Lee")
        #expect(document.paragraphs.count == 2)
    }
}
