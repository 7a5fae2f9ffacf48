// Error boundaries: one around the page (it says what failed and reloads just that page; rail and top bar stay), the dock's, and the root's last resort.
import { Component, Fragment, type ErrorInfo, type ReactNode } from 'react';
import { isChunkLoadError, reportError, toError } from './reportError.js';
import { TestFault } from './TestFault.js';

interface PartProps {
  /** What the part is called in the message: "Images page", "dock". */
  what: string;
  /** The boundary starts over when this changes (another route). */
  resetKey: string;
  children: ReactNode;
}

interface PartState {
  error: Error | undefined;
  attempt: number;
  key: string;
}

/** One part of the window: a rendering error shows its own message in place of the part, the rest of the window works on. */
export class PartBoundary extends Component<PartProps, PartState> {
  override state: PartState = { error: undefined, attempt: 0, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<PartState> {
    return { error: toError(error) };
  }

  static getDerivedStateFromProps(props: PartProps, state: PartState): Partial<PartState> | null {
    return props.resetKey !== state.key ? { error: undefined, key: props.resetKey } : null;
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    reportError(this.props.what, error, info.componentStack);
  }

  private readonly retry = () => this.setState((s) => ({ error: undefined, attempt: s.attempt + 1 }));

  override render(): ReactNode {
    const { error, attempt } = this.state;
    const { what, children } = this.props;
    if (!error) {
      return (
        <Fragment key={attempt}>
          <TestFault what={what} />
          {children}
        </Fragment>
      );
    }
    const stale = isChunkLoadError(error);
    return (
      <section className="page" role="alert" aria-label={`The ${what} failed`}>
        <div className="empty">
          <h2 style={{ margin: '0 0 8px' }}>The {what} failed</h2>
          <p className="error-text mono" style={{ fontSize: 13 }}>{error.message || error.name}</p>
          <p>
            {stale
              ? 'Part of the window could not be loaded: Berth may have been updated or restarted. Reloading the window fetches it again.'
              : 'The rest of the window still works. The error went to Berth’s log (and to Export diagnostics).'}
          </p>
          <div className="rowline" style={{ justifyContent: 'center' }}>
            <button type="button" className="btn primary" onClick={this.retry}>
              Reload this {what.endsWith('page') ? 'page' : what}
            </button>
            <button type="button" className="btn" onClick={() => window.location.reload()}>
              Reload the window
            </button>
          </div>
        </div>
      </section>
    );
  }
}

/** The last resort around the whole window: without it, any rendering error leaves an empty grey page. */
export class RootBoundary extends Component<{ children: ReactNode }, { error: Error | undefined }> {
  override state: { error: Error | undefined } = { error: undefined };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: toError(error) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    reportError('window', error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <main className="empty" role="alert" aria-label="The window failed">
        <h1>Berth’s window failed</h1>
        <p className="error-text mono" style={{ fontSize: 13 }}>{error.message || error.name}</p>
        <p>Your containers are not affected. The error went to Berth’s log (and to Export diagnostics).</p>
        <button type="button" className="btn primary" onClick={() => window.location.reload()}>
          Reload the window
        </button>
      </main>
    );
  }
}
