// The print view's "Cetak" button: opens the browser's print dialog (A4 layout in review.css).
for (const button of document.querySelectorAll('[data-action="print"]')) {
  button.addEventListener('click', () => window.print());
}
