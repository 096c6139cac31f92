"""corpus.fetch against a real HTTP server on 127.0.0.1 serving the shared MIA sample pages.

The server (http.server in a thread, port 0) serves ../shared/mia byte-exact at each file's URL
path, with ETag/Last-Modified and 304s, and lets a test inject behaviour per path: errors, slow
answers, redirects, robots.txt, changed bytes. Nothing here talks to any other host.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
import time
from collections import Counter
from collections.abc import Callable
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from corpus import __version__
from corpus.build import build, discover
from corpus.cli import main
from corpus.fetch import (
    FETCH_DIR,
    USER_AGENT,
    BadTarget,
    Scope,
    Store,
    UnsafePath,
    extract_links,
    fetch,
    normalise,
    resolve_target,
)

REPO = Path(__file__).resolve().parents[1]
AUTHOR = "markievicz"  # index + 11 linked pages in the sample; 2 linked pages absent (404)
PREFIX = f"/archive/{AUTHOR}/"
ABSENT = [f"{PREFIX}1923/07/kingsvisit.html", f"{PREFIX}1927/08/citizen.html"]
FLAKY = f"{PREFIX}1924/08/murder.html"  # 500 twice, then served
SLOW = f"{PREFIX}1925/06/wolfetone.html"  # first answer too slow for the client, then served
DISALLOWED = f"{PREFIX}1926/05/mellows.html"  # robots.txt says no
CHANGING = f"{PREFIX}1923/06/larkin.html"

# A generous timeout: a busy test machine must not turn a normal page into a retry. The slow-page
# test lowers it, and its server sleeps far longer than that.
FAST = {"delay": 0.001, "timeout": 5.0, "backoff": 0.01, "progress": False}

Rule = Callable[[BaseHTTPRequestHandler, int], bool]  # (handler, nth request of the path) → handled?


# ---------------------------------------------------------------------------------------------
# The server


class MiaServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root = root
        self.rules: dict[str, Rule] = {}
        self.replaced: dict[str, tuple[bytes, float]] = {}  # path → (bytes, mtime): a changed page
        self.log: list[tuple[str, dict[str, str]]] = []  # (path, request headers), in order
        self._lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def requests_for(self, path: str) -> int:
        return sum(1 for p, _ in self.log if p == path)

    def page_requests(self) -> Counter:
        return Counter(p for p, _ in self.log if p != "/robots.txt")

    def count(self, path: str, headers: dict[str, str]) -> int:
        with self._lock:
            self.log.append((path, headers))
            return self.requests_for(path)

    def handle_error(self, request, client_address) -> None:
        pass  # a client that gave up on a slow answer breaks the pipe: expected here


class _Handler(BaseHTTPRequestHandler):
    server: MiaServer

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        nth = self.server.count(path, dict(self.headers))
        rule = self.server.rules.get(path)
        if rule and rule(self, nth):
            return
        body, mtime = self._content(path)
        if body is None:
            self.send_error(404)
            return
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self._not_modified(etag, mtime):
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", formatdate(mtime, usegmt=True))
        self.end_headers()
        self.wfile.write(body)

    def _content(self, path: str) -> tuple[bytes | None, float]:
        if path in self.server.replaced:
            return self.server.replaced[path]
        file = self.server.root / path.lstrip("/")
        if ".." in path.split("/") or not file.is_file():
            return None, 0.0
        return file.read_bytes(), file.stat().st_mtime

    def _not_modified(self, etag: str, mtime: float) -> bool:
        if "If-None-Match" in self.headers:  # it takes precedence over If-Modified-Since
            return self.headers["If-None-Match"] == etag
        since = self.headers.get("If-Modified-Since")
        return bool(since) and int(mtime) <= parsedate_to_datetime(since).timestamp()


def fails(times: int, status: int = 500) -> Rule:
    def rule(handler, nth):
        if nth <= times:
            handler.send_error(status)
            return True
        return False
    return rule


def slow_first(seconds: float) -> Rule:
    def rule(handler, nth):
        if nth == 1:
            time.sleep(seconds)  # then answer normally: the client has given up by then
        return False
    return rule


def redirect(location: str, status: int = 302) -> Rule:
    def rule(handler, nth):
        handler.send_response(status)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
        return True
    return rule


def robots(text: str) -> Rule:
    def rule(handler, nth):
        body = text.encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
        return True
    return rule


@pytest.fixture
def server(mia_dir, monkeypatch):
    # A proxy from the environment must not see (or swallow) our requests to 127.0.0.1.
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    srv = MiaServer(mia_dir)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def sample_pages(mia_dir: Path) -> set[str]:
    """The author's pages in the sample, as paths relative to raw/ (and to mia/)."""
    return {p.relative_to(mia_dir).as_posix() for p in (mia_dir / PREFIX.strip("/")).rglob("*")
            if p.is_file()}


