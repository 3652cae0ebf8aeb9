#!/usr/bin/env python3
"""Hostile bytes and URLs in every kind of input file.

Text files (site.yaml, catalog.yaml, region.yaml, index.md, guidance pages of
the site and of a region, a layout, strings.yaml) holding a NUL byte or bytes
that are not UTF-8 must be refused with one exact diagnostic,
`path:line:column: error: ...` (column in characters, so a multi-byte
character before the bad byte counts once), exit status 1 from both `build`
and `check`, and no output written.

Assets are copied as bytes: a CSS file with a NUL or an invalid byte, and a
binary image, build with exit 0 and arrive byte for byte.

URL, e-mail and phone fields holding javascript:, data:, vbscript: or
attribute breakers must be refused with the validator's message.

Usage: python3 tests/test_hostile_input.py /path/to/routekaart
"""
import os
import shutil
import tempfile

from testlib import SOURCE, binary as binary_path, check, finish, run_binary

NUL = "NUL byte in text file"


def bad_utf8(byte):
    return f"invalid UTF-8 (byte 0x{byte:02X}); save the file as UTF-8"


# A small valid site. Every line a case below changes is named by its number.
BASE = {
    "content/site.yaml": (
        "title: Bytes en tekens\n"
        "questions:\n"
        "  zwangerschap:\n"
        "    - Weten ouders de weg naar de coördinator?\n"),
    "content/catalog.yaml": (
        "providers:\n"
        "  - id: cat-aanbieder\n"
        "    name: Catalogus-aanbieder\n"
        "    url: https://example.nl/catalogus\n"
        "provisions:\n"
        "  - id: cat\n"
        "    title: Catalogusvoorziening\n"
        "    lane: basiszorg\n"
        "    from: zwangerschap\n"
        "    provider: cat-aanbieder\n"),
    "content/regions/noord/region.yaml": (
        "name: Noord\n"
        "contact: {name: Coördinator, email: ks@example.nl, phone: \"0348 000 000\"}\n"
        "providers:\n"
        "  - id: jgz\n"
        "    name: Jeugdgezondheidszorg Noord\n"
        "    url: https://example.nl/jgz\n"
        "    email: jgz@example.nl\n"
        "    phone: \"030 000 0000\"\n"
        "provisions:\n"
        "  - id: huisbezoek\n"
        "    title: Huisbezoek\n"
        "    lane: steuntje\n"
        "    from: zwangerschap\n"
        "    provider: jgz\n"
        "    more: https://example.nl/meer\n"
        "  - use: cat\n"),
    "content/regions/noord/index.md": "# Welkom\n\nDe coördinatie ligt bij de gemeente.\n",
    "content/guidance/werkwijze.md": "---\ntitle: Werkwijze\nweight: 1\n---\nZo werken we: één loket.\n",
    "content/regions/noord/guidance/lokaal.md": "---\ntitle: Lokaal\n---\nAfspraken in Noord: één loket.\n",
}
for name in ("layouts/guidance.html", "layouts/strings.yaml", "assets/routekaart.css"):
    with open(os.path.join(SOURCE, name), encoding="utf-8") as f:
        BASE[name] = f.read()
BASE["assets/extra.css"] = ".extra { color: #123; }\n/* opmerking */\n"

# (file, line, text after which the bad bytes go): the text is the start of a
# phrase on that line, so the column is where it ends, counted in characters.
TEXT_FILES = [
    ("content/site.yaml", 4, "    - Weten ouders de weg naar de coö"),
    ("content/catalog.yaml", 7, "    title: Catalogus"),
    ("content/regions/noord/region.yaml", 2, "contact: {name: Coördinator"),
    ("content/regions/noord/index.md", 3, "De coördinatie"),
    ("content/guidance/werkwijze.md", 5, "Zo werken we: één"),
    ("content/guidance/werkwijze.md", 2, "title: Werk"),              # in the front matter
    ("content/regions/noord/guidance/lokaal.md", 4, "Afspraken in Noord: één"),
    ("layouts/guidance.html", 1, ""),
    ("layouts/strings.yaml", None, None),                          # a label line, found below
]



