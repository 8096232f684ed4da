"""A real browser for tests: headless Chromium (Debian's ``chromium``), driven through the
Chrome DevTools Protocol over a pipe (``--remote-debugging-pipe``: no port, no extra package).

The browser is started by the test with the flags of a locked-down run and a fresh profile;
every request the page makes is recorded, and every JavaScript dialog (``alert``) too, and what
the browser logs (a request the Content-Security-Policy refused is logged, not requested).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run")


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    return None


class BrowserError(RuntimeError):
    pass


@dataclass
class Page:
    """One tab: what it requested, the dialogs it opened, the console errors it logged, and the
    browser's own log entries (``source: text``, e.g. ``security: Refused to connect ...``)."""

    browser: Browser
    session: str
    context: str | None = None  # its own browser context, if opened isolated
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)

    def send(self, method: str, **params: object) -> dict:
        return self.browser.send(method, params, self.session)

    def evaluate(self, expression: str, timeout: float = 30.0) -> object:
        """The value of a JavaScript expression (awaited if it is a promise)."""
        answer = self.send("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=True, timeout=int(timeout * 1000))
        if "exceptionDetails" in answer:
            details = answer["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise BrowserError(f"{expression[:80]!r} failed: {text}")
        return answer["result"].get("value")

    def wait_for(self, expression: str, seconds: float = 60.0) -> object:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.1)
        raise BrowserError(f"{expression!r} not true within {seconds} s")

    def move_mouse(self, x: float, y: float) -> None:
        self.send("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)

    def click(self, x: float, y: float) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left",
                      clickCount=1)

    def screenshot(self, path: Path) -> Path:
        import base64

        data = self.send("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))
        return path


class Browser:
    """``with Browser() as b: page = b.open(url)``."""

    def __init__(self, width: int = 1400, height: int = 900) -> None:
        executable = chromium()
        if executable is None:
            raise BrowserError("no chromium on PATH (apt install chromium)")
        self.profile = tempfile.mkdtemp(prefix="kg-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def plumbing() -> None:  # in the child: fd 3 reads commands, fd 4 writes answers
            import fcntl

            high_r = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)  # out of the way of 3 and 4
            high_w = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self.profile}", "--remote-debugging-pipe",
             f"--window-size={width},{height}", "about:blank"],
            pass_fds=(3, 4), preexec_fn=plumbing,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next = 0
        self._events: list[dict] = []
        self.pages: dict[str, Page] = {}

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(BrowserError, OSError):
            self.send("Browser.close", {}, timeout=5)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        for fd in (self._to_browser, self._from_browser):
            with contextlib.suppress(OSError):
                os.close(fd)
        shutil.rmtree(self.profile, ignore_errors=True)

    # -- protocol ----------------------------------------------------------------------------
    def _read(self, timeout: float) -> dict:
        import select

        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._from_browser], [], [], timeout)
            if not ready:
                raise BrowserError("the browser did not answer in time")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise BrowserError("the browser closed its pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def _dispatch(self, event: dict) -> None:
        page = self.pages.get(event.get("sessionId", ""))
        if page is None:
            return
        method, params = event.get("method"), event.get("params", {})
        if method == "Network.requestWillBeSent":
            page.requests.append(params["request"]["url"])
        elif method == "Page.javascriptDialogOpening":
            page.dialogs.append(params.get("message", ""))
            self._write({"id": self._id(), "method": "Page.handleJavaScriptDialog",
                         "params": {"accept": True}, "sessionId": event["sessionId"]})
        elif method == "Log.entryAdded":
            entry = params.get("entry", {})
            page.log.append(f"{entry.get('source')}: {entry.get('text')}")
        elif method == "Runtime.exceptionThrown":
            page.errors.append(params["exceptionDetails"].get("exception", {})
                               .get("description", params["exceptionDetails"].get("text")))

    def _id(self) -> int:
        self._next += 1
        return self._next

    def _write(self, message: dict) -> None:
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 60.0) -> dict:
        ident = self._id()
        message = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._write(message)
        deadline = time.monotonic() + timeout
        while True:
            answer = self._read(max(0.1, deadline - time.monotonic()))
            if answer.get("id") == ident:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error'].get('message')}")
                return answer.get("result", {})
            if "method" in answer:
                self._dispatch(answer)
            if time.monotonic() > deadline:
                raise BrowserError(f"{method}: no answer within {timeout} s")

    def wait_event(self, method: str, session: str, timeout: float = 60.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            event = self._read(max(0.1, deadline - time.monotonic()))
            if "method" in event:
                self._dispatch(event)
                if event["method"] == method and event.get("sessionId") == session:
                    return event.get("params", {})
        raise BrowserError(f"no {method} within {timeout} s")

    def open(self, url: str, isolated: bool = False) -> Page:
        """A new tab with ``url`` loaded; requests and dialogs are recorded from the start.
        ``isolated``: in a fresh browser context, with no storage (cookies, localStorage) left
        by other tabs."""
        context = self.send("Target.createBrowserContext")["browserContextId"] if isolated else None
        target = self.send("Target.createTarget", {"url": "about:blank",
                                                   **({"browserContextId": context} if context
                                                      else {})})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"]
        page = Page(self, session, context)
        self.pages[session] = page
        for domain in ("Page", "Network", "Runtime", "Log"):
            page.send(f"{domain}.enable")
        page.send("Page.navigate", url=url)
        self.wait_event("Page.loadEventFired", session)
        return page


def allow_downloads(page: Page, folder: Path) -> None:
    """Let ``page`` (and the other pages of its browser context) download files, into
    ``folder``: headless Chromium refuses downloads unless told where to put them."""
    params = {"behavior": "allow", "downloadPath": str(folder)}
    if page.context:
        params["browserContextId"] = page.context
    page.browser.send("Browser.setDownloadBehavior", params)


def set_field(page: Page, selector: str, value: str, event: str = "input") -> None:
    """Type ``value`` into a form field as a user would: the value, then the ``event``."""
    page.evaluate(f"""(() => {{ const f = document.querySelector({json.dumps(selector)});
        f.value = {json.dumps(value)};
        f.dispatchEvent(new Event({json.dumps(event)}, {{bubbles: true}})); }})()""")
