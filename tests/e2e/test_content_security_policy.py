"""The Content-Security-Policy in a real browser: an injected inline script does not run
(issue 14, item 16); the other journeys check that the policy blocks nothing the site uses."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.expects_csp_violation
def test_an_injected_inline_script_does_not_run(
    archive_db: None, live_server: Any, page: Any, csp_violations: list[str]
) -> None:
    """The catalog page as served, its headers kept, with an inline script slipped in."""

    def inject(route: Any) -> None:
        response = route.fetch()
        body = response.text().replace(
            "</main>", "<script>document.title = 'pwned'; window.ran = 1;</script></main>"
        )
        route.fulfill(response=response, body=body)

    page.route(live_server.url + "/", inject)
    page.goto(live_server.url + "/")
    assert page.evaluate("window.ran") is None
    assert page.title() != "pwned"
    assert any("script-src" in message for message in csp_violations)