def strings_position(text):
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip().startswith("zwangerschap:"):
            return number, line.rstrip()
    raise SystemExit("layouts/strings.yaml has no 'zwangerschap:' label line")


def write_site(root, changes=None):
    files = dict(BASE)
    files.update(changes or {})
    for rel, body in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(body if isinstance(body, bytes) else body.encode("utf-8"))


def insert(text, line, after, bad):
    """text with `bad` (bytes) inserted on `line` (1-based) right after the
    first occurrence of `after` there; returns (bytes, column of the bad byte)."""
    lines = text.split("\n")
    row = lines[line - 1]
    at = row.index(after) + len(after)
    out = "\n".join(lines[: line - 1]).encode("utf-8") + (b"\n" if line > 1 else b"")
    out += row[:at].encode("utf-8") + bad + row[at:].encode("utf-8")
    rest = "\n".join(lines[line:])
    out += (b"\n" + rest.encode("utf-8")) if line < len(lines) else b""
    return out, at + 1


def refused(binary, tmp, name, changes, expected):
    """Builds and checks a site with `changes`: both must exit 1 and print
    exactly the `expected` error line (no follow-on errors: a file that cannot
    be read is not then reported as missing labels or ids), and
    the build must write nothing."""
    root = os.path.join(tmp, name.replace("/", "_").replace(" ", "_"))
    write_site(root, changes)
    out = os.path.join(root, "public")
    commands = [["build", root, "-o", out], ["check", root]]
    for command in commands:
        code, stdout, stderr = run_binary(binary, command)
        errors = [line for line in stderr.splitlines() if ": error: " in line]
        allowed = {expected}
        check(f"{command[0]} {name}: exit 1", code == 1, f"exit {code}; {stderr.strip()[-300:]}")
        check(f"{command[0]} {name}: prints {expected}", expected in errors, " | ".join(errors) or stderr.strip()[-300:])
        check(f"{command[0]} {name}: no other error line", set(errors) <= allowed, " | ".join(errors))
    check(f"{name}: nothing written", not os.path.exists(out), str(os.listdir(root)))


