// Runs before the first paint (a blocking classic script, allowed by the CSP as 'self'):
// applies the saved theme, so there is no flash, and restricts network access to this origin
// plus the configured AI provider's origin. The app keeps these two values in localStorage.
(function () {
  var boot = {};
  try { boot = JSON.parse(localStorage.getItem('upwork-researcher:boot') || '{}') || {}; } catch (e) { boot = {}; }
  var theme = boot.theme === 'dark' || boot.theme === 'light' ? boot.theme : 'system';
  document.documentElement.setAttribute('data-theme', theme);
  var origin = typeof boot.providerOrigin === 'string' && /^https?:\/\/[a-z0-9.\-]+(:\d+)?$/i.test(boot.providerOrigin) ? ' ' + boot.providerOrigin : '';
  var meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = "connect-src 'self'" + origin;
  document.head.appendChild(meta);
})();
