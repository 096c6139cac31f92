"""Grow raw/ from the Marxists Internet Archive: a polite, resumable, breadth-first fetcher.

`corpus fetch trotsky` starts at <base>/archive/trotsky/index.htm and follows every link to an
.htm/.html page on the same host and under the same prefix (/archive/trotsky/), saving each page
byte-exact under raw/ at its URL path. Everything the fetcher itself needs to remember lives in
raw/.fetch/, a folder the build ignores (`corpus.build.IGNORED_DIRS`):

    raw/archive/trotsky/1940/xx/page.htm              the page, exactly as served
    raw/.fetch/archive/trotsky/1940/xx/page.htm.json  its sidecar: url, fetched_at, status, etag,
                                                      last_modified, sha256, bytes
    raw/.fetch/state.json                             per prefix: the queue and the seen set

Politeness: robots.txt is honoured (and its Crawl-delay, when longer than --delay), one request at
a time with a delay between them, a User-Agent naming the project, bounded retries with exponential
backoff on 5xx/429 and timeouts, conditional requests (If-None-Match / If-Modified-Since) when a
page is fetched again. The crawl never leaves its host and prefix, not even through a redirect.
The state is written atomically after every page, so an interrupted crawl resumes where it stopped.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import posixpath
import time
import urllib.error
import urllib.request
import urllib.robotparser
import uuid
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from corpus import __version__

# No project URL yet (the repository has no public home); the name and purpose say what we are.
USER_AGENT = f"corpus/{__version__} (research corpus builder for the Marxists Internet Archive)"
DEFAULT_BASE_URL = "https://www.marxists.org"
DEFAULT_DELAY = 1.0  # seconds between two requests: the archive is run by volunteers
DEFAULT_TIMEOUT = 30.0
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF = 1.0  # first retry waits this long, then twice as long each time
MAX_RETRY_AFTER = 60.0  # a server's Retry-After is honoured up to this many seconds
MAX_REDIRECTS = 5
MAX_LISTED_FAILURES = 30  # the summary names this many failed pages, then counts the rest
MAX_PAGE_BYTES = 20 * 1024 * 1024  # as corpus.build.MAX_BYTES: anything bigger is not a page

FETCH_DIR = ".fetch"  # under raw/: sidecars and state; corpus.build skips it
STATE_FILE = "state.json"
PAGE_SUFFIXES = (".htm", ".html")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
LINK_ATTRIBUTES = {"a": "href", "area": "href", "frame": "src", "iframe": "src"}


# ---------------------------------------------------------------------------------------------
# Typed errors. A FetchError ends one page (it is counted under its `reason`); the crawl goes on.


class BadTarget(ValueError):
    """The author or URL prefix given on the command line cannot be crawled."""


class FetchError(Exception):
    """One page could not be fetched. `reason` is its key in the summary's error counts."""

    reason = "error"

    def __init__(self, url: str, detail: str):
        super().__init__(f"{url}: {detail}")
        self.url = url
        self.detail = detail


class HttpStatusError(FetchError):
    def __init__(self, url: str, status: int):
        super().__init__(url, f"HTTP {status}")
        self.status = status
        self.reason = str(status)


class TransientError(FetchError):
    """A timeout or a broken connection: worth retrying."""

    def __init__(self, url: str, detail: str, reason: str):
        super().__init__(url, detail)
        self.reason = reason


class RedirectLoop(FetchError):
    reason = "redirect-loop"


class TooManyRedirects(FetchError):
    reason = "too-many-redirects"


class OffPrefixRedirect(FetchError):
    """A redirect to another host or outside the prefix: not followed, by design."""

    reason = "off-prefix-redirect"


class RobotsDisallowed(FetchError):
    reason = "robots-disallowed"


class NotAPage(FetchError):
    """A redirect to something that is not an .htm/.html page, a body too big to be a page."""

    reason = "not-a-page"


class UnsafePath(FetchError):
    """A URL path that would not map to a file inside raw/ (.., empty segments, raw/.fetch/)."""

    reason = "unsafe-path"


