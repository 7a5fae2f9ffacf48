// Core entry point for hosts: choosing the engine endpoint and how it is reached (TLS files, the warning for plain tcp://).
export { resolveEndpoint, type Endpoint } from './engine/link/endpoint.js';
export { plainTcpWarning, tlsFromFlags, type EngineTls, type TlsFlags } from './engine/link/engine-tls.js';
