"""The review workbench's web server: one page and a small JSON API on Starlette (uvicorn).

Security, as Jupyter does it: the server listens on 127.0.0.1 unless told otherwise; every
request must name a Host the server answers to (no DNS rebinding); the page is served only
with the run's random token in its address, and every API call must carry that token in the
``X-Songngu-Token`` header (a cross-site page cannot set it without a preflight that is never
answered) and, when it changes something, an ``Origin`` of the page itself. Documents are
looked up by name among the folder's review files, never joined into paths; nothing outside
the review folder, the glossary file and the reference folder is read or written. Errors
are a 4xx with one line of JSON, never a traceback.
"""

from __future__ import annotations

import html
import json
import secrets
from collections.abc import Awaitable, Callable
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from songngu.app import workbench
from songngu.app.workbench import Conflict, NeedsConfirmation, NotFound, TermBase, Workbench
from songngu.atomic import ChangedOnDisk
from songngu.errors import SongnguError
from songngu.lock import Busy

TOKEN_HEADER = "x-songngu-token"
MAX_BODY = 1_000_000  # bytes; a sentence or a term is far smaller


class TooLarge(SongnguError):
    """A request body over ``MAX_BODY`` (HTTP 413); it is refused before it is read whole."""


REFUSED_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>songngu review</title></head>
<body style="font: 15px/1.5 system-ui, sans-serif; max-width: 40em; margin: 3em auto">
<h1>songngu review</h1>
<p>This page opens only with the address <code>songngu review serve</code> printed when it started:
it ends with <code>?token=</code> and a long code that changes each time the server starts.</p>
<p>Copy that whole address from the terminal where you ran <code>songngu review serve</code>
(or start it again) and open it here.</p>
<p style="color: #666">({problem})</p>
</body></html>
"""


def page_html(token: str, nonce: str) -> str:
    template = resources.files("songngu.app").joinpath("workbench.html").read_text(encoding="utf-8")
    return template.replace("{{TOKEN}}", token).replace("{{NONCE}}", nonce)


class Guard:
    """Refuses, before any route runs, a request with a foreign Host, a missing token or a foreign Origin."""

    def __init__(self, app: ASGIApp, token: str, hosts: set[str]) -> None:
        self.app, self.token, self.hosts = app, token, hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        problem = self.problem(request)
        if problem is not None:
            # The page itself, opened without its token (a bookmark, a typed address): a page
            # that says what to do, not a line of JSON.
            refusal = (
                HTMLResponse(REFUSED_PAGE.format(problem=html.escape(problem)), status_code=403)
                if request.url.path == "/"
                else JSONResponse({"error": problem}, status_code=403)
            )
            await refusal(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def problem(self, request: Request) -> str | None:
        host = request.headers.get("host", "")
        if host not in self.hosts:
            return f"unexpected Host '{host}'; open the address songngu printed"
        if request.url.path == "/" or request.url.path.startswith("/files/"):  # opened as links
            given = request.query_params.get("token", "")
        else:
            given = request.headers.get(TOKEN_HEADER, "")
        if not secrets.compare_digest(given.encode(), self.token.encode()):
            return "missing or wrong token; open the address songngu printed (it ends with ?token=…)"
        origin = request.headers.get("origin")
        if request.method not in ("GET", "HEAD") and origin not in {f"http://{h}" for h in self.hosts}:
            return f"cross-site request refused (Origin '{origin}')"
        return None


Handler = Callable[[Request], Awaitable[Response]]

# The commands' messages advise running a command again; on the page, the advice is the page's own.
BUSY_ON_THE_PAGE = (
    "another songngu command is writing these files right now (a translate or apply run?); nothing "
    "was saved and your text is kept on this page: save again (Ctrl+Enter, or leave the box) when it has finished"
)
CHANGED_ON_THE_PAGE = (
    "the file changed on disk while this was being saved (saved in Poedit or a spreadsheet?); nothing "
    "was written over and your text is kept on this page: reload the page (F5) and save again"
)


def create_app(bench: Workbench, token: str, hosts: set[str]) -> ASGIApp:
    """The workbench as an ASGI app answering to ``hosts`` ("127.0.0.1:8765", …) with ``token``."""

    async def page(request: Request) -> Response:
        # Only the page's own script runs: a nonce per page, so markup that slipped into a
        # sentence or a term (an <img onerror>, a <script>) could not run even if it were shown.
        nonce = secrets.token_urlsafe(16)
        return HTMLResponse(
            page_html(token, nonce),
            headers={
                "Content-Security-Policy": f"default-src 'self'; script-src 'nonce-{nonce}'; "
                "style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
                "Referrer-Policy": "no-referrer",
                "Cache-Control": "no-store",
            },
        )

    # The work itself (reading and aligning documents, writing files under a lock) blocks, so
    # it runs on worker threads: one slow request never stalls the others.
    async def documents(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(workbench.documents, bench))

    async def document(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(workbench.document, bench, request.path_params["name"]))

    async def matches(request: Request) -> Response:
        params = request.path_params
        return JSONResponse(
            await run_in_threadpool(workbench.matches, bench, params["name"], params["sentence"])
        )

    async def save(request: Request) -> Response:
        body = await _body(request)
        saved = await run_in_threadpool(
            workbench.save_sentence,
            bench,
            request.path_params["name"],
            request.path_params["sentence"],
            _text(body, "english"),
            _text(body, "base"),
            body.get("status"),
            body.get("confirmed", True) is not False,
        )
        return JSONResponse(saved)

    async def english_file(request: Request) -> Response:
        path = await run_in_threadpool(workbench.english_document, bench, request.path_params["file"])
        return FileResponse(path, filename=path.name)

    async def rebuild(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(workbench.rebuild, bench))

    async def terms(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(workbench.terms, bench))

    async def add_term(request: Request) -> Response:
        source, target, kind, note = _term(await _body(request))
        return JSONResponse(await run_in_threadpool(workbench.add_term, bench, source, target, kind, note))

    async def change_term(request: Request) -> Response:
        body = await _body(request)
        source, target, kind, note = _term(body)
        changed = await run_in_threadpool(
            workbench.change_term, bench, source, target, kind, note, _base(body)
        )
        return JSONResponse(changed)

    async def remove_term(request: Request) -> Response:
        body = await _body(request)
        return JSONResponse(
            await run_in_threadpool(workbench.remove_term, bench, _text(body, "source"), _base(body))
        )

    routes = [
        Route("/", guarded(page)),
        Route("/api/documents", guarded(documents)),
        Route("/api/documents/{name}", guarded(document)),
        Route("/api/documents/{name}/sentences/{sentence}", guarded(save), methods=["POST"]),
        Route("/api/documents/{name}/matches/{sentence}", guarded(matches)),
        Route("/api/rebuild", guarded(rebuild), methods=["POST"]),
        Route("/files/{file}", guarded(english_file)),
        Route("/api/terms", guarded(terms)),
        Route("/api/terms/add", guarded(add_term), methods=["POST"]),
        Route("/api/terms/change", guarded(change_term), methods=["POST"]),
        Route("/api/terms/remove", guarded(remove_term), methods=["POST"]),
    ]
    app = Starlette(routes=routes, exception_handlers={404: _not_found, 405: _not_allowed})
    return Guard(app, token, hosts)


def guarded(handler: Handler) -> Handler:
    """The handler, with songngu's errors turned into one line of JSON and a 4xx status."""

    async def run(request: Request) -> Response:
        try:
            return await handler(request)
        except NotFound as error:
            return JSONResponse({"error": str(error)}, status_code=404)
        except NeedsConfirmation as error:
            return JSONResponse({"error": str(error), "confirm": error.warnings}, status_code=428)
        except Busy:
            return JSONResponse({"error": BUSY_ON_THE_PAGE}, status_code=409)
        except ChangedOnDisk:
            return JSONResponse({"error": CHANGED_ON_THE_PAGE}, status_code=409)
        except Conflict as error:
            return JSONResponse({"error": str(error)}, status_code=409)
        except TooLarge as error:
            return JSONResponse({"error": str(error)}, status_code=413)
        except SongnguError as error:
            return JSONResponse({"error": str(error)}, status_code=400)

    return run