def raw_pages(raw: Path) -> set[str]:
    """Every file under raw/ the build would read."""
    return {f.rel for f in discover(raw)}


def crawl(server: MiaServer, raw: Path, **options):
    return fetch(raw, AUTHOR, base_url=server.base, **{**FAST, **options})


# ---------------------------------------------------------------------------------------------
# Pure functions


def test_resolve_target_author_path_and_url():
    scope, start = resolve_target("trotsky", "https://www.marxists.org")
    assert scope == Scope("https://www.marxists.org", "/archive/trotsky/")
    assert start == "https://www.marxists.org/archive/trotsky/index.htm"
    scope, start = resolve_target("/archive/trotsky/1940/", "http://127.0.0.1:8")
    assert (scope.prefix, start) == ("/archive/trotsky/1940/", "http://127.0.0.1:8/archive/trotsky/1940/index.htm")
    scope, start = resolve_target("HTTP://Example.ORG:80/archive/lenin/works/index.htm")
    assert scope == Scope("http://example.org", "/archive/lenin/works/")
    assert start == "http://example.org/archive/lenin/works/index.htm"
    for bad in ("", "archive/trotsky", "ftp://host/x/", "..", "http:///nohost/"):
        with pytest.raises(BadTarget):
            resolve_target(bad)


def test_links_are_absolute_normalised_and_scoped():
    page = "http://h/archive/a/1940/01/p.htm"
    html = b"""<html><body>
      <a href="q.htm#s2">same folder, fragment</a> <a href="../../index.htm">up</a>
      <a href="/archive/a/./x/../y.html">dots</a> <a href="../../../b/index.htm">other author</a>
      <a href="http://other.host/archive/a/z.htm">other host</a> <a href="mailto:x@y">mail</a>
      <a href="notes.pdf">pdf</a> <a href="r.htm?print=1">query</a> <a href="q.htm">again</a>
      <a name="anchor-only">no href</a> <a href="#top">top</a></body></html>"""
    links = extract_links(html, page)
    assert links[:2] == ["http://h/archive/a/1940/01/q.htm", "http://h/archive/a/index.htm"]
    assert "http://h/archive/a/y.html" in links and "mailto:x@y" not in links
    assert links.count("http://h/archive/a/1940/01/q.htm") == 1
    scope = Scope("http://h", "/archive/a/")
    assert [link for link in links if scope.wants(link)] == [
        "http://h/archive/a/1940/01/q.htm", "http://h/archive/a/index.htm", "http://h/archive/a/y.html",
        "http://h/archive/a/1940/01/p.htm",  # '#top' is the page itself
    ]
    assert normalise("HTTPS://H:443/a/b/../c/") == "https://h/a/c/"
    assert extract_links(b"", page) == [] and extract_links(b"\x00\x01 not html", page) == []