# ---------------------------------------------------------------------------------------------
# URLs and scope


@dataclass(frozen=True, slots=True)
class Scope:
    """Where a crawl may go: one origin (scheme://host[:port]) and one path prefix ending in '/'."""

    origin: str
    prefix: str

    @property
    def url(self) -> str:
        return self.origin + self.prefix

    def contains(self, url: str) -> bool:
        parts = urlsplit(url)
        return (f"{parts.scheme}://{parts.netloc}" == self.origin and parts.path.startswith(self.prefix)
                and not parts.query)

    def wants(self, url: str) -> bool:
        """In scope and a page: the links a crawl follows."""
        return self.contains(url) and is_page(url)


def is_page(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(PAGE_SUFFIXES)


def normalise(url: str) -> str:
    """An absolute URL in one spelling: lower-case scheme and host, no default port, no fragment,
    no ./ or ../ segments — so the seen set does not fetch the same page twice."""
    parts = urlsplit(url)
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    port = parts.port
    netloc = host if port is None or (scheme, port) in {("http", 80), ("https", 443)} else f"{host}:{port}"
    path = parts.path or "/"
    clean = posixpath.normpath(path)
    if path.endswith("/") and clean != "/":
        clean += "/"
    clean = "/" + clean.lstrip("/")  # normpath keeps a leading '//'; a URL path must not
    return urlunsplit((scheme, netloc, clean, parts.query, ""))


def resolve_link(href: str, page_url: str) -> str | None:
    """The absolute, normalised URL a link points to; None for mailto:, javascript: and the like."""
    href = href.strip()
    if not href:
        return None
    absolute = urljoin(page_url, href)
    if urlsplit(absolute).scheme not in ("http", "https"):
        return None
    return normalise(absolute)


def resolve_target(target: str, base_url: str = DEFAULT_BASE_URL) -> tuple[Scope, str]:
    """The scope and start page of `corpus fetch TARGET`.

    'trotsky'                        → <base>/archive/trotsky/ , start at its index.htm
    '/archive/trotsky/1940/'         → a path under <base>, start at its index.htm
    'https://host/archive/trotsky/'  → that prefix; a URL of a page starts at that page, and its
                                       folder is the prefix
    """
    target = target.strip()
    if "://" in target:
        url = target
    elif target.startswith("/"):
        url = base_url.rstrip("/") + target
    elif target and "/" not in target.strip("/") and target not in (".", ".."):
        url = f"{base_url.rstrip('/')}/archive/{target.strip('/')}/"
    else:
        raise BadTarget(f"{target!r} is neither an author name (e.g. 'trotsky') nor a URL or /path")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadTarget(f"{url!r} is not an http(s) URL")
    url = normalise(url)
    path = urlsplit(url).path
    if path.endswith("/"):
        prefix, start = path, url + "index.htm"
    elif is_page(url):
        prefix, start = path.rsplit("/", 1)[0] + "/", url
    else:
        prefix, start = path + "/", url + "/index.htm"
    parts = urlsplit(url)
    return Scope(f"{parts.scheme}://{parts.netloc}", prefix), start


def extract_links(data: bytes, page_url: str) -> list[str]:
    """Every link in an HTML page, absolute and normalised, in document order, without repeats."""
    import lxml.html
    from lxml import etree

    try:
        doc = lxml.html.document_fromstring(data)
    except (etree.ParserError, ValueError):  # empty or not HTML at all: no links
        return []
    base = page_url
    for element in doc.iter("base"):
        if element.get("href"):
            base = urljoin(page_url, element.get("href").strip())
            break
    links: dict[str, None] = {}
    for element in doc.iter(*LINK_ATTRIBUTES):
        href = element.get(LINK_ATTRIBUTES[element.tag])
        url = resolve_link(href, base) if href else None
        if url:
            links[url] = None
    return list(links)


# ---------------------------------------------------------------------------------------------
# HTTP: one request at a time, spaced, retried


@dataclass(slots=True)
class Response:
    url: str
    status: int
    headers: Message
    body: bytes


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Hand every 3xx back to the caller: the fetcher checks each hop against its scope itself."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Http:
    """A polite HTTP client: names itself, waits `delay` between requests, retries transient
    failures (timeouts, broken connections, 5xx, 429) up to `retries` times with backoff."""

    def __init__(
        self,
        *,
        delay: float = DEFAULT_DELAY,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = DEFAULT_RETRIES,
        backoff: float = DEFAULT_BACKOFF,
        user_agent: str = USER_AGENT,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.delay, self.timeout, self.retries, self.backoff = delay, timeout, retries, backoff
        self.user_agent = user_agent
        self._sleep, self._clock = sleep, clock
        self._last_request: float | None = None
        self._opener = urllib.request.build_opener(_NoRedirects)
        self.requests = 0

    def get(self, url: str, headers: dict[str, str] | None = None) -> Response:
        """The response (any status but a transient one that kept failing: the last of those is
        returned as is); raises TransientError when the last attempt timed out or broke."""
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                response = self._once(url, headers or {})
            except TransientError:
                if last:
                    raise
                self._sleep(self.backoff * 2**attempt)
                continue
            if not _retriable(response.status) or last:
                return response
            self._sleep(max(self.backoff * 2**attempt, _retry_after(response)))
        raise AssertionError("unreachable")  # the loop always returns or raises on its last turn

    def _once(self, url: str, headers: dict[str, str]) -> Response:
        self._wait_turn()
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, **headers})
        self.requests += 1
        try:
            try:
                with self._opener.open(request, timeout=self.timeout) as resp:
                    return Response(url, resp.status, resp.headers, _read_capped(url, resp))
            except urllib.error.HTTPError as err:  # 3xx, 4xx, 5xx: a response all the same
                with err:
                    return Response(url, err.code, err.headers, _read_capped(url, err))
        except TimeoutError:
            raise TransientError(url, f"no response within {self.timeout:g} s", "timeout") from None
        except urllib.error.URLError as err:
            if isinstance(err.reason, TimeoutError):
                raise TransientError(url, f"no response within {self.timeout:g} s", "timeout") from None
            raise TransientError(url, f"connection failed: {err.reason}", "connection") from None
        except (ConnectionError, http.client.HTTPException) as err:
            raise TransientError(url, f"connection failed: {err!r}", "connection") from None
        finally:
            self._last_request = self._clock()

    def _wait_turn(self) -> None:
        if self._last_request is not None:
            wait = self._last_request + self.delay - self._clock()
            if wait > 0:
                self._sleep(wait)


