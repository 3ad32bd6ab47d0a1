// E-Absen presensi: read the position for the hidden fields and keep the device token in localStorage.
// The form posts as a plain form; without this script it still posts (and the refusal explains why).
(function () {
  "use strict";
  var KEY = "terpadu.perangkat";

  function field(form, name) { return form.querySelector("input[name=" + name + "]"); }

  function keepDeviceToken(form) {
    var input = field(form, "device_token");
    if (!input) return;
    try {
      var stored = window.localStorage.getItem(KEY);
      if (stored && stored.length >= 20) input.value = stored; // the cookie may have been cleared
      else if (input.value) window.localStorage.setItem(KEY, input.value);
    } catch (e) { /* private mode: the cookie alone carries it */ }
  }

  function say(status, text, tone) {
    if (!status) return;
    status.textContent = text;
    status.className = "presensi-status" + (tone ? " " + tone : "");
  }

  function fill(form, position) {
    field(form, "latitude").value = position.coords.latitude.toFixed(6);
    field(form, "longitude").value = position.coords.longitude.toFixed(6);
    field(form, "accuracy").value = Math.round(position.coords.accuracy * 10) / 10;
  }

  function locate(form, status, then) {
    if (!navigator.geolocation) {
      say(status, "Peramban ini tidak dapat membaca lokasi.", "gagal");
      if (then) then();
      return;
    }
    say(status, "Membaca lokasi…");
    navigator.geolocation.getCurrentPosition(function (position) {
      fill(form, position);
      say(status, "Lokasi terbaca (akurasi ±" + Math.round(position.coords.accuracy) + " m).", "siap");
      if (then) then();
    }, function (error) {
      var text = error.code === 1
        ? "Akses lokasi ditolak. Izinkan akses lokasi untuk situs ini di pengaturan peramban."
        : "Lokasi belum terbaca. Nyalakan GPS, lalu coba lagi.";
      say(status, text, "gagal");
      if (then) then();
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 0 });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-device-form]").forEach(keepDeviceToken);
    var form = document.querySelector("form[data-presensi]");
    if (!form) return;
    var status = document.getElementById("status-lokasi");
    if (form.hasAttribute("data-needs-position")) locate(form, status, null);
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-sending") === "1") { event.preventDefault(); return; } // a double tap
      var ready = form.getAttribute("data-proceed") === "1" || field(form, "latitude").value;
      if (!form.hasAttribute("data-needs-position") || ready) {
        form.setAttribute("data-sending", "1");
        return;
      }
      // no position yet: read it, then post with the button that was pressed
      event.preventDefault();
      var submitter = event.submitter;
      locate(form, status, function () {
        form.setAttribute("data-proceed", "1");
        if (submitter && form.requestSubmit) form.requestSubmit(submitter); else form.submit();
      });
    });
  });
})();
