// Clicking a box marked data-select-on-click selects its text, ready to copy (a new API token).
'use strict';
document.addEventListener('click', function (event) {
  if (event.target.matches('[data-select-on-click]')) {
    event.target.select();
  }
});
