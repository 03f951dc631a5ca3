"""Ingest throughput per format, with peak memory, against pdfplumber and a bare file read.

Generates into a temporary directory, from the bundled corpus's paragraphs: a 200-page PDF
(system CJK font, a ruled table on every tenth page), a 20 MB text corpus, a government web page
and a DOCX. Each measurement runs in its own subprocess so that its peak memory (growth of the
peak RSS over the process after imports and the once-per-process domain tables) is its own.
Full ``policyintel.ingest.read`` is timed: loading, cleaning and structuring. Baselines measured in the same run: pdfplumber's bare
``extract_text`` over every page of the same PDF, and a bare read of each file.

Targets: PDF ingest ≥ 3× pdfplumber; text ingest ≥ 5 MB/s; peak memory < 10× the input size
(the file's own size, no floor). The parsers the loaders import on first use (lxml, selectolax)
are imported before the baseline, like pdfplumber and PDFium: an import is not the work's peak.

Figures (2 shared cores; full ingest, peak = growth of the peak RSS), before this round (this script
run on an export of 22725f4) and after it, each run with its own baselines:

    PDF 0.84 MB, 200 pages  before  1.42 s, 7.1× plumber, +15.0 MB (17.8×); loader +9.4 MB (11.1×)
                            after   1.32 s, 7.6× plumber, +10.2 MB (12.1×); loader +9.4 MB (11.2×)
                            then    1.37 s, 6.6× plumber,  +7.5 MB  (8.9×); loader +6.5 MB  (7.7×)
    TXT 20 MB               before  2.17 s,  9.2 MB/s, +156.6 MB (7.8×)
                            after   1.56 s, 12.9 MB/s,  +53.4 MB (2.7×)
    HTML 2.5 MB             before  0.46 s, +31.1 MB (12.5×)
                            after   0.33 s, +16.8 MB (6.7×)
    DOCX 0.63 MB            before  0.30 s, +22.3 MB (35.5×)
                            after   0.23 s,  +5.1 MB (8.2×)

"then" is the PDF loader's own round (a6c2e09, 04100c5): a page's lines held as one string and
three arrays, and PDFium and pdfplumber run one after the other, pdfplumber opened on the 20
ruled pages only (it built page objects for all 200). The PDF now meets the target, with a
margin of some 10% only (full ingest 7.4 to 7.7 MB over runs, 8.8 to 9.1×; 14.0 MB, 7.7×, on the
1.8 MB 500-page file, 20.6 MB before). Its loader peak is now PDFium (~3.4 MB, which closing
the document does not give back; malloc_trim does not either), the lines (~0.5 MB), and
pdfminer laying out the first table page (~2 MB: a dict per character); cleaning and
structuring add 1 to 1.5 MB. PDF timings vary by ±0.1 s between runs; the round did not change
them (1.26 s before and after, measured in one run).

    python bench/bench_ingest.py            # the figures
    python bench/bench_ingest.py --large    # also a 50 MB text and a 500-page PDF (memory)
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_PDF_RATIO, TARGET_TEXT_MBS, TARGET_MEMORY = 3.0, 5.0, 10.0


def _builders():
    spec = importlib.util.spec_from_file_location("ingest_builders",
                                                  ROOT / "tests" / "ingest" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def corpus_paragraphs() -> list[str]:
    out = []
    for path in sorted((ROOT / "corpus").glob("*/*.txt")):
        out.extend(line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                   if len(line.strip()) >= 8)
    return out


def make_pdf(path: Path, pages: int, paragraphs: list[str], make, font: str) -> None:
    rng = random.Random(1)
    writer = make.PdfWriter(path, font, header="某某市人民政府办公室文件")
    tabled = set()
    while writer.page < pages or writer.y < writer.height - 100:
        if writer.page % 10 == 0 and writer.page not in tabled and writer.page < pages:
            tabled.add(writer.page)
            writer.table([["序号", "重点任务", "责任单位", "完成时限"]] +
                         [[str(i), rng.choice(paragraphs)[:20], "市发展改革委", "2025年底"]
                          for i in range(1, 7)])
        writer.paragraph(rng.choice(paragraphs))
        if writer.page >= pages and writer.y < writer.bottom + 40:
            break
    writer.save()


def make_text(path: Path, megabytes: float, paragraphs: list[str]) -> None:
    rng = random.Random(2)
    target = int(megabytes * 1_000_000)
    with path.open("w", encoding="utf-8") as out:
        size = 0
        while size < target:
            line = rng.choice(paragraphs) + "\n"
            out.write(line)
            size += len(line.encode("utf-8"))


# -- one measurement, in a child process ----------------------------------------------------
def measure(kind: str, path: str) -> dict:
    # Everything imported before the baseline, so the peak is the work's, not an import's: the
    # loaders import their parsers on first use (lxml alone is some 4 MB of RSS).
    import lxml.etree  # noqa: F401
    import pdfplumber
    import pypdfium2  # noqa: F401
    import selectolax.lexbor  # noqa: F401
    from policyintel.ingest import load, read
    from policyintel.ingest.loaders import registry

    registry._import_builtin_loaders()
    # The domain tables (gazetteer, junk patterns, vocabularies) load once per process on first
    # use, like the imports: load them on a two-line document so the peak scales with the input.
    from policyintel.ingest import from_text

    from_text("一、总体目标\n到2025年，全市培训技能人才1000人次以上。")

    before = _reset_peak()
    start = time.perf_counter()
    pages = None
    if kind == "read":
        doc = read(path, max_bytes=1 << 34)
        pages = len(doc.raw.pages) or None
        chars = len(doc.text)
    elif kind == "load":
        raw = load(path, max_bytes=1 << 34)
        pages = len(raw.pages) or None
        chars = len(raw.text)
    elif kind == "plumber":
        with pdfplumber.open(path) as pdf:
            chars = 0
            for page in pdf.pages:
                chars += len(page.extract_text() or "")
                page.close()
            pages = len(pdf.pages)
    else:  # bare read
        chars = len(Path(path).read_bytes())
    seconds = time.perf_counter() - start
    peak = _peak_kb()
    return {"seconds": seconds, "pages": pages, "chars": chars,
            "peak_mb": max(peak - before, 0) / 1024}


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def _reset_peak() -> int:
    """Reset the peak RSS to the current RSS (Linux clear_refs), so the measured peak is the
    work's own and not an import's; returns the RSS it starts from, in kB."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return _status_kb("VmRSS")
    except OSError:  # not Linux, or not allowed: fall back to the peak so far
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _peak_kb() -> int:
    try:
        return _status_kb("VmHWM")
    except (OSError, KeyError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run(kind: str, path: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--measure", kind, str(path)],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["mb"] = path.stat().st_size / 1e6
    return result


def row(name: str, r: dict) -> str:
    rate = f"{r['mb'] / r['seconds']:8.1f} MB/s"
    pages = f"{r['pages'] / r['seconds']:8.1f} pages/s" if r.get("pages") else " " * 15
    memory = f"peak +{r['peak_mb']:7.1f} MB ({r['peak_mb'] / r['mb']:4.1f}× input)"
    return f"  {name:<34} {r['seconds']:7.2f} s {rate} {pages}  {memory}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", action="store_true", help="also a 50 MB text, a 500-page PDF")
    parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return 0

    make = _builders()
    font = make.cjk_font()
    if font is None:
        print("no CJK font installed (make system-packages); cannot generate the PDF")
        return 1
    paragraphs = corpus_paragraphs()
    ok = True
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        d = Path(tmp)
        pdf, text = d / "policy-200p.pdf", d / "corpus-20mb.txt"
        html, docx = d / "page.html", d / "attachment.docx"
        started = time.perf_counter()
        make_pdf(pdf, 200, paragraphs, make, font)
        make_text(text, 20, paragraphs)
        rng = random.Random(3)
        blocks = [rng.choice(paragraphs) for _ in range(8000)]
        make.write_html(html, blocks, title="关于印发实施方案的通知")
        make.write_docx(docx, blocks, title="实施方案")
        print(f"generated inputs in {time.perf_counter() - started:.1f} s")

        print(f"\nPDF ({pdf.stat().st_size / 1e6:.1f} MB, 200 pages, a table every tenth page)")
        r_pdf, r_plumber, r_raw = run("read", pdf), run("plumber", pdf), run("bare", pdf)
        print(row("policyintel read (full ingest)", r_pdf))
        print(row("  of which the loader alone", run("load", pdf)))
        print(row("pdfplumber extract_text (bare)", r_plumber))
        print(row("bare file read", r_raw))
        pdf_ratio = r_plumber["seconds"] / r_pdf["seconds"]
        print(f"  ratio: ingest is {pdf_ratio:.1f}× faster than pdfplumber "
              f"(target ≥ {TARGET_PDF_RATIO:.0f}×)")
        ok &= pdf_ratio >= TARGET_PDF_RATIO

        for label, path in (("TXT 20 MB", text), ("HTML", html), ("DOCX", docx)):
            print(f"\n{label} ({path.stat().st_size / 1e6:.1f} MB)")
            r_read, r_raw = run("read", path), run("bare", path)
            print(row("policyintel read (full ingest)", r_read))
            print(row("  of which the loader alone", run("load", path)))
            print(row("bare file read", r_raw))
            print(f"  ratio: ingest takes {r_read['seconds'] / r_raw['seconds']:.0f}× "
                  f"a bare read")
            if path is text:
                mbs = r_read["mb"] / r_read["seconds"]
                print(f"  text ingest {mbs:.1f} MB/s (target ≥ {TARGET_TEXT_MBS:.0f} MB/s)")
                ok &= mbs >= TARGET_TEXT_MBS
            ok &= _memory_ok(r_read)
        ok &= _memory_ok(r_pdf)

        if args.large:
            big_pdf, big_text = d / "policy-500p.pdf", d / "corpus-50mb.txt"
            make_pdf(big_pdf, 500, paragraphs, make, font)
            make_text(big_text, 50, paragraphs)
            print("\nLarge inputs (memory target)")
            for name, path in (("500-page PDF", big_pdf), ("50 MB text", big_text)):
                r = run("read", path)
                print(row(f"{name} ({r['mb']:.1f} MB)", r))
                print(row("  of which the loader alone", run("load", path)))
                ok &= _memory_ok(r)
    print("\nall targets met" if ok else "\nSOME TARGETS MISSED")
    return 0 if ok else 1


def _memory_ok(r: dict) -> bool:
    # Against the file's own size: no floor, the sub-megabyte PDF and DOCX are judged as they are.
    return r["peak_mb"] < TARGET_MEMORY * r["mb"]


if __name__ == "__main__":
    sys.exit(main())
