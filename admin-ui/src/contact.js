// When Megaventory last answered this browser (the page's checks and the background drainer).
const LAST_CONTACT_KEY = 'mvsync.lastContact';

export function rememberContact() {
  try { localStorage.setItem(LAST_CONTACT_KEY, String(Date.now())); } catch (error) { /* storage disabled */ }
}

export function lastContactTime() {
  try { return Number(localStorage.getItem(LAST_CONTACT_KEY)) || null; } catch (error) { return null; }
}
