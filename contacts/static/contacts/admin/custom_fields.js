// The custom-fields widget's "Add a field" button: a copy of the last row, emptied.
// A file, not an inline script, so that the Content-Security-Policy allows no inline scripts.
'use strict';
document.addEventListener('click', function (event) {
  var button = event.target.closest('[data-add-row]');
  if (!button) {
    return;
  }
  var body = document.getElementById(button.dataset.addRow).querySelector('tbody');
  var row = body.querySelector('tr:last-child').cloneNode(true);
  row.querySelectorAll('input').forEach(function (input) { input.value = ''; });
  row.querySelector('select').value = 'text';
  body.appendChild(row);
});