def test_store_maps_url_paths_inside_raw_only(tmp_path):
    store = Store(tmp_path)
    assert store.page_path("http://h/archive/a/b%20c.htm") == tmp_path / "archive/a/b c.htm"
    assert store.sidecar_path("http://h/archive/a/p.htm") == tmp_path / FETCH_DIR / "archive/a/p.htm.json"
    for bad in ("http://h/archive/%2e%2e/%2e%2e/etc.htm", "http://h/.fetch/state.htm", "http://h/a//b.htm"):
        with pytest.raises(UnsafePath):
            store.page_path(bad)


def test_user_agent_names_the_project():
    assert USER_AGENT.startswith(f"corpus/{__version__} (")
    assert "research corpus builder" in USER_AGENT


# ---------------------------------------------------------------------------------------------
# Crawling the local server


def test_crawl_saves_pages_byte_exact_politely_and_counts_failures(server, mia_dir, tmp_path):
    server.rules.update({
        "/robots.txt": robots(f"User-agent: *\nDisallow: {DISALLOWED.rsplit('/', 1)[0]}/\n"),
        FLAKY: fails(2),
        SLOW: slow_first(6.0),
    })
    raw = tmp_path / "raw"
    report = crawl(server, raw, timeout=2.0)

    expected = sample_pages(mia_dir) - {DISALLOWED.lstrip("/")}
    assert raw_pages(raw) == expected  # nothing else under raw/ that the build would read
    for rel in expected:
        assert (raw / rel).read_bytes() == (mia_dir / rel).read_bytes(), rel
    assert report.fetched == len(expected) == 11
    assert report.unchanged == 0 and report.disallowed == 1 and report.remaining == 0
    assert report.errors == Counter({"404": 2})
    assert sorted(url for url, _, _ in report.failures) == sorted(server.base + p for p in ABSENT)

    requests = server.page_requests()
    assert DISALLOWED not in requests  # robots.txt honoured: never even asked
    assert requests[FLAKY] == 3 and requests[SLOW] == 2  # retried until served
    assert all(n == 1 for path, n in requests.items() if path not in (FLAKY, SLOW))
    assert all(p.startswith(PREFIX) for p in requests)  # never left the prefix
    assert server.log[0][0] == "/robots.txt"
    assert {headers["User-Agent"] for _, headers in server.log} == {USER_AGENT}

    meta = json.loads((raw / FETCH_DIR / f"{FLAKY.lstrip('/')}.json").read_text())
    body = (mia_dir / FLAKY.lstrip("/")).read_bytes()
    assert meta["url"] == server.base + FLAKY and meta["status"] == 200
    assert meta["sha256"] == hashlib.sha256(body).hexdigest() and meta["bytes"] == len(body)
    assert meta["etag"].startswith('"') and meta["last_modified"].endswith("GMT")
    assert meta["fetched_at"].endswith("Z")
    summary = report.summary()
    assert "11 fetched, 0 unchanged, 2 errors, 1 disallowed" in summary and "errors: 404 2" in summary
    assert all(f"{server.base}{p}: HTTP 404" in summary for p in ABSENT)


def test_five_failures_give_up_after_bounded_retries(server, tmp_path):
    server.rules[FLAKY] = fails(99, 503)
    report = crawl(server, tmp_path / "raw", retries=3)
    assert server.requests_for(FLAKY) == 4  # one try and three retries, no more
    assert report.errors["503"] == 1


def test_redirects_stay_in_scope_and_loops_are_reported(server, mia_dir, tmp_path):
    loop_a, loop_b = ABSENT[0], f"{PREFIX}loop-b.html"
    moved, target = ABSENT[1], f"{PREFIX}1922/03/speech.html"
    off_prefix, off_host = f"{PREFIX}1926/03/fianna.html", f"{PREFIX}1924/06/fianna.html"
    server.rules.update({
        loop_a: redirect(loop_b), loop_b: redirect(loop_a),
        moved: redirect(target, 301),  # in scope: followed, saved at the page's real address
        off_prefix: redirect("/archive/lenin/index.htm"),
        off_host: redirect(f"http://localhost:{server.server_address[1]}{off_host}"),
    })
    raw = tmp_path / "raw"
    report = crawl(server, raw)

    assert report.errors == Counter({"redirect-loop": 1, "off-prefix-redirect": 2})
    loop = next(d for _, r, d in report.failures if r == "redirect-loop")
    assert loop_a in loop and loop_b in loop
    assert server.requests_for("/archive/lenin/index.htm") == 0  # not followed
    assert server.requests_for(off_host) == 1  # only our own request, not the redirected one
    assert (raw / target.lstrip("/")).read_bytes() == (mia_dir / target.lstrip("/")).read_bytes()
    assert not (raw / moved.lstrip("/")).exists()
    assert all(p.startswith(PREFIX) for p in server.page_requests())


