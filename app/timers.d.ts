// The timer functions every runtime of app/ has (browser, Node, Electron), declared without DOM or Node types.
declare function setTimeout(cb: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
