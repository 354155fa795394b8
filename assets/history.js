// Back and forward: dcc.Location only reports a URL that differs from its own last value, and
// the page writes the URL through a second Location, so the reading Location may never learn
// that the URL moved. Tell the app about every history move directly.
window.addEventListener("popstate", function () {
    if (window.dash_clientside && window.dash_clientside.set_props) {
        window.dash_clientside.set_props("history-store", {
            data: {search: window.location.search, at: Date.now()},
        });
    }
});