async def _not_found(request: Request, exc: Exception) -> Response:
    return JSONResponse({"error": f"no such page: {request.url.path}"}, status_code=404)


async def _not_allowed(request: Request, exc: Exception) -> Response:
    return JSONResponse({"error": f"{request.method} is not allowed on {request.url.path}"}, status_code=405)


async def _body(request: Request) -> dict[str, Any]:
    """The request's JSON object; a body over ``MAX_BODY`` is refused as soon as that is known."""
    too_large = TooLarge(f"request too large (over {MAX_BODY} bytes); a sentence or a term is far smaller")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise too_large  # said so up front: not one byte of it is read
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():  # chunked, or a Content-Length that lies
        size += len(chunk)
        if size > MAX_BODY:
            raise too_large
        chunks.append(chunk)
    data = b"".join(chunks)
    try:
        body = json.loads(data or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise SongnguError("the request body is not JSON") from None
    except RecursionError:  # brackets nested deeper than the parser goes: no page sends that
        raise SongnguError("the request body is nested too deeply; send a flat JSON object") from None
    if not isinstance(body, dict):
        raise SongnguError("the request body must be a JSON object")
    return body


def _text(body: dict[str, Any], key: str, default: str | None = None) -> str:
    value = body.get(key, default)
    if not isinstance(value, str):
        raise SongnguError(f"'{key}' must be a string")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # JSON's "\ud800" alone: no file can hold it
        raise SongnguError(
            f"'{key}' holds half of a surrogate pair, which is not text; send UTF-8 text"
        ) from None
    return value


def _term(body: dict[str, Any]) -> tuple[str, str, str, str]:
    """A term's fields as the glossary form sends them: source, English, kind and note."""
    return _text(body, "source"), _text(body, "target"), _text(body, "kind"), _text(body, "note", "")


def _base(body: dict[str, Any]) -> TermBase | None:
    """The term as the page showed it (``base``), if the page sent it."""
    base = body.get("base")
    if base is None:
        return None
    if not isinstance(base, dict):
        raise SongnguError("'base' must be an object with target, kind and note")
    return TermBase(_text(base, "target"), _text(base, "kind"), _text(base, "note", ""))


def allowed_hosts(host: str, port: int) -> set[str]:
    """The Host headers a browser sends for this server: the address it listens on, and localhost."""
    names = {host}
    if host in ("127.0.0.1", "localhost", "::1"):
        names |= {"127.0.0.1", "localhost", "[::1]"}
    return {f"{name}:{port}" for name in names}


# Seconds a connection may stay open with no request in flight: uvicorn's keep-alive timeout,
# from the moment the connection opens (uvicorn starts it only after a first response, so a
# connection that never sent a request was never closed).
IDLE_SECONDS = 5


def server_config(app: ASGIApp) -> Any:
    """uvicorn's settings for the workbench: quiet, no lifespan, idle connections closed."""
    import uvicorn
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class ClosesIdleConnections(H11Protocol):
        def connection_made(self, transport: Any) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self.timeout_keep_alive_task = self.loop.call_later(
                self.timeout_keep_alive, self.timeout_keep_alive_handler
            )

    return uvicorn.Config(
        app,
        http=ClosesIdleConnections,
        timeout_keep_alive=IDLE_SECONDS,
        log_level="warning",
        access_log=False,
        lifespan="off",
    )
