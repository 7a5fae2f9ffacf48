// A container's logs: streamed into a LogBuffer, drawn virtualised once a frame; follows the end, pauses when scrolled up, search, timestamps, download.
import { memo, useCallback, useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { parseAnsi, type AnsiStyle } from '../../lib/ansi.js';
import { useStore } from '../../store/index.js';
import { client } from '../../transport/index.js';
import { useFixedRows } from './fixedRows.js';
import { LogBuffer, shortTime, splitMatches, type Found } from './LogBuffer.js';

const ROW = 18;
/** A log that keeps coming is drawn at most this often (every other frame): each draw lays out every row on screen anew. */
const DRAW_EVERY_MS = 30;
const SEARCH_DEBOUNCE_MS = 120;
const SEARCH_EVERY_MS = 250;
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
        <span key={i} style={css(s.style)} className={s.control ? 'ctl' : undefined} title={s.control ? 'control characters, shown instead of obeyed' : undefined}>
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
  const frame = useRef(0);
  const drawnAt = useRef(0);

  // Lines are appended as they arrive; the view draws what arrived in an animation frame, at most every DRAW_EVERY_MS.
  const schedule = useCallback(() => {
    if (frame.current) return;
    const draw = (t: number) => {
      if (t - drawnAt.current < DRAW_EVERY_MS) {
        frame.current = requestAnimationFrame(draw);
        return;
      }
      frame.current = 0;
      drawnAt.current = t;
      setVersion(buf.version);
    };
    frame.current = requestAnimationFrame(draw);
  }, [buf]);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  // The stream: all lines then follow; reopened from the last timestamp when the container starts again or the engine comes back.
  const epoch = useStore((s) => s.engineEpoch);
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
  }, [id, running, buf, schedule, epoch]);

  // Rows are a fixed height: the window, and while following the end, come from count * ROW, so a draw costs
  // O(rows on screen) and one layout, whatever the line count. Following, rows above the screen go at the next draw
  // anyway, so fewer are kept there.
  const rows = useFixedRows(scroller, buf.length, ROW, { overscan: follow ? 8 : 20, pinToEnd: follow });

  // A scroll that is not the view's own is the person's: away from the end pauses, back at the end follows again.
  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const top = el.scrollTop;
    if (rows.ownScroll(top)) return;
    const atBottom = rows.atEnd(top, ROW * 1.5);
    if (!atBottom && follow) setFollow(false);
    else if (atBottom && !follow) setFollow(true);
  };

  // Search: SEARCH_DEBOUNCE_MS after the query last changed, then on new lines at most every SEARCH_EVERY_MS, scanning
  // only the lines added since (lines arriving all the time must not keep putting the search off).
  const search = useRef<{ query: string; due: number; found?: Found }>({ query: '', due: 0 });
  useEffect(() => {
    const s = search.current;
    if (!query) {
      s.query = '';
      s.found = undefined;
      setMatches([]);
      return;
    }
    const now = performance.now();
    if (query !== s.query) {
      s.query = query;
      s.due = now + SEARCH_DEBOUNCE_MS;
    }
    const t = setTimeout(() => {
      s.due = performance.now() + SEARCH_EVERY_MS;
      s.found = buf.searchOn(s.found, query);
      setMatches(s.found.matches);
    }, Math.max(0, s.due - now));
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
            // Following, every row shows another line at each draw: rows keyed by place are updated, not replaced.
            return <Line key={follow ? k : index + buf.dropped} text={l.text} ts={l.ts} stderr={l.stderr} showTs={showTs} query={query} current={index === current} top={index * ROW} />;
          })}
        </div>
        {buf.length === 0 ? <div className="empty">{ended ?? 'Waiting for log lines…'}</div> : null}
      </div>
    </>
  );
}
