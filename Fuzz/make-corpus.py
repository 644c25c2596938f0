#!/usr/bin/env python3
"""Writes the seed corpora under Fuzz/Corpus/<target>/ (hand-written inputs; rerun after editing).

Parser and chunked seeds start with the control byte of FeedPlan (Sources/FuzzTargets/ParserHarness.swift):
bits 0-2 = number of chunk-length bytes that follow, bit 3 = feed the rest byte by byte, bits 4-5 = limits,
bits 6-7 = the chunked target's head. The JSON target's byte 0 picks the Content-Type; the text and facts
targets' byte 0 gives the first line as the title (bit 0) and the publication date (bits 1-7).
"""
import os
import shutil

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Corpus")


def write(target, name, data):
    folder = os.path.join(ROOT, target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def crlf(text):
    return text.replace("\n", "\r\n")


REQUESTS = {
    "get": crlf("GET /v1/articles?limit=5&cursor=abc HTTP/1.1\nHost: localhost\nAccept: application/json\n\n"),
    "get-10": crlf("GET /healthz HTTP/1.0\nConnection: keep-alive\n\n"),
    "post-length": crlf("POST /v1/articles HTTP/1.1\nHost: a\nContent-Type: text/plain\nContent-Length: 11\n\n")
    + "Hello world",
    "post-json": crlf("POST /v1/articles HTTP/1.1\nHost: a\nContent-Type: application/json\nContent-Length: 27\n\n")
    + '{"text":"A ferry","url":""}',
    "post-chunked": crlf("POST /v1/articles HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\n5\nHello\n6;ext=1\n world\n0\nX-Trailer: 1\n\n"),
    "pipelined": crlf("GET /a HTTP/1.1\nHost: a\n\nGET /b?x=%20y+z HTTP/1.1\nHost: a\n\nDELETE /v1/articles/0123456789abcdef HTTP/1.1\nHost: a\nConnection: close\n\n"),
    "pipelined-body": crlf("POST /x HTTP/1.1\nHost: a\nContent-Length: 3\n\nabc\nGET /y HTTP/1.1\nHost: a\n\n"),
    "expect": crlf("POST /v1/articles HTTP/1.1\nHost: a\nExpect: 100-continue\nContent-Length: 4\n\nbody"),
    "options-star": crlf("OPTIONS * HTTP/1.1\nHost: a\n\n"),
    "absolute-form": crlf("GET http://example.com/v1/countries/al HTTP/1.1\nHost: example.com\n\n"),
    "leading-crlf": crlf("\n\nGET / HTTP/1.1\nHost: a\n\n"),
    # Smuggling-style and malformed edge cases (all must be refused).
    "cl-te": crlf("POST / HTTP/1.1\nHost: a\nContent-Length: 4\nTransfer-Encoding: chunked\n\n0\n\n"),
    "te-cl": crlf("POST / HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\nContent-Length: 4\n\n0\n\n"),
    "duplicate-cl": crlf("POST / HTTP/1.1\nHost: a\nContent-Length: 4\nContent-Length: 5\n\nabcde"),
    "cl-list": crlf("POST / HTTP/1.1\nHost: a\nContent-Length: 3, 3\n\nabc"),
    "cl-sign": crlf("POST / HTTP/1.1\nHost: a\nContent-Length: +3\n\nabc"),
    "cl-overflow": crlf("POST / HTTP/1.1\nHost: a\nContent-Length: 99999999999999999999999\n\n"),
    "te-double": crlf("POST / HTTP/1.1\nHost: a\nTransfer-Encoding: chunked, chunked\n\n0\n\n"),
    "te-gzip": crlf("POST / HTTP/1.1\nHost: a\nTransfer-Encoding: gzip, chunked\n\n0\n\n"),
    "te-http10": crlf("POST / HTTP/1.0\nTransfer-Encoding: chunked\n\n0\n\n"),
    "obs-fold": crlf("GET / HTTP/1.1\nHost: a\nX-Folded: one\n two\n\n"),
    "space-before-colon": crlf("GET / HTTP/1.1\nHost: a\nContent-Length : 0\n\n"),
    "bare-lf": "GET / HTTP/1.1\nHost: a\n\n",
    "bare-cr": "GET / HTTP/1.1\rHost: a\r\n\r\n",
    "nul-in-header": crlf("GET / HTTP/1.1\nHost: a\nX-Nul: a\x00b\n\n"),
    "no-host": crlf("GET / HTTP/1.1\n\n"),
    "two-hosts": crlf("GET / HTTP/1.1\nHost: a\nHost: b\n\n"),
    "http2": crlf("GET / HTTP/2.0\nHost: a\n\n"),
    "bad-percent": crlf("GET /a%zz HTTP/1.1\nHost: a\n\n"),
    "huge-chunk": crlf("POST / HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\nffffffffffffffffff\nabc\n0\n\n"),
    "negative-chunk": crlf("POST / HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\n-1\nabc\n0\n\n"),
    "utf8-header": crlf("GET / HTTP/1.1\nHost: a\nX-Name: caf\u00e9\nConnection: Keep-Alive, Upgrade\n\n"),
}

CHUNKED_BODIES = {
    "simple": crlf("5\nHello\n0\n\n"),
    "two-chunks": crlf("3\nabc\n4\ndefg\n0\n\n"),
    "extensions": crlf("3;name=value;other\nabc\n0;last\n\n"),
    "bws-extension": "3 ;x\r\nabc\r\n0\r\n\r\n",
    "trailers": crlf("1\nx\n0\nExpires: never\nX-Check: 1\n\n"),
    "upper-hex": crlf("A\n0123456789\n0\n\n"),
    "leading-zeros": crlf("0000000000000000000003\nabc\n0\n\n"),
    "overflow": crlf("10000000000000000\nx\n0\n\n"),
    "missing-crlf": crlf("3\nabcd\n0\n\n"),
    "lf-only": "3\nabc\n0\n\n",
    "pipelined-after": crlf("2\nhi\n0\n\nGET /next HTTP/1.1\nHost: a\n\n"),
    "empty": crlf("0\n\n"),
    "trailer-fold": crlf("0\nX: a\n b\n\n"),
    "bad-trailer": crlf("0\nBad Name: x\n\n"),
}

JSON_BODIES = {
    "full": '{"title":"Ferry link opens","text":"The new ferry carries 400 passengers a day.","url":"https://example.org/a","source":"Example","published_at":"2024-02-15"}',
    "html": '{"html":"<html><body><article><p>Tirana hosted the summit.</p></article></body></html>","published_at":"2024-02-15T09:30:00Z"}',
    "fraction": '{"text":"x","published_at":"2024-02-15T09:30:00.123+01:00"}',
    "both": '{"text":"a","html":"<p>b</p>"}',
    "null-fields": '{"text":"Body","title":null,"url":null}',
    "number": '{"text":42}',
    "nested": '{"text":"a","extra":{"deep":[1,2,{"x":null}]}}',
    "array": '[1,2,3]',
    "escapes": '{"title":"  Tab\\there \\u00e9\\ud83d\\ude00 ","text":"Line\\nbreak \\"quoted\\""}',
    "bad-date": '{"text":"a","published_at":"2024-02-30"}',
    "empty-text": '{"text":"   "}',
    "truncated": '{"text":"abc',
}

TEXTS = {
    "article": "Ferry link opens between Durres and Bari\n\nTIRANA, Feb 15 (Reuters) - Albania's prime minister Edi Rama said on Thursday that the new ferry would carry 400 passengers a day, up 12% from last year.\n\n\"This is a good day for both countries,\" Rama told reporters in Tirana.\n\nThe European Union paid 3.5 million euros ($3.8 million) towards the port.\n\nSign up for our newsletter\n\nShare this article on Facebook\n\nRelated: Italy and Albania sign migration deal",
    "glued": "Title here\nThe minister spoke on Monday.He said the talks would resume next week.Officials in Kyiv and Warsaw agreed.\nPhoto: AP\nDonate now to support independent journalism.",
    "dates": "On 3 March 2023, two days later, and in the second week of May the U.N. Secretary-General Antonio Guterres visited Nairobi, Kenya. Last year 1,200 people were displaced; by 2030 the figure may reach 2.5m.",
    "unicode": "Zürich — „Die Schweiz“ und Österreich… 北京 (Beijing) 😀 \u200b\u00a0\u202e reversed ٱلعربية\r\n\r\nΑθήνα",
    "empty-lines": "\n\n\n \t \n",
    "quotes": "'We will not give up,' said Maria Kowalska, the mayor of Gdansk. \"The city stands,\" she added. According to President Zelensky, Ukraine needs more.",
    "numbers": "1e400 dollars, 999999999999999999999999999999 people, -0.0%, 3.5bn, ¾ of voters, 1,2,3,4,5,6, $ 100 000.",
}

HTML = {
    "article": "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Summit in Tirana | Example News</title><meta property=\"og:site_name\" content=\"Example News\"><meta name=\"author\" content=\"Jane Doe\"><meta property=\"article:published_time\" content=\"2024-02-15T09:30:00Z\"><link rel=\"canonical\" href=\"https://example.org/summit\"><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"Summit in Tirana\",\"datePublished\":\"2024-02-15\",\"author\":{\"name\":\"Jane Doe\"}}</script></head><body><nav><a href=\"/\">Home</a><a href=\"/world\">World</a></nav><article><h1>Summit in Tirana</h1><p class=\"standfirst\">Leaders met on Thursday.</p><p>Albania's prime minister said the summit in Tirana was a success for the Western Balkans.</p><figure><img src=\"a.jpg\"><figcaption>Leaders in Tirana. Photo: AP</figcaption></figure><p>\"We agreed on a plan,\" he told reporters, adding that 3 billion euros would follow.</p><aside class=\"related\"><a href=\"/x\">Related: another story</a></aside></article><footer>Copyright 2024. Subscribe to our newsletter.</footer></body></html>",
    "broken": "<html><body><div><p>Unclosed paragraph<div><table><tr><td>cell<p>text</b></i></html></body>&amp;&#0;&#xFFFFFFFF;&bogus;<!-- comment --",
    "latin1": b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"></head><body><p>Z\xfcrich und M\xfcnchen: caf\xe9 cr\xe8me.</p></body></html>",
    "utf16": "\ufeff<html><body><p>UTF-16 page text here.</p></body></html>".encode("utf-16-le"),
    "nested": "<div>" * 200 + "<p>Deep text in many divs.</p>" + "</div>" * 200,
    "scripts": "<html><body><script>var s='<p>not text</p>';</script><style>p{}</style><noscript><p>Enable JS</p></noscript><template><p>t</p></template><p>Visible text.</p><iframe src=x></iframe><svg><text>svg text</text></svg></body></html>",
    "jsonld-only": "<html><head><script type=\"application/ld+json\">[{\"@graph\":[{\"@type\":\"NewsArticle\",\"articleBody\":\"Body from JSON-LD. Second sentence.\",\"datePublished\":\"2024-13-45\"}]}]</script></head><body></body></html>",
    "xhtml": "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><body><main><h2>Heading</h2><ul><li>One</li><li>Two</li></ul><pre>  code  </pre><br/><p>Text after.</p></main></body></html>",
}


def main():
    if os.path.isdir(ROOT):
        shutil.rmtree(ROOT)
    for name, text in REQUESTS.items():
        data = text.encode("latin-1") if all(ord(c) < 256 for c in text) else text.encode("utf-8")
        write("http-parser", name, b"\x00" + data)
    # The same streams split: three chunks of 1, 7 and 13 bytes, then byte by byte; with small limits.
    for name in ["post-chunked", "pipelined", "pipelined-body", "expect", "leading-crlf"]:
        write("http-parser", name + "-split", bytes([0x0B, 1, 7, 13]) + REQUESTS[name].encode("utf-8"))
        write("http-parser", name + "-small-limits", bytes([0x20 | 0x02, 5, 40]) + REQUESTS[name].encode("utf-8"))
    for index, (name, text) in enumerate(CHUNKED_BODIES.items()):
        head = (index % 4) << 6
        write("chunked", name, bytes([head]) + text.encode("utf-8"))
        write("chunked", name + "-split", bytes([head | 0x0A, 2, 3]) + text.encode("utf-8"))
    content_types = 8  # JSONIngestTarget.contentTypes.count
    for name, body in JSON_BODIES.items():
        write("json-ingest", name, bytes([0]) + body.encode("utf-8"))
    write("json-ingest", "charset", bytes([1]) + JSON_BODIES["full"].encode("utf-8"))
    write("json-ingest", "plain", bytes([2]) + TEXTS["article"].encode("utf-8"))
    write("json-ingest", "plain-invalid-utf8", bytes([5]) + b"caf\xe9 \xff\xfe")
    write("json-ingest", "html", bytes([3]) + HTML["article"].encode("utf-8"))
    write("json-ingest", "no-type", bytes([content_types - 1]) + b"x")
    for index, (name, text) in enumerate(TEXTS.items()):
        write("text-cleaner", name, bytes([index % 2]) + text.encode("utf-8"))
        write("facts", name, bytes([(index * 2 + 1) % 12]) + text.encode("utf-8"))
    for name, page in HTML.items():
        write("html-cleaner", name, page if isinstance(page, bytes) else page.encode("utf-8"))


if __name__ == "__main__":
    main()