def test_refetch_is_conditional_and_picks_up_changed_pages(server, mia_dir, tmp_path):
    raw = tmp_path / "raw"
    first = crawl(server, raw)
    assert first.fetched == 12 and first.errors == Counter({"404": 2})
    sidecar = raw / FETCH_DIR / f"{CHANGING.lstrip('/')}.json"
    old_meta = json.loads(sidecar.read_text())

    changed = (mia_dir / CHANGING.lstrip("/")).read_bytes() + b"\r\n<!-- corrected -->\r\n"
    server.replaced[CHANGING] = (changed, time.time())
    server.log.clear()
    second = crawl(server, raw, refresh=True)

    assert second.fetched == 1 and second.unchanged == 11 and second.errors == Counter({"404": 2})
    assert (raw / CHANGING.lstrip("/")).read_bytes() == changed
    meta = json.loads(sidecar.read_text())
    assert meta["sha256"] == hashlib.sha256(changed).hexdigest() != old_meta["sha256"]
    assert meta["etag"] != old_meta["etag"] and meta["status"] == 200
    conditional = [h for p, h in server.log if p != "/robots.txt" and "If-None-Match" in h]
    assert len(conditional) == 12  # every page we hold was asked for conditionally
    index = json.loads((raw / FETCH_DIR / PREFIX.lstrip("/") / "index.htm.json").read_text())
    assert index["status"] == 304 and index["etag"]
    for rel in sample_pages(mia_dir) - {CHANGING.lstrip("/")}:
        assert (raw / rel).read_bytes() == (mia_dir / rel).read_bytes()


def test_a_locally_edited_page_is_fetched_again_in_full(server, mia_dir, tmp_path):
    raw = tmp_path / "raw"
    crawl(server, raw)
    (raw / CHANGING.lstrip("/")).write_bytes(b"edited by hand")
    server.log.clear()
    report = crawl(server, raw, refresh=True)
    assert report.fetched == 1 and report.unchanged == 11
    assert (raw / CHANGING.lstrip("/")).read_bytes() == (mia_dir / CHANGING.lstrip("/")).read_bytes()
    assert not any("If-None-Match" in h for p, h in server.log if p == CHANGING)


def test_resumes_where_it_stopped_without_refetching(server, mia_dir, tmp_path):
    raw = tmp_path / "raw"
    partial = crawl(server, raw, max_pages=4)
    assert partial.fetched == 4 and partial.remaining > 0
    state = json.loads((raw / FETCH_DIR / "state.json").read_text())
    entry = state["crawls"][server.base + PREFIX]
    assert len(entry["queue"]) == partial.remaining and len(entry["seen"]) == 14

    rest = crawl(server, raw)
    assert rest.resumed and rest.fetched == 8 and rest.remaining == 0
    assert all(n == 1 for n in server.page_requests().values())  # no page asked for twice
    assert raw_pages(raw) == sample_pages(mia_dir)

    server.log.clear()
    done = crawl(server, raw)  # complete: asks the server nothing, not even robots.txt
    assert (done.fetched, done.unchanged, done.requests, server.log) == (0, 0, 0, [])


