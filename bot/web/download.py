"""`/x/{token}`: the single-use download of an access or portability export.

GET shows a page with a download button and consumes nothing (mail scanners follow links);
POST hands out the ZIP once and clears it. Used, expired or forged links get a page saying so.
"""

from __future__ import annotations

from datetime import datetime

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.register.downloads import LinkExpired, LinkUsed, open_download, peek
from bot.runtime import Runtime
from bot.runtime.tokens import TokenError
from bot.web import i18n
from bot.web.pages import error_page, language, render

i18n.add({
    "download_title": {"fi": "Tietojesi lataus", "sv": "Hämta dina uppgifter", "en": "Download your data"},
    "download_intro": {
        "fi": "Tiedosto sisältää pyytämäsi tiedot (ZIP: luettava HTML-asiakirja sekä JSON- ja "
              "CSV-tiedostot). "
              "Linkki toimii vain kerran: tallenna tiedosto turvalliseen paikkaan.",
        "sv": "Filen innehåller de uppgifter du begärde (ZIP: ett läsbart HTML-dokument samt JSON- och "
              "CSV-filer). Länken fungerar bara en gång: spara filen på ett säkert ställe.",
        "en": "The file holds the data you asked for (ZIP: a readable HTML document plus JSON and CSV "
              "files). The link works only once: save the file somewhere safe."},
    "download_button": {"fi": "Lataa tiedosto", "sv": "Hämta filen", "en": "Download the file"},
    "download_expires": {"fi": "Linkki vanhenee", "sv": "Länken går ut", "en": "The link expires"},
    "download_used": {"fi": "Tämä latauslinkki on jo käytetty. Jos tarvitset tiedot uudelleen, vastaa "
                            "saamaasi viestiin.",
                      "sv": "Den här länken har redan använts. Om du behöver uppgifterna igen, svara på "
                            "meddelandet du fick.",
                      "en": "This download link has already been used. If you need the data again, reply to "
                            "the message you received."},
    "download_expired": {"fi": "Tämä latauslinkki on vanhentunut. Vastaa saamaasi viestiin, niin lähetämme "
                               "uuden.",
                         "sv": "Den här länken har gått ut. Svara på meddelandet du fick så skickar "
                               "vi en ny.",
                         "en": "This download link has expired. Reply to the message you received and we "
                               "will send a new one."},
    "download_invalid": {"fi": "Latauslinkki ei kelpaa.", "sv": "Länken är ogiltig.",
                         "en": "This download link is not valid."},
})


def _error(request: Request, e: TokenError) -> Response:
    _ = i18n.translator(language(request))
    if isinstance(e, LinkUsed):
        return error_page(request, 410, _("download_used"))
    if isinstance(e, LinkExpired):
        return error_page(request, 410, _("download_expired"))
    return error_page(request, 404, _("download_invalid"))


def _peek(rt: Runtime, token: str) -> tuple[str, datetime]:
    with rt.db.session() as s:
        link = peek(s, rt, token)
        return link.filename, link.expires_at


def _take(rt: Runtime, token: str) -> tuple[str, bytes]:
    with rt.db.session() as s:
        return open_download(s, rt, token)


async def download_page(request: Request) -> Response:
    rt: Runtime = request.app.state.rt
    token = request.path_params["token"]
    try:
        filename, expires = await run_in_threadpool(_peek, rt, token)
    except TokenError as e:
        return _error(request, e)
    _ = i18n.translator(language(request))
    return render(request, "download.html", title=_("download_title"), filename=filename,
                  expires=expires, action=request.url.path)


async def download_file(request: Request) -> Response:
    rt: Runtime = request.app.state.rt
    try:
        filename, content = await run_in_threadpool(_take, rt, request.path_params["token"])
    except TokenError as e:
        return _error(request, e)
    return Response(content, media_type="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})


def routes() -> list[BaseRoute]:
    return [Route("/x/{token}", download_page, methods=["GET", "HEAD"]),
            Route("/x/{token}", download_file, methods=["POST"])]
