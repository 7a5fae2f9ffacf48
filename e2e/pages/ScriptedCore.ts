// Stands in for the parts of the core this machine cannot serve (the VM, the desktop app's settings and diagnostics): the
// window's WebSocket to `berth serve` is routed through Playwright; requests on the scripted channels are answered here,
// everything else goes to the real core unchanged. Events can be pushed to the window as if the core sent them.
import type { Page, WebSocketRoute } from '@playwright/test';

export interface ScriptedError {
  code: string;
  message: string;
  detail?: string;
  field?: string;
}

export interface StreamIo {
  data(chunk: unknown): void;
  end(result?: unknown, err?: ScriptedError): void;
}
export interface ScriptedStream {
  write?(data: string): void;
  resize?(cols: number, rows: number): void;
  close?(): void;
}

export interface Script {
  /** channel -> answer (a value, or a promise); throw a ScriptedError to reject. */
  requests?: Record<string, (input: unknown) => unknown>;
  streams?: Record<string, (input: unknown, io: StreamIo) => ScriptedStream>;
}

type ClientMsg =
  | { t: 'req'; id: number; ch: string; in?: unknown }
  | { t: 'open'; sid: number; ch: string; in?: unknown }
  | { t: 'write'; sid: number; data: string }
  | { t: 'resize'; sid: number; cols: number; rows: number }
  | { t: 'close'; sid: number }
  | { t: 'ack' | 'sub' | 'unsub'; [k: string]: unknown };

export class ScriptedCore {
  private route: WebSocketRoute | undefined;
  private readonly streams = new Map<number, ScriptedStream>();
  /** Every scripted request, in order: [channel, input]. */
  readonly calls: [string, unknown][] = [];

  private constructor(private readonly script: Script) {}

  /** Routes the page's `/api` socket; call before `page.goto`. */
  static async install(page: Page, script: Script): Promise<ScriptedCore> {
    const core = new ScriptedCore(script);
    await page.routeWebSocket(/\/api(\?.*)?$/, (ws) => core.attach(ws));
    return core;
  }

  /** Sends an event to the window as the core would. */
  emit(ch: string, payload: unknown): void {
    this.route?.send(JSON.stringify({ t: 'evt', ch, payload }));
  }

  callsTo(ch: string): unknown[] {
    return this.calls.filter(([c]) => c === ch).map(([, i]) => i);
  }

  private attach(ws: WebSocketRoute): void {
    this.route = ws;
    const server = ws.connectToServer();
    server.onMessage((m) => ws.send(m));
    ws.onMessage((raw) => {
      const text = typeof raw === 'string' ? raw : raw.toString();
      let m: ClientMsg;
      try {
        m = JSON.parse(text) as ClientMsg;
      } catch {
        server.send(raw);
        return;
      }
      if (m.t === 'req' && this.script.requests?.[m.ch]) {
        void this.answer(ws, m.id, m.ch, m.in);
        return;
      }
      const opener = m.t === 'open' ? this.script.streams?.[m.ch] : undefined;
      if (m.t === 'open' && opener) {
        const sid = m.sid;
        const io: StreamIo = {
          data: (chunk) => ws.send(JSON.stringify({ t: 'data', sid, chunk })),
          end: (result, err) => {
            this.streams.delete(sid);
            ws.send(JSON.stringify({ t: 'end', sid, ...(result !== undefined ? { result } : {}), ...(err ? { err } : {}) }));
          },
        };
        this.streams.set(sid, opener(m.in, io));
        return;
      }
      if ((m.t === 'write' || m.t === 'resize' || m.t === 'close' || m.t === 'ack') && typeof m.sid === 'number' && this.streams.has(m.sid)) {
        const s = this.streams.get(m.sid);
        if (m.t === 'write') s?.write?.(m.data as string);
        else if (m.t === 'resize') s?.resize?.(m.cols as number, m.rows as number);
        else if (m.t === 'close') {
          this.streams.delete(m.sid);
          s?.close?.();
        }
        return;
      }
      server.send(raw);
    });
  }

  private async answer(ws: WebSocketRoute, id: number, ch: string, input: unknown): Promise<void> {
    this.calls.push([ch, input]);
    try {
      const out = await (this.script.requests?.[ch] as (i: unknown) => unknown)(input);
      ws.send(JSON.stringify({ t: 'res', id, ok: true, out }));
    } catch (e) {
      const err = e as Partial<ScriptedError>;
      ws.send(JSON.stringify({ t: 'res', id, ok: false, err: { code: err.code ?? 'INTERNAL', message: err.message ?? String(e), ...(err.detail ? { detail: err.detail } : {}), ...(err.field ? { field: err.field } : {}) } }));
    }
  }
}
