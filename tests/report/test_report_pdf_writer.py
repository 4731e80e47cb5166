"""Where the PDF is written: by a forked process where that is safe (Linux, a single thread), so
that `tabletop report` writes the HTML and draws the log meanwhile; in the caller's process
elsewhere (a console's worker thread). Either way the same PDF, the same errors."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
import time

import pytest

pypdf = pytest.importorskip("pypdf")


def _text(path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


@pytest.fixture
def forking():
    from tabletop.report import pdf

    if not pdf._can_fork():
        pytest.skip("this process cannot fork safely (not Linux, or threads are running)")
    return pdf


def test_the_pdf_written_by_another_process_is_the_one_written_here(mini_db, tmp_path, forking, monkeypatch):
    from tabletop.report import write_report

    (forked,) = write_report(mini_db, tmp_path / "forked", ["pdf"])
    monkeypatch.setattr(forking, "FORK", False)
    (here,) = write_report(mini_db, tmp_path / "here", ["pdf"])
    assert _text(forked) == _text(here)
    assert len(pypdf.PdfReader(forked).attachments) == len(pypdf.PdfReader(here).attachments) == 1
    assert not multiprocessing.active_children()  # the writer has ended


def test_both_files_are_written_and_announced_html_first(mini_db, tmp_path, forking):
    from tabletop.report import write_report

    announced = []
    paths = write_report(mini_db, tmp_path, ["html", "pdf"], written=announced.append)
    assert [p.suffix for p in announced] == [".html", ".pdf"] and announced == paths
    assert all(p.stat().st_size > 0 for p in paths)


def test_a_writer_that_dies_is_reported_and_nothing_waits_for_it(mini_db, tmp_path, forking, monkeypatch):
    from tabletop.report import write_report

    monkeypatch.setattr(forking, "write_pdf", lambda *args, **kwargs: os._exit(3))
    with pytest.raises(RuntimeError, match="stopped without a word"):
        write_report(mini_db, tmp_path, ["pdf"])
    assert not multiprocessing.active_children()


def test_an_error_in_the_writer_is_raised_with_its_type_and_where_it_happened(mini_db, tmp_path, forking,
                                                                               monkeypatch):
    from tabletop.report import write_report

    def broken(*args, **kwargs):
        raise ValueError("no room on the page")

    monkeypatch.setattr(forking, "write_pdf", broken)
    with pytest.raises(ValueError, match="no room on the page") as caught:
        write_report(mini_db, tmp_path, ["pdf"])
    assert any("in the PDF writer" in note and "broken" in note for note in caught.value.__notes__)


def test_a_failure_while_the_writer_works_stops_it(mini_db, tmp_path, forking):
    from tabletop.report import write_report

    def refuse(path):
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_report(mini_db, tmp_path, ["html", "pdf"], written=refuse)
    assert not multiprocessing.active_children()
    assert not list(tmp_path.glob("*.pdf"))


def test_with_threads_running_the_pdf_is_written_in_this_process(mini_db, tmp_path):
    from tabletop.report import pdf, write_report

    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert not pdf._can_fork()  # as in a console, whose worker thread writes the report
        (path,) = write_report(mini_db, tmp_path, ["pdf"])
    finally:
        stop.set()
        worker.join()
    assert any("Event log" in text for text in _text(path))


class _TwoPartError(Exception):
    def __init__(self, path, why):
        super().__init__(f"{path}: {why}")


def test_an_error_that_cannot_cross_back_as_it_is_still_says_what_happened(mini_db, tmp_path, forking,
                                                                           monkeypatch):
    from tabletop.report import write_report

    def broken(*args, **kwargs):
        raise _TwoPartError("x.pdf", "no room on the page")

    monkeypatch.setattr(forking, "write_pdf", broken)
    with pytest.raises(RuntimeError, match="_TwoPartError: x.pdf: no room on the page"):
        write_report(mini_db, tmp_path, ["pdf"])


def _run(script: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
    """A Python script in a process of its own (one that may hang must not hang the tests)."""
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=120,
                          **kwargs)


def test_a_writer_failing_while_a_long_log_is_sent_to_it_does_not_hang(mini_db, tmp_path, forking):
    result = _run(
        "import sys\n"
        "import tabletop.report as report\n"
        "from tabletop.report import pdf\n"
        "report._log_jsonl = lambda store, ctx: 'x' * 5_000_000  # more than a pipe holds\n"
        "def broken(*args, **kwargs):\n"
        "    raise ValueError('layout failed: ' + 'y' * 200_000)  # an answer longer than a pipe holds\n"
        "pdf.write_pdf = broken\n"
        "try:\n"
        "    report.write_report(sys.argv[1], sys.argv[2], ['pdf'])\n"
        "except ValueError as exc:\n"
        "    print('raised', str(exc)[:20])\n", str(mini_db), str(tmp_path))
    assert "raised layout failed: yy" in result.stdout, result.stderr


def test_a_closed_standard_output_does_not_stop_the_report(mini_db, tmp_path):
    result = subprocess.run([sys.executable, "-m", "tabletop", "report", str(mini_db), "-o", str(tmp_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=120,
                            preexec_fn=lambda: os.close(1))
    assert result.returncode == 0, result.stderr
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".html", ".pdf"]


def test_the_writer_ends_when_tabletop_report_is_killed(mini_db, tmp_path, forking):
    process = subprocess.Popen(
        [sys.executable, "-c",
         "import os, signal, sys\n"
         "from tabletop.report import pdf, write_report\n"
         "def stuck(*args, **kwargs):\n"
         "    print(os.getpid(), flush=True)  # the writer's process\n"
         "    signal.pause()\n"
         "pdf.write_pdf = stuck\n"
         "write_report(sys.argv[1], sys.argv[2], ['pdf'])\n", str(mini_db), str(tmp_path)],
        stdout=subprocess.PIPE, text=True)
    writer = int(process.stdout.readline())
    process.kill()
    process.wait(timeout=60)
    deadline = time.monotonic() + 60
    while _running(writer) and time.monotonic() < deadline:
        time.sleep(0.05)  # waiting for the kernel to end it: a condition, polled
    assert not _running(writer)
    assert not list(tmp_path.glob("*.pdf"))


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[-1][0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False
