// Stands in for the VS Code webview host: acquireVsCodeApi records what the gallery posts, and
// the theme named in the page's query string is applied before the gallery script runs.
(function () {
  const params = new URLSearchParams(location.search);
  window.applyPreviewTheme(params.get('theme') || 'dark');

  window.__posted = [];
  // A test sets __initialState (addInitScript) to play a panel that becomes visible again.
  let state = window.__initialState;
  let acquired = false;
  window.acquireVsCodeApi = function () {
    if (acquired) {
      throw new Error('acquireVsCodeApi may only be called once');
    }
    acquired = true;
    return Object.freeze({
      postMessage(message) {
        // Structured-clone like the real channel, so nothing live leaks across.
        window.__posted.push(JSON.parse(JSON.stringify(message)));
      },
      getState() {
        return state;
      },
      setState(next) {
        state = JSON.parse(JSON.stringify(next));
        window.__savedState = state;
        return next;
      },
    });
  };
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
  });
  window.__hostSend = function (message) {
    window.postMessage(message, '*');
  };
})();