def main():
    binary = str(binary_path())
    with tempfile.TemporaryDirectory(prefix="rk-hostile-input-") as tmp:
        # The base site itself builds, so each failure below is the bad bytes.
        root = os.path.join(tmp, "base")
        write_site(root)
        code, _, stderr = run_binary(binary, ["build", root, "-o", os.path.join(root, "public")])
        if not check("the base site builds", code == 0, stderr.strip()[-500:]):
            finish()

        for rel, line, after in TEXT_FILES:
            text = BASE[rel]
            if line is None:
                line, row = strings_position(text)
                after = row.split(":")[0] + ": "
            for bad, label, message in ((b"\x00", "NUL", NUL), (b"\xff", "0xFF", bad_utf8(0xFF))):
                body, column = insert(text, line, after, bad)
                refused(binary, tmp, f"{rel} with {label}", {rel: body}, f"{rel}:{line}:{column}: error: {message}")

        # Other ways of not being UTF-8, each reported at its first byte.
        title = "title: \"é€😀"   # 8 + 3 characters: the bad bytes are at column 12
        for bad, first, label in ((b"\xc0\xaf", 0xC0, "an overlong '/'"), (b"\xed\xa0\x80", 0xED, "a UTF-16 surrogate"),
                                  (b"\xf4\x90\x80\x80", 0xF4, "a code point above U+10FFFF"),
                                  (b"\xe2\x82", 0xE2, "a sequence cut off at the end of the file")):
            tail = b"" if label.endswith("file") else b"\"\n"
            refused(binary, tmp, f"content/site.yaml with {label}", {"content/site.yaml": title.encode() + bad + tail},
                    f"content/site.yaml:1:12: error: {bad_utf8(first)}")

        # Assets are bytes: a NUL, an invalid byte, a binary image all arrive unchanged.
        png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\xff\xfe"
        assets = {
            "assets/extra.css": b".extra { content: \"\x00\"; }\n/* \xff\xfe */\n",
            "assets/routekaart.css": BASE["assets/routekaart.css"].encode() + b"\n/* \xc0\xaf \x00 */\n",
            "assets/beeld/logo.png": png,
        }
        root = os.path.join(tmp, "assets")
        write_site(root, assets)
        out = os.path.join(root, "public")
        code, _, stderr = run_binary(binary, ["build", root, "-o", out])
        if check("assets with NUL and invalid UTF-8 build with exit 0", code == 0, stderr.strip()[-500:]):
            check("assets: no diagnostic about them", "assets/" not in stderr, stderr)
            for rel, body in assets.items():
                path = os.path.join(out, rel)
                got = open(path, "rb").read() if os.path.exists(path) else None
                check(f"{rel} copied byte for byte", got == body, "missing" if got is None else f"{len(got)} bytes")

        # Script URLs and attribute breakers in link fields are refused.
        region = "content/regions/noord/region.yaml"
        catalog = "content/catalog.yaml"
        not_url = "'url' is not a valid URL: write it in full, like https://example.nl/page"
        cases = [
            (region, 6, "    url: https://example.nl/jgz", "    url: \"javascript:alert(1)\"", 10,
             "URL scheme 'javascript:' is not allowed in 'url'; use https://, http://, mailto: or tel:"),
            (region, 6, "    url: https://example.nl/jgz", "    url: \"data:text/html,<script>alert(1)</script>\"", 10,
             "URL scheme 'data:' is not allowed in 'url'; use https://, http://, mailto: or tel:"),
            (region, 6, "    url: https://example.nl/jgz", "    url: \"data:image/svg+xml,<svg onload=alert(1)>\"", 10,
             "URL scheme 'data:' is not allowed in 'url'; use https://, http://, mailto: or tel:"),
            (region, 6, "    url: https://example.nl/jgz", "    url: \" javascript:alert(1)\"", 10, not_url),
            (region, 6, "    url: https://example.nl/jgz", "    url: \"java\\tscript:alert(1)\"", 10, not_url),
            (region, 6, "    url: https://example.nl/jgz", "    url: 'https://example.nl/\"><script>alert(1)</script>'", 10, not_url),
            (region, 15, "    more: https://example.nl/meer", "    more: \"DATA:text/html;base64,PHNjcmlwdD4=\"", 11,
             "URL scheme 'DATA:' is not allowed in 'more'; use https://, http://, mailto: or tel:"),
            (region, 15, "    more: https://example.nl/meer", "    more: \"vbscript:msgbox(1)\"", 11,
             "URL scheme 'vbscript:' is not allowed in 'more'; use https://, http://, mailto: or tel:"),
            (region, 7, "    email: jgz@example.nl", "    email: \"javascript:alert(1)\"", 12,
             "'javascript:alert(1)' is not an e-mail address like naam@example.nl"),
            (region, 8, "    phone: \"030 000 0000\"", "    phone: \"javascript:alert(1)\"", 12,
             "'javascript:alert(1)' is not a phone number (digits, spaces, '+', '-')"),
            (catalog, 4, "    url: https://example.nl/catalogus", "    url: \"JavaScript:alert(1)\"", 10,
             "URL scheme 'JavaScript:' is not allowed in 'url'; use https://, http://, mailto: or tel:"),
        ]
        for rel, line, old, new, column, message in cases:
            lines = BASE[rel].split("\n")
            if not check(f"{rel}:{line} is the line the case replaces", lines[line - 1] == old, lines[line - 1]):
                continue
            lines[line - 1] = new
            refused(binary, tmp, f"{rel} with {new.strip()}", {rel: "\n".join(lines)},
                    f"{rel}:{line}:{column}: error: {message}")
    finish()


if __name__ == "__main__":
    main()
