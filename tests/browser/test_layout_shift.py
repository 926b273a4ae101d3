"""The main pages do not jump about while they load: cumulative layout shift stays
below 0.01 at phone and desktop sizes, measured with the Layout Instability API."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE

LIMIT = 0.01
PAGES = ["/", "/today/", "/quality-time/", "/trust/", "/insights/", "/settings/"]

# Every layout-shift entry of this document so far (buffered), plus any in the next
# half second; shifts right after input do not count, as in the CLS metric.
MEASURE = """() => new Promise((resolve) => {
  let total = 0;
  const shifts = [];
  const name = (node) => !node ? "?" : node.nodeName.toLowerCase()
    + (node.id ? "#" + node.id : "")
    + (typeof node.className === "string" && node.className
      ? "." + node.className.trim().split(/\\s+/).join(".") : "");
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) { continue; }
      total += entry.value;
      const nodes = (entry.sources || []).map((s) => name(s.node)).join(", ");
      shifts.push(entry.value.toFixed(4) + " " + nodes);
    }
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve({total, shifts}), 500);
})"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_main_pages_do_not_shift_while_loading(chromium, signed_in, viewport):
    size = "phone" if viewport == PHONE else "desktop"
    shifted = {}
    for path in PAGES:
        context = chromium.new_context(storage_state=signed_in.state, viewport=viewport)
        page = context.new_page()
        response = page.goto(signed_in.url + path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
        assert page.evaluate("PerformanceObserver.supportedEntryTypes.includes('layout-shift')")
        result = page.evaluate(MEASURE)
        print(f"cls {size} {path}: {result['total']:.4f} {result['shifts']}")
        if result["total"] >= LIMIT:
            shifted[path] = result
        context.close()
    assert shifted == {}, f"layout shift at {size} size: {shifted}"
