// The admin shows times in the staff member's zone: the browser tells it in a cookie that
// crm/staff_timezone.py reads. A change of zone (travel) takes effect from the next page.
(function () {
  "use strict";
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone) {
    return;
  }
  var cookie = "staff_tz=" + encodeURIComponent(zone);
  if (document.cookie.split("; ").indexOf(cookie) === -1) {
    var secure = window.location.protocol === "https:" ? "; Secure" : "";
    document.cookie = cookie + "; path=/admin/; max-age=31536000; SameSite=Lax" + secure;
  }
})();
