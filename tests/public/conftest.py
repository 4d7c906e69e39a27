from tests.handlers.conftest import World, _no_pdf, world  # noqa: F401
from tests.web.conftest import live  # noqa: F401
