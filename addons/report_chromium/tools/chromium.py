"""A headless Chromium kept warm, driven over the DevTools protocol on a pipe.

Nothing here knows Odoo: ``Browser.render_pdf(html, ...)`` prints one HTML document to
PDF in a tab of its own and answers the tab's requests through a ``resolve`` callback
run in the calling thread (so that it may read the database), and ``browser()`` gives
the one browser of the current process, started on first use and started again after
a fork (prefork workers) or a crash.

Why a pipe (``--remote-debugging-pipe``) and not a port: no port to find or to guard,
and Chromium ends by itself when the pipe closes, whatever killed its parent. The
browser is reaped by a thread of its own as soon as it ends, so it never stays a
zombie; it is closed when the process exits.
"""
import atexit
import base64
import fcntl
import itertools
import json
import logging
import os
import queue
import re
import shutil
import subprocess
import tempfile
import threading
import time

_logger = logging.getLogger(__name__)
NO_FAVICON = b'<link rel="icon" href="data:,">'
# where NO_FAVICON goes: after <head>, else after the doctype (never before it: quirks)
HEAD_START = re.compile(rb"<head\b[^>]*>", re.IGNORECASE)
DOCTYPE = re.compile(rb"<!doctype[^>]*>", re.IGNORECASE)

FLAGS = [
    "--headless",
    "--no-sandbox",  # root in containers; the browser loads nothing but our documents
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-extensions",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
    "--no-first-run",
    "--no-default-browser-check",
    "--mute-audio",
    "--hide-scrollbars",
    "--font-render-hinting=none",
    "--remote-debugging-pipe",
]
BASH = "/bin/bash"
EXECUTABLES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class ChromiumError(Exception):
    """Chromium could not print the document (it failed, crashed or took too long)."""


class ChromiumTimeout(ChromiumError):
    pass


def find_executable():
    """The Chromium to start: $CHROMIUM_BIN, else the first one on the PATH."""
    configured = os.environ.get("CHROMIUM_BIN")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    for name in EXECUTABLES:
        path = shutil.which(name)
        if path:
            return path
    return None


def _high_fd(fd):
    """``fd`` moved to a number above 9, out of the way of the 3 and 4 set below."""
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


