"""Read a .docx's parts as XML for layout assertions."""

import io
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def parts(data: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: etree.fromstring(z.read(n)) for n in z.namelist() if n.endswith((".xml", ".rels"))}


def runs_with_text(root, text: str) -> list:
    return [r for r in root.iter(w("r")) if text in "".join(t.text or "" for t in r.iter(w("t")))]


def font_of(run) -> dict:
    rpr = run.find(w("rPr"))
    fonts = rpr.find(w("rFonts"))
    size = rpr.find(w("sz"))
    return {
        "eastAsia": fonts.get(w("eastAsia")),
        "ascii": fonts.get(w("ascii")),
        "size": int(size.get(w("val"))) / 2 if size is not None else None,
        "bold": rpr.find(w("b")) is not None and rpr.find(w("b")).get(w("val")) in (None, "1", "true"),
    }
