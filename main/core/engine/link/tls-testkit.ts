// Test helper: a CA, an engine certificate for 127.0.0.1 and a client certificate, made with openssl the way docker's TLS guide does.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestPki {
  /** DOCKER_CERT_PATH: ca.pem, cert.pem, key.pem (the client's). */
  certPath: string;
  /** The engine's certificate and key (signed by the CA, for IP 127.0.0.1), and the CA it trusts for clients. */
  server: { cert: Buffer; key: Buffer; ca: Buffer };
  /** A second, unrelated CA (a ca.pem that did not sign the engine's certificate). */
  otherCa: Buffer;
  dispose(): void;
}

const openssl = (dir: string, ...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function makeCa(dir: string, name: string): void {
  openssl(dir, 'req', '-x509', ...EC, '-keyout', `${name}-key.pem`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=berth test ${name}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
}

function issue(dir: string, name: string, subject: string, ext: string): void {
  fs.writeFileSync(path.join(dir, `${name}.cnf`), ext);
  openssl(dir, 'req', ...EC, '-keyout', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', subject);
  openssl(dir, 'x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', '2', '-sha256', '-extfile', `${name}.cnf`, '-out', `${name}-cert.pem`);
}

export function makeTestPki(): TestPki {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-pki-'));
  makeCa(dir, 'ca');
  makeCa(dir, 'other');
  issue(dir, 'server', '/CN=127.0.0.1', 'subjectAltName = IP:127.0.0.1\nextendedKeyUsage = serverAuth\n');
  issue(dir, 'client', '/CN=client', 'extendedKeyUsage = clientAuth\n');
  const certPath = path.join(dir, 'client');
  fs.mkdirSync(certPath, { mode: 0o700 });
  fs.copyFileSync(path.join(dir, 'ca.pem'), path.join(certPath, 'ca.pem'));
  fs.copyFileSync(path.join(dir, 'client-cert.pem'), path.join(certPath, 'cert.pem'));
  fs.copyFileSync(path.join(dir, 'client-key.pem'), path.join(certPath, 'key.pem'));
  const read = (f: string) => fs.readFileSync(path.join(dir, f));
  return {
    certPath,
    server: { cert: read('server-cert.pem'), key: read('server-key.pem'), ca: read('ca.pem') },
    otherCa: read('other.pem'),
    dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