class Browser:
    """One Chromium process and its tabs; safe to use from several threads at once."""

    def __init__(self, executable, max_tabs=4, start_timeout=30.0):
        self.pid_owner = os.getpid()
        self._ids = itertools.count(1)
        self._replies = {}  # message id -> queue the reply goes to
        self._sessions = {}  # session id -> queue of its events
        self._write_lock = threading.Lock()
        self._tabs_lock = threading.Lock()
        self._idle_tabs = []
        self._tab_slots = threading.BoundedSemaphore(max_tabs)
        self.alive = True
        self.profile = tempfile.mkdtemp(prefix="report-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        to_browser_r, from_browser_w = _high_fd(to_browser_r), _high_fd(from_browser_w)
        # Chromium reads commands from fd 3 and writes answers to fd 4. A shell puts the
        # pipes there (preexec_fn is not safe in threaded servers; bash, as the pipes'
        # numbers may have two digits, which dash does not take) and lifts the soft
        # limits Odoo's prefork workers put on memory and CPU time (a browser reserves
        # far more address space than it uses).
        script = ('ulimit -S -v "$(ulimit -H -v)"; ulimit -S -t "$(ulimit -H -t)"; '
                  'exec "$0" "$@" 3<&%d 4>&%d %d<&- %d>&-'
                  % (to_browser_r, from_browser_w, to_browser_r, from_browser_w))
        args = FLAGS + ["--user-data-dir=%s" % self.profile, "about:blank"]
        self.process = subprocess.Popen(
            [BASH, "-c", script, executable] + args,
            pass_fds=(to_browser_r, from_browser_w), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._reader = threading.Thread(target=self._read_loop, daemon=True,
                                        name="report_chromium.reader")
        self._reader.start()
        _logger.info("Chromium %s started (pid %d)", executable, self.process.pid)
        try:
            self.version = self.call("Browser.getVersion", timeout=start_timeout)["product"]
        except ChromiumError:
            self.close()
            raise

    # ------------------------------------------------------------------ protocol
    def _read_loop(self):
        """Read the browser's messages (separated by NUL) until it ends, then reap it and
        tell everyone who still waits."""
        parts = []
        try:
            while True:
                try:
                    chunk = os.read(self._from_browser, 1 << 20)
                except OSError:
                    chunk = b""
                if not chunk:
                    break
                while chunk:
                    end = chunk.find(b"\0")
                    if end < 0:
                        parts.append(chunk)
                        break
                    parts.append(chunk[:end])
                    self._dispatch(json.loads(b"".join(parts)))
                    parts, chunk = [], chunk[end + 1:]
        except Exception:
            _logger.exception("Reading Chromium's messages failed")
            self.process.kill()
        finally:
            self.alive = False
            os.close(self._from_browser)
            self.process.wait()  # reap it: no zombie, whoever ended it
            for target in list(self._replies.values()) + list(self._sessions.values()):
                target.put({"error": {"message": "Chromium ended"}, "ended": True})
            shutil.rmtree(self.profile, ignore_errors=True)
            _logger.info("Chromium (pid %d) ended with %s", self.process.pid,
                         self.process.returncode)

    def _dispatch(self, message):
        if "id" in message:
            target = self._replies.pop(message["id"], None)
        else:
            target = self._sessions.get(message.get("sessionId"))
        if target is not None:
            target.put(message)

    def send(self, method, params=None, session_id=None, reply_to=None):
        """Send a command; its reply goes to the queue ``reply_to``. Returns its id."""
        if not self.alive:
            raise ChromiumError("Chromium is not running")
        message_id = next(self._ids)
        message = {"id": message_id, "method": method, "params": params or {}}
        if session_id:
            message["sessionId"] = session_id
        self._replies[message_id] = reply_to if reply_to is not None else queue.Queue()
        data = json.dumps(message).encode() + b"\0"
        with self._write_lock:
            try:
                while data:
                    data = data[os.write(self._to_browser, data):]
            except OSError as error:
                self._replies.pop(message_id, None)
                raise ChromiumError("Chromium does not listen: %s" % error)
        return message_id

    def call(self, method, params=None, session_id=None, timeout=30.0):
        """Send a command and wait for its result."""
        reply = queue.Queue()
        message_id = self.send(method, params, session_id, reply_to=reply)
        try:
            message = reply.get(timeout=timeout)
        except queue.Empty:
            self._replies.pop(message_id, None)
            raise ChromiumTimeout("Chromium did not answer %s within %d s" % (method, timeout))
        if "error" in message:
            raise ChromiumError("%s: %s" % (method, message["error"].get("message")))
        return message.get("result", {})

    # ------------------------------------------------------------------ tabs
    def _open_tab(self):
        target_id = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session_id = self.call("Target.attachToTarget",
                               {"targetId": target_id, "flatten": True})["sessionId"]
        tab = Tab(self, target_id, session_id)
        self._sessions[session_id] = tab.events
        for method, params in (("Page.enable", {}),
                               ("Fetch.enable", {"patterns": [{"urlPattern": "*"}]}),
                               ("Emulation.setEmulatedMedia", {"media": "print"})):
            self.call(method, params, session_id)
        return tab

    def _close_tab(self, tab):
        self._sessions.pop(tab.session_id, None)
        if self.alive:
            try:
                self.call("Target.closeTarget", {"targetId": tab.target_id}, timeout=5)
            except ChromiumError:
                pass

    def render_pdf(self, html, url, resolve, print_options, timeout=60.0):
        """Print ``html`` as if loaded from ``url``; the PDF as bytes.

        :param resolve: ``resolve(url)`` for every other request of the document:
            ``("fulfill", status, headers, body)``, ``("continue", headers)`` or
            ``("fail",)``; called in this thread.
        :param print_options: parameters of ``Page.printToPDF``
        """
        deadline = time.time() + timeout
        if not self._tab_slots.acquire(timeout=timeout):
            raise ChromiumTimeout("No Chromium tab became free within %d s" % timeout)
        tab = None
        try:
            with self._tabs_lock:
                tab = self._idle_tabs.pop() if self._idle_tabs else None
            if tab is None:
                tab = self._open_tab()
            pdf = tab.print_document(html, url, resolve, print_options, deadline)
        except ChromiumError:
            if tab is not None:
                self._close_tab(tab)  # a tab in an unknown state is not used again
            raise
        except BaseException:
            if tab is not None:
                self._close_tab(tab)
            raise
        else:
            with self._tabs_lock:
                self._idle_tabs.append(tab)
        finally:
            self._tab_slots.release()
        return pdf

    def close(self, timeout=5.0):
        """End the browser (politely, then by force) and wait for it."""
        if self.process.poll() is None:
            try:
                self.send("Browser.close")
            except ChromiumError:
                pass
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        try:
            os.close(self._to_browser)
        except OSError:
            pass
        self._reader.join(timeout)
        self.alive = False


class Tab:
    """A tab of the browser with its own session: one document at a time."""

    def __init__(self, browser, target_id, session_id):
        self.browser = browser
        self.target_id = target_id
        self.session_id = session_id
        self.events = queue.Queue()

    def _next(self, deadline):
        remaining = deadline - time.time()
        if remaining <= 0:
            raise ChromiumTimeout("Chromium did not print the document in time")
        try:
            message = self.events.get(timeout=remaining)
        except queue.Empty:
            raise ChromiumTimeout("Chromium did not print the document in time")
        if message.get("ended"):
            raise ChromiumError("Chromium ended while printing")
        return message

    def _call(self, method, params, deadline):
        """A command whose reply comes through the tab's queue, answering the requests
        the tab makes meanwhile."""
        message_id = self.browser.send(method, params, self.session_id, reply_to=self.events)
        while True:
            message = self._next(deadline)
            if message.get("id") == message_id:
                if "error" in message:
                    raise ChromiumError("%s: %s" % (method, message["error"].get("message")))
                return message.get("result", {})
            self._handle_event(message)

    def _handle_event(self, message):
        method = message.get("method")
        if method == "Fetch.requestPaused":
            self._answer_request(message["params"])
        elif method == "Page.loadEventFired":
            self.loaded = True
        elif method == "Inspector.targetCrashed":
            raise ChromiumError("The Chromium tab crashed")

    def _answer_request(self, params):
        request_id, url = params["requestId"], params["request"]["url"]
        if url == self.url:
            answer = ("fulfill", 200, {"Content-Type": "text/html; charset=utf-8"},
                      self.html)
        else:
            try:
                answer = self.resolve(url)
            except Exception:
                _logger.exception("Resolving %s for a report failed", url)
                answer = ("fail",)
        if answer[0] == "fulfill":
            _kind, status, headers, body = answer
            self.browser.send("Fetch.fulfillRequest", {
                "requestId": request_id, "responseCode": status,
                "responseHeaders": [{"name": k, "value": v} for k, v in headers.items()],
                "body": base64.b64encode(body).decode()}, self.session_id)
        elif answer[0] == "continue":
            command = {"requestId": request_id}
            if len(answer) > 1 and answer[1]:
                headers = dict(params["request"].get("headers", {}), **answer[1])
                command["headers"] = [{"name": k, "value": v} for k, v in headers.items()]
            self.browser.send("Fetch.continueRequest", command, self.session_id)
        else:
            _logger.info("A report requested %s: refused", url)
            self.browser.send("Fetch.failRequest", {
                "requestId": request_id, "errorReason": "BlockedByClient"}, self.session_id)

    def print_document(self, html, url, resolve, print_options, deadline):
        # drop what an earlier document left (late events of its requests)
        while not self.events.empty():
            self.events.get_nowait()
        if isinstance(html, str):
            html = html.encode()
        # an icon of its own: else Chromium asks the server for /favicon.ico, also after
        # printing and while the tab closes, when no request is intercepted any more
        found = HEAD_START.search(html) or DOCTYPE.search(html)
        start = found.end() if found else 0
        html = html[:start] + NO_FAVICON + html[start:]
        self.html, self.url, self.resolve, self.loaded = html, url, resolve, False
        result = self._call("Page.navigate", {"url": url}, deadline)
        if result.get("errorText"):
            raise ChromiumError("Chromium could not load the document: %s"
                                % result["errorText"])
        while not self.loaded:
            self._handle_event(self._next(deadline))
        # web fonts are loaded after the load event
        self._call("Runtime.evaluate", {"expression": "document.fonts.ready.then(() => 1)",
                                        "awaitPromise": True}, deadline)
        result = self._call("Page.printToPDF", dict(print_options,
                                                     transferMode="ReturnAsBase64"), deadline)
        self.html = self.resolve = None
        return base64.b64decode(result["data"])


_browser = None
_browser_lock = threading.Lock()


def browser(max_tabs=4):
    """The warm browser of this process: started on first use, after a fork and after
    it ended."""
    global _browser
    with _browser_lock:
        if _browser is not None and (_browser.pid_owner != os.getpid() or not _browser.alive):
            if _browser.pid_owner == os.getpid():
                _browser.close()
            _browser = None  # a forked child leaves its parent's browser alone
        if _browser is None:
            executable = find_executable()
            if not executable:
                raise ChromiumError("Chromium is not installed (set CHROMIUM_BIN or install "
                                    "the Debian package chromium)")
            _browser = Browser(executable, max_tabs=max_tabs)
        return _browser


def shutdown():
    """Close the browser of this process (at exit, and for tests)."""
    global _browser
    with _browser_lock:
        if _browser is not None and _browser.pid_owner == os.getpid():
            _browser.close()
        _browser = None


atexit.register(shutdown)
