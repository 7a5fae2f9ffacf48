// The idle reference of benchmark 9: a Node process under the same loader that does nothing.
setInterval(() => undefined, 1 << 30);
process.stdout.write('ready\n');
