// The printable report's "Print" button (the console's CSP allows only same-origin scripts).
document.querySelector("[data-print]")?.addEventListener("click", () => window.print());
