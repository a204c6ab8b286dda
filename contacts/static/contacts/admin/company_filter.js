// The change list's company filter: picking a company (or clearing it) reloads the list.
// A file, not an inline script, so that the Content-Security-Policy allows no inline scripts.
'use strict';
window.addEventListener('load', function () {
  var picker = document.getElementById('company-filter');
  if (!picker) {
    return;
  }
  django.jQuery(picker).on('change', function () {
    var url = new URL(window.location.href);
    var parameter = picker.dataset.parameter;
    url.searchParams.delete('p');
    if (this.value) {
      url.searchParams.set(parameter, this.value);
    } else {
      url.searchParams.delete(parameter);
    }
    window.location.href = url.toString();
  });
});
