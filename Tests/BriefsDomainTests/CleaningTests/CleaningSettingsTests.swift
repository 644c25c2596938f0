import Foundation
import Testing

@testable import BriefsDomain

@Suite struct CleaningSettingsTests {
    @Test func partialFileOverridesOnlyItsKeys() throws {
        let settings = try CleaningSettings(
            json: Data(#"{"lengthLow": 50, "_comment": "x", "cueMaxWords.byline": 7}"#.utf8))
        #expect(settings.lengthLow == 50)
        #expect(settings.lengthHigh == CleaningSettings().lengthHigh)
        #expect(settings.cueMaxWordsByCategory["byline"] == 7)
    }

    @Test func emptyFileKeepsDefaults() throws {
        #expect(try CleaningSettings(json: Data()) == CleaningSettings())
        #expect(try CleaningSettings(json: Data("{}".utf8)) == CleaningSettings())
    }

    @Test(arguments: [
        #"{"lenghtLow": 50}"#, #"{"lengthLow": "50"}"#, #"{"lengthLow": -1}"#, #"{"lengthLow": true}"#, "[1, 2]", "{",
    ])
    func invalidFilesAreRejectedNamingTheFile(_ json: String) {
        #expect(throws: ConfigFileError.self) { try CleaningSettings(json: Data(json.utf8), path: "cleaning.json") }
        do {
            _ = try CleaningSettings(json: Data(json.utf8), path: "cleaning.json")
        } catch {
            #expect(error.description.contains("cleaning.json"))
        }
    }

    @Test func theRealConfigLoads() throws {
        let files = CleaningSupport.configFiles()
        let data = try #require(files.files["cleaning.json"])
        _ = try CleaningSettings(json: data)
        _ = try TextCleaner(config: files)
    }

    @Test func sentenceDroppingCategoriesCanBeTurnedOff() throws {
        let settings = try CleaningSettings(
            json: Data(#"{"cueDropsSentences.caption": 1, "cueDropsSentences.legal": 1}"#.utf8))
        #expect(settings.cueDropsSentences == ["caption", "legal"])
        let off = try CleaningSettings(json: Data(#"{"cueDropsSentences.caption": 0}"#.utf8))
        #expect(off.cueDropsSentences == ["legal"])
    }

    @Test func aKeyNamingAMissingCueListFailsStartUp() {
        var files = CleaningSupport.configFiles()
        files.files["cleaning.json"] = Data(#"{"cueMaxWords.horoscope": 3}"#.utf8)
        #expect(throws: ConfigFileError.self) { _ = try TextCleaner(config: files) }
    }

    @Test func theShippedFileMatchesTheDefaults() throws {
        // The defaults are the tuned values, so a missing or partial file behaves like the shipped one.
        let data = try #require(CleaningSupport.configFiles().files["cleaning.json"])
        #expect(try CleaningSettings(json: data) == CleaningSettings())
    }
}