def _retriable(status: int) -> bool:
    return status >= 500 or status == 429


def _retry_after(response: Response) -> float:
    value = response.headers.get("Retry-After", "") if response.headers else ""
    try:
        return min(float(value), MAX_RETRY_AFTER)
    except ValueError:  # absent, or an HTTP date: fall back to our own backoff
        return 0.0


def _read_capped(url: str, stream) -> bytes:
    data = stream.read(MAX_PAGE_BYTES + 1)
    if len(data) > MAX_PAGE_BYTES:
        raise NotAPage(url, f"over {MAX_PAGE_BYTES} bytes: not a page")
    return data


def load_robots(http: Http, origin: str) -> urllib.robotparser.RobotFileParser:
    """robots.txt of `origin`, fetched with our own client (same User-Agent, timeout, retries).

    Missing (4xx) means everything is allowed; 401/403, a server error or no answer at all means
    nothing is — when we cannot know the rules we do not crawl.
    """
    robots = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
    url = robots.url
    try:
        for _ in range(MAX_REDIRECTS + 1):
            response = http.get(url)
            location = response.headers.get("Location") if response.status in REDIRECT_STATUSES else None
            if not location:
                break
            url = urljoin(url, location)
            if not url.startswith(origin + "/"):
                response = Response(url, 404, Message(), b"")  # rules of another host: none here
                break
    except TransientError:
        robots.disallow_all = True
        return robots
    if response.status == 200:
        robots.parse(response.body.decode("utf-8", "replace").splitlines())
    elif response.status in (401, 403) or response.status >= 500 or response.status in REDIRECT_STATUSES:
        robots.disallow_all = True
    else:
        robots.allow_all = True
    return robots


