// Notifications: failures stay until dismissed, information fades; announced to assistive technology.
import { useStore } from '../../store/index.js';

export function Toasts() {
  const toasts = useStore((s) => s.toasts);
  const dismiss = useStore((s) => s.dismiss);
  return (
    <div className="toasts" aria-live="polite" aria-label="Notifications">
      {toasts.map((t) => (
        <div key={t.id} className={`toast ${t.level}`} role={t.level === 'error' ? 'alert' : 'status'}>
          <div className="text">
            <div>{t.title}</div>
            {t.detail && t.detail !== t.title ? <div className="muted mono">{t.detail}</div> : null}
          </div>
          <button type="button" className="btn icon" aria-label="Dismiss notification" onClick={() => dismiss(t.id)}>
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