def test_resumes_after_an_interruption_mid_crawl(server, mia_dir, tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    saved = []
    original = Store.save

    def save_then_interrupt(self, url, response):
        if len(saved) == 3:
            raise KeyboardInterrupt  # Ctrl-C while the fourth page is being handled
        original(self, url, response)
        saved.append(url)

    monkeypatch.setattr(Store, "save", save_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        crawl(server, raw)
    monkeypatch.setattr(Store, "save", original)
    interrupted = urlsplit(server.log[-1][0]).path
    assert not (raw / interrupted.lstrip("/")).exists()

    report = crawl(server, raw)
    assert report.resumed and report.fetched == 9  # 12 pages, 3 saved before the interruption
    assert raw_pages(raw) == sample_pages(mia_dir)
    assert server.requests_for(interrupted) == 2  # the interrupted page is done again ...
    assert all(n == 1 for p, n in server.page_requests().items() if p != interrupted)  # ... only it
    assert not list((raw / FETCH_DIR).glob(".tmp-*"))


def test_robots_txt_unreachable_means_no_crawl(server, tmp_path):
    server.rules["/robots.txt"] = fails(99, 503)
    report = crawl(server, tmp_path / "raw", retries=1)
    assert report.fetched == 0 and report.disallowed == 1
    assert server.page_requests() == Counter()


# ---------------------------------------------------------------------------------------------
# Done when: a fetched tree builds exactly as the same pages placed by hand


def _documents_digest(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((out / "data" / "documents").glob("*.parquet"))}


def test_fetched_tree_builds_byte_identical_to_the_same_pages(server, mia_dir, tmp_path):
    fetched_raw = tmp_path / "fetched"
    crawl(server, fetched_raw)
    pages = raw_pages(fetched_raw)
    assert pages == sample_pages(mia_dir)
    assert (fetched_raw / FETCH_DIR).is_dir()  # sidecars there, and the build ignores them

    copied_raw = tmp_path / "copied"
    for rel in pages:
        (copied_raw / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(mia_dir / rel, copied_raw / rel)

    fetched = build(fetched_raw, tmp_path / "out-fetched", workers=1, progress=False)
    copied = build(copied_raw, tmp_path / "out-copied", workers=1, progress=False)
    assert fetched.raw_files == copied.raw_files == len(pages)
    assert fetched.counts() == copied.counts() and fetched.counts()["record"] > 0
    assert fetched.adds_up() and fetched.fingerprint() == copied.fingerprint()
    digests = _documents_digest(tmp_path / "out-fetched")
    assert digests and digests == _documents_digest(tmp_path / "out-copied")


def test_fetched_html_and_a_text_transcription_build_side_by_side(server, tmp_path):
    raw = tmp_path / "raw"
    crawl(server, raw)
    seed = REPO / "raw" / "000_5aa7ca4ddedc42f0.txt"
    shutil.copyfile(seed, raw / seed.name)
    report = build(raw, tmp_path / "out", workers=1, progress=False)
    kinds = {o.path: o.kind.value for o in report.outcomes}
    assert kinds[seed.name] == "record"
    html_records = [p for p, k in kinds.items() if p.endswith((".htm", ".html")) and k == "record"]
    assert html_records and report.raw_files == 13 and report.adds_up()
    assert report.counts()["rejected"] == 0


# ---------------------------------------------------------------------------------------------
# Command line


def test_cli_fetch(server, mia_dir, tmp_path, capsys):
    raw = tmp_path / "raw"
    args = ["fetch", AUTHOR, "--raw", str(raw), "--base-url", server.base, "--delay", "0",
            "--timeout", "2", "--max-pages", "5"]
    assert main(args) == 0
    assert "5 fetched, 0 unchanged" in capsys.readouterr().out
    assert main(args[:-2] + ["-q"]) == 0
    assert capsys.readouterr().out == ""
    assert raw_pages(raw) == sample_pages(mia_dir)
    assert main(args[:-2]) == 0
    assert "nothing to do" in capsys.readouterr().out
    assert main(["fetch", "not/an/author", "--raw", str(raw)]) == 2
    assert main(["fetch", AUTHOR, "--raw", str(raw), "--delay", "-1"]) == 2
