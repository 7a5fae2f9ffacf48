// A container's logs: streamed into a LogBuffer, drawn virtualised; follows the end, pauses when scrolled up, search, timestamps, download.
import { memo, useCallback, useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { parseAnsi, type AnsiStyle } from '../../lib/ansi.js';
import { client } from '../../transport/index.js';
import { useFixedRows } from './fixedRows.js';
import { LogBuffer, shortTime, splitMatches } from './LogBuffer.js';

const ROW = 18;
/** Characters of one line drawn; the rest is kept (search, download) but not laid out. */
const MAX_DRAWN = 200_000;

function css(s: AnsiStyle): CSSProperties | undefined {
  if (!s.fg && !s.bg && !s.bold && !s.dim && !s.italic && !s.underline) return undefined;
  return {
    color: s.fg,
    background: s.bg,
    fontWeight: s.bold ? 700 : undefined,
    opacity: s.dim ? 0.7 : undefined,
    fontStyle: s.italic ? 'italic' : undefined,
    textDecoration: s.underline ? 'underline' : undefined,
  };
}

const Line = memo(function Line({ text, ts, stderr, showTs, query, current, top }: { text: string; ts: string | undefined; stderr: boolean; showTs: boolean; query: string; current: boolean; top: number }) {
  const drawn = text.length > MAX_DRAWN ? text.slice(0, MAX_DRAWN) : text;
  const segs = parseAnsi(drawn);
  return (
    <div className={`logline${stderr ? ' stderr' : ''}`} style={{ transform: `translateY(${top}px)` }} data-current={current || undefined}>
      {showTs && ts ? <span className="ts">{shortTime(ts)}</span> : null}
      {segs.map((s, i) => (
        <span key={i} style={css(s.style)}>
          {query
            ? splitMatches(s.text, query).map((p, j) =>
                p.match ? (
                  <mark key={j} className={current ? 'current' : undefined}>
                    {p.text}
                  </mark>
                ) : (
                  p.text
                ),
              )
            : s.text}
        </span>
      ))}
      {text.length > MAX_DRAWN ? <span className="muted"> … {(text.length - MAX_DRAWN).toLocaleString()} more characters (in the download)</span> : null}
    </div>
  );
});

export interface LogViewProps {
  id: string;
  name: string;
  running: boolean;
}

export function LogView({ id, name, running }: LogViewProps) {
  const buf = useMemo(() => new LogBuffer(), []);
  const [version, setVersion] = useState(0);
  const [follow, setFollow] = useState(true);
  const [showTs, setShowTs] = useState(false);
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<number[]>([]);
  const [at, setAt] = useState(0);
  const [ended, setEnded] = useState<string | undefined>();
  const scroller = useRef<HTMLDivElement>(null);
  /** Where the view last scrolled itself; a scroll elsewhere is the person's. */
  const autoTop = useRef<number | undefined>(undefined);
  const frame = useRef(0);

  const schedule = useCallback(() => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      setVersion(buf.version);
    });
  }, [buf]);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  // The stream: all lines then follow; reopened from the last timestamp when the container starts again.
  useEffect(() => {
    const since = buf.lastTs;
    setEnded(undefined);
    const h = client().containers.logs(
      { id, follow: true, timestamps: true, ...(since ? { since } : {}) },
      {
        onData: (lines) => {
          buf.append(since ? lines.filter((l) => !l.ts || l.ts > since) : lines);
          schedule();
        },
        onEnd: (_r, err) => setEnded(err ? err.message : running ? 'The log stream ended.' : 'The container is not running; the log ends here.'),
      },
    );
    return () => h.close();
  }, [id, running, buf, schedule]);

  // Rows are a fixed height, so the window is computed from scrollTop: O(rows on screen) per frame, not O(lines).
  const rows = useFixedRows(scroller, buf.length, ROW, 20);

  // Follow: keep the end in view as lines arrive.
  useEffect(() => {
    const el = scroller.current;
    if (!follow || !el) return;
    // The person scrolled away since the view last moved itself (its scroll event may not have fired yet): pause, do not snap back.
    const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW * 1.5;
    if (autoTop.current !== undefined && Math.abs(el.scrollTop - autoTop.current) >= 2 && !atBottom) {
      autoTop.current = undefined;
      setFollow(false);
      return;
    }
    el.scrollTop = el.scrollHeight;
    autoTop.current = el.scrollTop;
  }, [version, follow]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW * 1.5;
    if (autoTop.current !== undefined && Math.abs(el.scrollTop - autoTop.current) < 2) return;
    autoTop.current = undefined;
    if (!atBottom && follow) setFollow(false);
    else if (atBottom && !follow) setFollow(true);
  };

  // Search: recomputed as the query changes (debounced) and as lines arrive.
  useEffect(() => {
    if (!query) {
      setMatches([]);
      return;
    }
    const t = setTimeout(() => setMatches(buf.search(query)), 120);
    return () => clearTimeout(t);
  }, [query, version, buf]);

  const goto = (n: number) => {
    if (matches.length === 0) return;
    const i = ((n % matches.length) + matches.length) % matches.length;
    setAt(i);
    setFollow(false);
    rows.scrollToIndex(matches[i] as number);
  };

  const download = () => {
    const blob = new Blob([buf.toText(showTs)], { type: 'text/plain;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `${name}.log`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const current = matches[at];
  return (
    <>
      <div className="toolbar" role="toolbar" aria-label="Log controls">
        <button type="button" className="btn" aria-pressed={follow} onClick={() => setFollow((f) => !f)}>
          {follow ? '● Following' : '❚❚ Paused — follow'}
        </button>
        <label className="check">
          <input type="checkbox" checked={showTs} onChange={(e) => setShowTs(e.target.checked)} />
          Timestamps
        </label>
        <input
          type="search"
          className="input"
          aria-label="Search logs"
          placeholder="Search logs"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setAt(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') goto(e.shiftKey ? at - 1 : at + 1);
          }}
          style={{ width: 220 }}
        />
        <button type="button" className="btn small" aria-label="Previous match" disabled={matches.length === 0} onClick={() => goto(at - 1)}>
          ↑
        </button>
        <button type="button" className="btn small" aria-label="Next match" disabled={matches.length === 0} onClick={() => goto(at + 1)}>
          ↓
        </button>
        <span className="muted" aria-live="polite">
          {query ? (matches.length ? `${at + 1} of ${matches.length.toLocaleString()}` : 'no match') : ''}
        </span>
        <span style={{ flex: 1 }} />
        <span className="muted" aria-label="Log line count">
          {buf.length.toLocaleString()} lines{buf.dropped ? ` (${buf.dropped.toLocaleString()} older dropped)` : ''}
        </span>
        <button type="button" className="btn" onClick={download}>
          Download
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => {
            buf.clear();
            setVersion(buf.version);
          }}
        >
          Clear
        </button>
      </div>
      {ended ? (
        <div className="muted" role="status">
          {ended}
        </div>
      ) : null}
      <div
        className="logs"
        ref={scroller}
        onScroll={onScroll}
        onWheel={(e) => {
          if (e.deltaY < 0 && follow) setFollow(false);
        }}
        onKeyDown={(e) => {
          if (follow && ['PageUp', 'ArrowUp', 'Home'].includes(e.key)) setFollow(false);
        }} role="log" aria-label={`Logs of ${name}`} tabIndex={0} data-version={version}>
        <div style={{ height: rows.total, position: 'relative', minWidth: '100%' }}>
          {Array.from({ length: rows.last - rows.first }, (_, k) => {
            const index = rows.first + k;
            const l = buf.line(index);
            return <Line key={index + buf.dropped} text={l.text} ts={l.ts} stderr={l.stderr} showTs={showTs} query={query} current={index === current} top={index * ROW} />;
          })}
        </div>
        {buf.length === 0 ? <div className="empty">{ended ?? 'Waiting for log lines…'}</div> : null}
      </div>
    </>
  );
}