# ---------------------------------------------------------------------------------------------
# The store: pages under raw/, sidecars and state under raw/.fetch/


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Store:
    """Pages at their URL path under raw/; the fetcher's own files under raw/.fetch/."""

    def __init__(self, raw_dir: Path):
        self.raw = Path(raw_dir)
        self.meta = self.raw / FETCH_DIR

    def page_path(self, url: str) -> Path:
        segments = unquote(urlsplit(url).path).split("/")[1:]
        if (not segments or segments[0] == FETCH_DIR
                or any(s in ("", ".", "..") or "\\" in s or "\0" in s for s in segments)):
            raise UnsafePath(url, "its path does not name a file inside raw/")
        return self.raw.joinpath(*segments)

    def sidecar_path(self, url: str) -> Path:
        page = self.page_path(url)
        return self.meta / page.relative_to(self.raw).parent / (page.name + ".json")

    def sidecar(self, url: str) -> dict | None:
        try:
            return json.loads(self.sidecar_path(url).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def validators(self, url: str) -> dict[str, str]:
        """Conditional-request headers, only when the page on disk is still the one the sidecar
        describes: a page edited or deleted locally is fetched again in full."""
        meta = self.sidecar(url)
        if not meta or not self._intact(url, meta):
            return {}
        headers = {}
        if meta.get("etag"):
            headers["If-None-Match"] = meta["etag"]
        if meta.get("last_modified"):
            headers["If-Modified-Since"] = meta["last_modified"]
        return headers

    def _intact(self, url: str, meta: dict) -> bool:
        try:
            return _sha256(self.page_path(url).read_bytes()) == meta.get("sha256")
        except OSError:
            return False

    def save(self, url: str, response: Response) -> None:
        """The page byte-exact, then its sidecar (a crash in between only costs a full refetch)."""
        self.write_atomic(self.page_path(url), response.body)
        self._write_sidecar(url, response, response.body)

    def mark_unchanged(self, url: str, response: Response) -> bytes:
        """A 304: the page on disk stands; the sidecar records the check. Returns the page."""
        body = self.page_path(url).read_bytes()
        self._write_sidecar(url, response, body)
        return body

    def _write_sidecar(self, url: str, response: Response, body: bytes) -> None:
        old = self.sidecar(url) or {}
        meta = {
            "url": url,
            "fetched_at": _now(),
            "status": response.status,
            # a 304 may omit the validators: the ones of the stored bytes still hold
            "etag": response.headers.get("ETag") or (old.get("etag") if response.status == 304 else None),
            "last_modified": response.headers.get("Last-Modified")
            or (old.get("last_modified") if response.status == 304 else None),
            "sha256": _sha256(body),
            "bytes": len(body),
        }
        text = json.dumps(meta, indent=2, ensure_ascii=False) + "\n"
        self.write_atomic(self.sidecar_path(url), text.encode("utf-8"))

    def write_atomic(self, path: Path, data: bytes) -> None:
        """Write to a temporary file in raw/.fetch/ (same file system, ignored by the build), then
        rename: an interrupted run never leaves half a page where the build would read it."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.meta.mkdir(parents=True, exist_ok=True)
        tmp = self.meta / f".tmp-{uuid.uuid4().hex}"
        try:
            # os.open with 0o666 lets the umask decide the mode, as for any file the user writes
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)


@dataclass
class CrawlState:
    """Where a crawl of one scope stands: pages still to visit, and every URL ever queued."""

    start: str
    queue: deque[str] = field(default_factory=deque)
    seen: set[str] = field(default_factory=set)

    @classmethod
    def fresh(cls, start: str) -> CrawlState:
        return cls(start, deque([start]), {start})

    def add(self, url: str) -> bool:
        if url in self.seen:
            return False
        self.seen.add(url)
        self.queue.append(url)
        return True


class StateFile:
    """raw/.fetch/state.json: one entry per scope, so crawls of several authors each resume."""

    def __init__(self, store: Store):
        self.store = store
        self.path = store.meta / STATE_FILE

    def _all(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"version": 1, "crawls": {}}
        return data if isinstance(data.get("crawls"), dict) else {"version": 1, "crawls": {}}

    def load(self, scope: Scope) -> CrawlState | None:
        entry = self._all()["crawls"].get(scope.url)
        if not entry:
            return None
        return CrawlState(entry["start"], deque(entry["queue"]), set(entry["seen"]))

    def save(self, scope: Scope, state: CrawlState) -> None:
        data = self._all()
        data["crawls"][scope.url] = {"start": state.start, "queue": list(state.queue),
                                     "seen": sorted(state.seen)}
        self.store.write_atomic(self.path, (json.dumps(data, indent=1) + "\n").encode("utf-8"))


# ---------------------------------------------------------------------------------------------
# The crawl


@dataclass
class FetchReport:
    fetched: int = 0  # new or changed bytes saved
    unchanged: int = 0  # 304 Not Modified: the page on disk stands
    disallowed: int = 0  # robots.txt said no: not requested
    errors: Counter = field(default_factory=Counter)  # reason ('404', 'timeout', ...) → pages
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (url, reason, detail)
    remaining: int = 0  # still queued when the run stopped (--max-pages); 0 when complete
    requests: int = 0  # HTTP requests made, robots.txt and retries included
    resumed: bool = False
    seconds: float = 0.0

    def error(self, err: FetchError) -> None:
        self.errors[err.reason] += 1
        self.failures.append((err.url, err.reason, err.detail))

    def summary(self) -> str:
        errors = sum(self.errors.values())
        lines = [f"{self.fetched} fetched, {self.unchanged} unchanged, {errors} errors, "
                 f"{self.disallowed} disallowed by robots.txt; {self.requests} requests in "
                 f"{self.seconds:.1f} s" + (" (resumed)" if self.resumed else "")]
        if errors:
            lines.append("  errors: " + ", ".join(f"{r} {n}" for r, n in sorted(self.errors.items())))
            shown = self.failures[:MAX_LISTED_FAILURES]
            lines.extend(f"  {url}: {detail}" for url, _, detail in shown)
            if len(self.failures) > len(shown):
                lines.append(f"  ... and {len(self.failures) - len(shown)} more")
        if self.remaining:
            lines.append(f"  {self.remaining} pages still queued: run again to continue")
        return "\n".join(lines)


class Fetcher:
    """Crawls one scope breadth-first into raw/. `run()` resumes a crawl the state file shows
    unfinished; `refresh=True` starts over, re-checking every page with a conditional request."""

    def __init__(
        self,
        raw_dir: Path,
        scope: Scope,
        start: str,
        *,
        http: Http | None = None,
        refresh: bool = False,
        max_pages: int | None = None,
        progress: bool = True,
    ):
        self.scope, self.start = scope, start
        self.store = Store(raw_dir)
        self.states = StateFile(self.store)
        self.http = http or Http()
        self.refresh, self.max_pages, self.progress = refresh, max_pages, progress

    def run(self) -> FetchReport:
        started = time.perf_counter()
        report = FetchReport()
        state = self._initial_state(report)
        if state.queue:  # a finished crawl asks nothing of the server, not even robots.txt
            self._crawl(state, report)
        report.remaining = len(state.queue)
        report.requests = self.http.requests
        report.seconds = time.perf_counter() - started
        return report

    def _initial_state(self, report: FetchReport) -> CrawlState:
        saved = None if self.refresh else self.states.load(self.scope)
        if saved is not None:
            report.resumed = bool(saved.queue)
            return saved
        state = CrawlState.fresh(self.start)
        self.states.save(self.scope, state)
        return state

    def _crawl(self, state: CrawlState, report: FetchReport) -> None:
        robots = load_robots(self.http, self.scope.origin)
        crawl_delay = robots.crawl_delay(self.http.user_agent)
        if crawl_delay:
            self.http.delay = max(self.http.delay, float(crawl_delay))
        visits = 0
        with _progress(self.progress, len(state.seen), len(state.seen) - len(state.queue)) as bar:
            while state.queue and (self.max_pages is None or visits < self.max_pages):
                url = state.queue[0]  # dequeued only once handled: an interrupted page is redone
                final, links = self._visit(url, robots, report)
                state.queue.popleft()
                if final:
                    state.seen.add(final)
                for link in links:
                    state.add(link)
                self.states.save(self.scope, state)
                visits += 1
                bar.total = len(state.seen)
                bar.update(1)

    def _visit(self, url: str, robots, report: FetchReport) -> tuple[str | None, list[str]]:
        """Fetch one page; returns its final URL (after redirects) and the in-scope pages it links."""
        if not robots.can_fetch(self.http.user_agent, url):
            report.disallowed += 1
            return None, []
        try:
            final, response = self._fetch(url, robots)
            if response.status == 304:
                body = self.store.mark_unchanged(final, response)
                report.unchanged += 1
            else:
                self.store.save(final, response)
                body = response.body
                report.fetched += 1
        except FetchError as err:
            report.error(err)
            return None, []
        return final, [link for link in extract_links(body, final) if self.scope.wants(link)]

    def _fetch(self, url: str, robots) -> tuple[str, Response]:
        """GET `url` (conditionally when we hold it), following redirects only while they stay in
        scope, lead to a page robots.txt allows, and do not come back to a URL of the chain."""
        chain = [url]
        while True:
            current = chain[-1]
            validators = self.store.validators(current)
            response = self.http.get(current, validators)
            if response.status == 200 or (response.status == 304 and validators):
                return current, response
            if response.status == 304:  # not asked for: there is nothing on disk to keep
                raise HttpStatusError(current, 304)
            if response.status not in REDIRECT_STATUSES:
                raise HttpStatusError(current, response.status)
            chain.append(self._redirect_target(chain, response, robots))

    def _redirect_target(self, chain: list[str], response: Response, robots) -> str:
        location = response.headers.get("Location")
        if not location:
            raise HttpStatusError(chain[-1], response.status)
        target = resolve_link(location, chain[-1]) or location
        hops = " → ".join([*chain, target])
        if target in chain:
            raise RedirectLoop(chain[0], f"redirect loop: {hops}")
        if len(chain) > MAX_REDIRECTS:
            raise TooManyRedirects(chain[0], f"more than {MAX_REDIRECTS} redirects: {hops}")
        if not self.scope.contains(target):
            raise OffPrefixRedirect(chain[0], f"redirect leaves {self.scope.url}: {hops}")
        if not is_page(target):
            raise NotAPage(chain[0], f"redirect to something not an .htm/.html page: {hops}")
        if not robots.can_fetch(self.http.user_agent, target):
            raise RobotsDisallowed(chain[0], f"redirect to a page robots.txt disallows: {hops}")
        return target


class _NoBar:
    total = 0

    def update(self, n: int) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass


def _progress(enabled: bool, total: int, done: int):
    if not enabled:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, initial=done, unit="page", desc="fetch")


def fetch(
    raw_dir: Path,
    target: str,
    *,
    base_url: str = DEFAULT_BASE_URL,
    delay: float = DEFAULT_DELAY,
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
    backoff: float = DEFAULT_BACKOFF,
    refresh: bool = False,
    max_pages: int | None = None,
    progress: bool = True,
) -> FetchReport:
    """Crawl an author ('trotsky'), a /path or a URL prefix into `raw_dir`; see `resolve_target`."""
    scope, start = resolve_target(target, base_url)
    http = Http(delay=delay, timeout=timeout, retries=retries, backoff=backoff)
    return Fetcher(raw_dir, scope, start, http=http, refresh=refresh, max_pages=max_pages,
                   progress=progress).run()


__all__ = [
    "USER_AGENT",
    "BadTarget",
    "FetchError",
    "FetchReport",
    "Fetcher",
    "Http",
    "Scope",
    "Store",
    "extract_links",
    "fetch",
    "resolve_target",
]
