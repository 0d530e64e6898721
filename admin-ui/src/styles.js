// The few styles wp-admin's own classes do not cover (layout of cards, counts, progress bars).
// Colours and spacing follow wp-admin's palette so the page looks native.
const CSS = `
.mvsync-app [hidden] { display: none !important; }
.mvsync-app .card.mvsync-card { max-width: none; margin-top: 12px; }
.mvsync-app .mvsync-top { display: grid; grid-template-columns: minmax(300px, 1fr) minmax(300px, 1fr); gap: 16px; align-items: start; }
.mvsync-app .mvsync-job-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 0 16px; }
.mvsync-app .mvsync-job h3 { margin: 0.5em 0; }
.mvsync-app .mvsync-progress-row { display: flex; align-items: center; gap: 8px; }
.mvsync-app progress.mvsync-progress { flex: 1; height: 18px; accent-color: #2271b1; }
.mvsync-app .mvsync-job[data-state="failed"] progress { accent-color: #d63638; }
.mvsync-app .mvsync-job[data-state="done"] progress { accent-color: #00a32a; }
.mvsync-app .mvsync-figures-line { color: #50575e; margin: 4px 0; min-height: 1.5em; }
.mvsync-app .mvsync-counts { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 8px; margin: 8px 0; }
.mvsync-app .mvsync-counts p { grid-column: 1 / -1; margin: 0; }
.mvsync-app .mvsync-count { background: #fff; border: 1px solid #c3c4c7; box-shadow: 0 1px 1px rgba(0,0,0,.04); padding: 8px 12px; }
.mvsync-app .mvsync-count-value { display: block; font-size: 22px; line-height: 1.3; font-weight: 600; }
.mvsync-app .mvsync-count-label { color: #50575e; }
.mvsync-app .mvsync-count-dead[data-nonzero] .mvsync-count-value { color: #b32d2e; }
.mvsync-app .mvsync-error-text { color: #b32d2e; word-break: break-word; }
.mvsync-app .mvsync-compact th { padding: 6px 10px 6px 0; width: 9em; }
.mvsync-app .mvsync-compact td { padding: 6px 10px; }
.mvsync-app .mvsync-view { margin-top: 8px; }
.mvsync-app .subsubsub { float: none; margin: 8px 0 0; }
.mvsync-app pre.mvsync-json { background: #f6f7f7; border: 1px solid #dcdcde; padding: 8px 12px; overflow: auto; max-height: 24em; }
.mvsync-app .mvsync-level-error, .mvsync-app .mvsync-level-critical { color: #b32d2e; font-weight: 600; }
.mvsync-app .mvsync-level-warning { color: #996800; font-weight: 600; }
.mvsync-app .tablenav .search-box { float: right; margin: 0; }
@media (max-width: 960px) { .mvsync-app .mvsync-top { grid-template-columns: 1fr; } }
`;

export function injectStyles() {
  if (document.getElementById('mvsync-admin-styles')) return;
  const style = document.createElement('style');
  style.id = 'mvsync-admin-styles';
  style.textContent = CSS;
  document.head.appendChild(style);
}
